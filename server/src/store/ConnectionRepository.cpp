// ConnectionRepository.cpp — connection requests between people, and blocks.
#include "store/ConnectionRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/UUIDGenerator.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

const std::string kColumns = "c.id, c.requester_id, c.addressee_id, c.state, c.note, c.created_at, c.updated_at";

std::string text(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? "" : rows.value(column, row).convert<std::string>();
}

std::vector<Connection> read(Poco::Data::Statement& select, bool withName) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<Connection> result;
    for (std::size_t row = 0; row < rows.rowCount(); ++row)
        result.push_back({text(rows, 0, row), text(rows, 1, row), text(rows, 2, row), text(rows, 3, row),
                          text(rows, 4, row), text(rows, 5, row), text(rows, 6, row),
                          withName ? text(rows, 7, row) : ""});
    return result;
}

std::optional<Connection> livePair(Poco::Data::Session& session, const std::string& first, const std::string& second) {
    std::string a = first, b = second;
    Poco::Data::Statement select(session);
    select << "SELECT " + kColumns +
                  " FROM connections c WHERE c.state IN ('pending', 'accepted') AND "
                  "((c.requester_id = $1 AND c.addressee_id = $2) OR (c.requester_id = $2 AND c.addressee_id = $1)) "
                  "ORDER BY c.created_at DESC",
        use(a), use(b);
    auto found = read(select, false);
    if (found.empty()) return std::nullopt;
    return found.front();
}

}  // namespace

PairStanding ConnectionRepository::standing(const std::string& first, const std::string& second) {
    Poco::Data::Session session = database_.session();
    PairStanding result;
    result.live = livePair(session, first, second);
    std::string a = first, b = second;
    std::vector<std::string> blockers;
    session << "SELECT blocker_id FROM blocks WHERE (blocker_id = $1 AND blocked_id = $2) OR "
               "(blocker_id = $2 AND blocked_id = $1)",
        use(a), use(b), into(blockers), now;
    for (const auto& blocker : blockers) {
        if (blocker == first) result.firstBlockedSecond = true;
        else result.secondBlockedFirst = true;
    }
    return result;
}

RequestOutcome ConnectionRepository::request(const std::string& requesterId, const std::string& addresseeId,
                                             const std::string& note, Connection& result) {
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    // Both rows in id order, so two requests of one pair lock in the same order.
    std::string low = std::min(requesterId, addresseeId), high = std::max(requesterId, addresseeId);
    session << "UPDATE users SET updated_at = updated_at WHERE id = $1", use(low), now;
    session << "UPDATE users SET updated_at = updated_at WHERE id = $1", use(high), now;
    if (const auto live = livePair(session, requesterId, addresseeId)) {
        result = *live;
        if (live->state == "accepted") return RequestOutcome::AlreadyConnected;
        return live->requesterId == requesterId ? RequestOutcome::AlreadyPending : RequestOutcome::TheyAsked;
    }
    result = {Poco::UUIDGenerator::defaultGenerator().createRandom().toString(), requesterId, addresseeId, "pending",
              note, utcNow(), "", ""};
    result.updatedAt = result.createdAt;
    session << "INSERT INTO connections (id, requester_id, addressee_id, state, note, created_at, updated_at) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        use(result.id), use(result.requesterId), use(result.addresseeId), use(result.state), use(result.note),
        use(result.createdAt), use(result.updatedAt), now;
    transaction.commit();
    return RequestOutcome::Created;
}

int ConnectionRepository::requestsSince(const std::string& requesterId, const std::string& since, std::string& oldest) {
    std::string id = requesterId, from = since;
    int count = 0;
    Poco::Nullable<std::string> first;
    Poco::Data::Session session = database_.session();
    session << "SELECT COUNT(*), MIN(created_at) FROM connections WHERE requester_id = $1 AND created_at >= $2",
        use(id), use(from), into(count), into(first), now;
    oldest = first.isNull() ? "" : first.value();
    return count;
}

std::optional<Connection> ConnectionRepository::findById(const std::string& id) {
    std::string key = id;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT " + kColumns + " FROM connections c WHERE c.id = $1", use(key);
    auto found = read(select, false);
    if (found.empty()) return std::nullopt;
    return found.front();
}

bool ConnectionRepository::transition(const std::string& id, const std::string& from, const std::string& to) {
    std::string next = to, at = utcNow(), key = id, current = from;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Statement update(transaction.session());
    update << "UPDATE connections SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4", use(next), use(at),
        use(key), use(current);
    const bool changed = update.execute() == 1;
    transaction.commit();
    return changed;
}

std::vector<Connection> ConnectionRepository::list(const std::string& userId, ConnectionFilter filter,
                                                   const std::string& afterUpdated, const std::string& afterId,
                                                   int limit) {
    std::string user = userId, updated = afterUpdated, after = afterId;
    Poco::Int64 max = limit;
    std::string where;
    switch (filter) {
        case ConnectionFilter::Accepted:
            where = "c.state = 'accepted' AND (c.requester_id = $1 OR c.addressee_id = $1)";
            break;
        case ConnectionFilter::Incoming: where = "c.state = 'pending' AND c.addressee_id = $1"; break;
        case ConnectionFilter::Outgoing: where = "c.state = 'pending' AND c.requester_id = $1"; break;
    }
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    const std::string sql = "SELECT " + kColumns +
                            ", u.name FROM connections c JOIN users u ON u.id = CASE WHEN c.requester_id = $1 "
                            "THEN c.addressee_id ELSE c.requester_id END WHERE " + where;
    if (afterId.empty()) {
        select << sql + " ORDER BY c.updated_at DESC, c.id DESC LIMIT $2", use(user), use(max);
    } else {
        select << sql + " AND (c.updated_at < $2 OR (c.updated_at = $2 AND c.id < $3)) "
                        "ORDER BY c.updated_at DESC, c.id DESC LIMIT $4",
            use(user), use(updated), use(after), use(max);
    }
    return read(select, true);
}

bool ConnectionRepository::block(const std::string& blockerId, const std::string& blockedId) {
    std::string blocker = blockerId, blocked = blockedId, at = utcNow();
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    Poco::Data::Statement insert(session);
    insert << "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        use(blocker), use(blocked), use(at);
    const bool added = insert.execute() == 1;
    session << "UPDATE connections SET state = CASE WHEN state = 'accepted' THEN 'removed' "
               "WHEN requester_id = $1 THEN 'withdrawn' ELSE 'declined' END, updated_at = $2 "
               "WHERE state IN ('pending', 'accepted') AND ((requester_id = $1 AND addressee_id = $3) OR "
               "(requester_id = $3 AND addressee_id = $1))",
        use(blocker), use(at), use(blocked), now;
    transaction.commit();
    return added;
}

bool ConnectionRepository::unblock(const std::string& blockerId, const std::string& blockedId) {
    std::string blocker = blockerId, blocked = blockedId;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Statement remove(transaction.session());
    remove << "DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2", use(blocker), use(blocked);
    const bool removed = remove.execute() == 1;
    transaction.commit();
    return removed;
}

std::vector<BlockedPerson> ConnectionRepository::blocksOf(const std::string& blockerId) {
    std::string blocker = blockerId;
    std::vector<std::string> ids, names, times;
    Poco::Data::Session session = database_.session();
    session << "SELECT b.blocked_id, u.name, b.created_at FROM blocks b JOIN users u ON u.id = b.blocked_id "
               "WHERE b.blocker_id = $1 ORDER BY b.created_at, b.blocked_id",
        use(blocker), into(ids), into(names), into(times), now;
    std::vector<BlockedPerson> result;
    for (std::size_t i = 0; i < ids.size(); ++i) result.push_back({ids[i], names[i], times[i]});
    return result;
}

}  // namespace rotunda::store
