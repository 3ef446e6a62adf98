// MessageRepository.cpp — message threads, messages and read markers.
#include "store/MessageRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <limits>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

std::string text(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? "" : rows.value(column, row).convert<std::string>();
}

std::int64_t number(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? 0 : rows.value(column, row).convert<Poco::Int64>();
}

/// The columns of a thread seen by tm.user_id.
const std::string kThreadColumns =
    "t.id, tm.other_id, u.name, t.created_at, t.last_message_at, tm.last_read_id, "
    "(SELECT COUNT(*) FROM messages x WHERE x.thread_id = t.id AND x.id > tm.last_read_id "
    "AND x.sender_id <> tm.user_id) FROM thread_members tm JOIN message_threads t ON t.id = tm.thread_id "
    "JOIN users u ON u.id = tm.other_id";

}  // namespace

std::optional<std::string> MessageRepository::threadBetween(const std::string& first, const std::string& second,
                                                            bool create) {
    std::string a = first, b = second;
    std::vector<std::string> found;
    {
        Poco::Data::Session session = database_.session();
        session << "SELECT thread_id FROM thread_members WHERE user_id = $1 AND other_id = $2 ORDER BY thread_id",
            use(a), use(b), into(found), now;
    }
    if (!found.empty()) return found.front();
    if (!create) return std::nullopt;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    std::string low = std::min(a, b), high = std::max(a, b);
    session << "UPDATE users SET updated_at = updated_at WHERE id = $1", use(low), now;
    session << "UPDATE users SET updated_at = updated_at WHERE id = $1", use(high), now;
    session << "SELECT thread_id FROM thread_members WHERE user_id = $1 AND other_id = $2 ORDER BY thread_id", use(a),
        use(b), into(found), now;
    if (!found.empty()) return found.front();
    std::string id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString(), at = utcNow();
    session << "INSERT INTO message_threads (id, created_at, last_message_at) VALUES ($1, $2, $3)", use(id), use(at),
        use(at), now;
    session << "INSERT INTO thread_members (thread_id, user_id, other_id) VALUES ($1, $2, $3)", use(id), use(a), use(b),
        now;
    session << "INSERT INTO thread_members (thread_id, user_id, other_id) VALUES ($1, $2, $3)", use(id), use(b), use(a),
        now;
    transaction.commit();
    return id;
}

std::vector<std::string> MessageRepository::peopleOf(const std::string& threadId) {
    std::string id = threadId;
    std::vector<std::string> people;
    Poco::Data::Session session = database_.session();
    session << "SELECT user_id FROM thread_members WHERE thread_id = $1 ORDER BY user_id", use(id), into(people), now;
    return people;
}

std::vector<Thread> MessageRepository::readThreads(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<Thread> threads;
    for (std::size_t row = 0; row < rows.rowCount(); ++row)
        threads.push_back({text(rows, 0, row), text(rows, 1, row), text(rows, 2, row), text(rows, 3, row),
                           text(rows, 4, row), number(rows, 5, row), static_cast<int>(number(rows, 6, row))});
    return threads;
}

std::optional<Thread> MessageRepository::thread(const std::string& threadId, const std::string& userId) {
    std::string id = threadId, user = userId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT " + kThreadColumns + " WHERE tm.thread_id = $1 AND tm.user_id = $2", use(id), use(user);
    auto found = readThreads(select);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<Thread> MessageRepository::threadsOf(const std::string& userId, const std::string& beforeAt,
                                                 const std::string& beforeId, int limit) {
    std::string user = userId, at = beforeAt, id = beforeId;
    Poco::Int64 max = limit;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    if (beforeId.empty()) {
        select << "SELECT " + kThreadColumns + " WHERE tm.user_id = $1 ORDER BY t.last_message_at DESC, t.id DESC LIMIT $2",
            use(user), use(max);
    } else {
        select << "SELECT " + kThreadColumns +
                      " WHERE tm.user_id = $1 AND (t.last_message_at < $2 OR (t.last_message_at = $2 AND t.id < $3)) "
                      "ORDER BY t.last_message_at DESC, t.id DESC LIMIT $4",
            use(user), use(at), use(id), use(max);
    }
    return readThreads(select);
}

int MessageRepository::unreadTotal(const std::string& userId) {
    std::string user = userId;
    int count = 0;
    Poco::Data::Session session = database_.session();
    session << "SELECT COUNT(*) FROM thread_members tm JOIN messages m ON m.thread_id = tm.thread_id "
               "AND m.id > tm.last_read_id AND m.sender_id <> tm.user_id WHERE tm.user_id = $1",
        use(user), into(count), now;
    return count;
}

Message MessageRepository::append(const std::string& threadId, const std::string& senderId, const std::string& body,
                                  const std::string& documentId) {
    Message message{0, threadId, senderId, body, documentId, utcNow()};
    Poco::Nullable<std::string> document;
    if (!documentId.empty()) document = documentId;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    Poco::Int64 id = 0;
    session << "INSERT INTO messages (thread_id, sender_id, body, document_id, created_at) VALUES ($1, $2, $3, $4, $5) "
               "RETURNING id",
        use(message.threadId), use(message.senderId), use(message.body), use(document), use(message.createdAt),
        into(id), now;
    message.id = id;
    session << "UPDATE message_threads SET last_message_at = $1 WHERE id = $2", use(message.createdAt),
        use(message.threadId), now;
    session << "UPDATE thread_members SET last_read_id = $1 WHERE thread_id = $2 AND user_id = $3", use(id),
        use(message.threadId), use(message.senderId), now;
    transaction.commit();
    return message;
}

std::vector<Message> MessageRepository::messages(const std::string& threadId, std::int64_t beforeId, int limit) {
    std::string id = threadId;
    Poco::Int64 before = beforeId > 0 ? beforeId : std::numeric_limits<Poco::Int64>::max(), max = limit;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT id, sender_id, body, COALESCE(document_id, ''), created_at FROM messages "
              "WHERE thread_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
        use(id), use(before), use(max);
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<Message> result;
    for (std::size_t row = 0; row < rows.rowCount(); ++row)
        result.push_back({number(rows, 0, row), threadId, text(rows, 1, row), text(rows, 2, row), text(rows, 3, row),
                          text(rows, 4, row)});
    return result;
}

std::int64_t MessageRepository::markRead(const std::string& threadId, const std::string& userId, std::int64_t upToId) {
    std::string id = threadId, user = userId;
    Poco::Int64 upTo = upToId;
    Poco::Int64 last = 0;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    session << "SELECT COALESCE(MAX(id), 0) FROM messages WHERE thread_id = $1", use(id), into(last), now;
    upTo = std::min(upTo, last);
    session << "UPDATE thread_members SET last_read_id = $1 WHERE thread_id = $2 AND user_id = $3 AND last_read_id < $1",
        use(upTo), use(id), use(user), now;
    Poco::Int64 marker = 0;
    session << "SELECT last_read_id FROM thread_members WHERE thread_id = $1 AND user_id = $2", use(id), use(user),
        into(marker), now;
    transaction.commit();
    return marker;
}

std::vector<UnmailedMessages> MessageRepository::unmailed() {
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT tm.thread_id, tm.user_id, r.email, r.name, r.status, s.name, COUNT(*), MAX(m.id) "
              "FROM thread_members tm JOIN messages m ON m.thread_id = tm.thread_id AND m.id > tm.notified_id "
              "AND m.id > tm.last_read_id AND m.sender_id <> tm.user_id "
              "JOIN users r ON r.id = tm.user_id JOIN users s ON s.id = tm.other_id "
              "GROUP BY tm.thread_id, tm.user_id, r.email, r.name, r.status, s.name ORDER BY tm.user_id, s.name";
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<UnmailedMessages> result;
    for (std::size_t row = 0; row < rows.rowCount(); ++row)
        result.push_back({text(rows, 0, row), text(rows, 1, row), text(rows, 2, row), text(rows, 3, row),
                          text(rows, 4, row), text(rows, 5, row), static_cast<int>(number(rows, 6, row)),
                          number(rows, 7, row)});
    return result;
}

bool MessageRepository::markMailed(const std::string& threadId, const std::string& recipientId, std::int64_t upToId) {
    std::string id = threadId, user = recipientId;
    Poco::Int64 upTo = upToId;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Statement update(transaction.session());
    update << "UPDATE thread_members SET notified_id = $1 WHERE thread_id = $2 AND user_id = $3 AND notified_id < $1",
        use(upTo), use(id), use(user);
    const bool changed = update.execute() == 1;
    transaction.commit();
    return changed;
}

}  // namespace rotunda::store
