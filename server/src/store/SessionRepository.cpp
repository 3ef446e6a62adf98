// SessionRepository.cpp — signed-in browsers, stored by the hash of their token.
#include "store/SessionRepository.h"

#include <Poco/Data/RecordSet.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

const std::string kColumns =
    "id, token_hash, csrf_token, user_id, created_at, last_seen_at, expires_at, remote_address, user_agent";

std::vector<SessionRecord> rowsOf(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<SessionRecord> sessions;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        SessionRecord s;
        s.id = rows.value(0, row).convert<Poco::Int64>();
        s.tokenHash = rows.value(1, row).convert<std::string>();
        s.csrfToken = rows.value(2, row).convert<std::string>();
        s.userId = rows.value(3, row).convert<std::string>();
        s.createdAt = rows.value(4, row).convert<std::string>();
        s.lastSeenAt = rows.value(5, row).convert<std::string>();
        s.expiresAt = rows.value(6, row).convert<std::string>();
        s.remoteAddress = rows.value(7, row).convert<std::string>();
        s.userAgent = rows.value(8, row).convert<std::string>();
        sessions.push_back(std::move(s));
    }
    return sessions;
}

}  // namespace

SessionRecord SessionRepository::create(SessionRecord s) {
    Poco::Data::Session session = database_.session();
    return create(session, std::move(s));
}

SessionRecord SessionRepository::create(Poco::Data::Session& session, SessionRecord s) {
    Poco::Int64 id = 0;
    session << "INSERT INTO sessions (token_hash, csrf_token, user_id, created_at, last_seen_at, expires_at, "
               "remote_address, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        use(s.tokenHash), use(s.csrfToken), use(s.userId), use(s.createdAt), use(s.lastSeenAt), use(s.expiresAt),
        use(s.remoteAddress), use(s.userAgent), into(id), now;
    s.id = id;
    return s;
}

std::optional<SessionRecord> SessionRepository::findActive(const std::string& tokenHash, const std::string& now_,
                                                           const std::string& idleSince) {
    std::string hash = tokenHash, at = now_, idle = idleSince;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT " + kColumns + " FROM sessions WHERE token_hash = $1 AND expires_at > $2 AND last_seen_at > $3",
        use(hash), use(at), use(idle);
    std::vector<SessionRecord> found = rowsOf(select);
    if (found.empty()) return std::nullopt;
    return found.front();
}

void SessionRepository::touch(std::int64_t id, const std::string& now_) {
    Poco::Int64 key = id;
    std::string at = now_;
    Poco::Data::Session session = database_.session();
    session << "UPDATE sessions SET last_seen_at = $1 WHERE id = $2", use(at), use(key), now;
}

bool SessionRepository::remove(std::int64_t id, const std::string& userId) {
    Poco::Int64 key = id;
    std::string user = userId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement remove(session);
    remove << "DELETE FROM sessions WHERE id = $1 AND user_id = $2", use(key), use(user);
    return remove.execute() == 1;
}

int SessionRepository::removeAllForUser(const std::string& userId, std::int64_t keepId) {
    std::string user = userId;
    Poco::Int64 keep = keepId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement remove(session);
    remove << "DELETE FROM sessions WHERE user_id = $1 AND id <> $2", use(user), use(keep);
    return static_cast<int>(remove.execute());
}

std::vector<SessionRecord> SessionRepository::listForUser(const std::string& userId, const std::string& now_) {
    std::string user = userId, at = now_;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT " + kColumns + " FROM sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY id",
        use(user), use(at);
    return rowsOf(select);
}

}  // namespace rotunda::store
