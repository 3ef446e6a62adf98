// SessionRepository.h — signed-in browsers, stored by the hash of their token.
#pragma once

#include "store/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

/// One session. The token itself is never stored, only its SHA-256.
struct SessionRecord {
    std::int64_t id = 0;
    std::string tokenHash;
    std::string csrfToken;
    std::string userId;
    std::string createdAt;
    std::string lastSeenAt;
    std::string expiresAt;  ///< absolute expiry
    std::string remoteAddress;
    std::string userAgent;
};

class SessionRepository {
public:
    explicit SessionRepository(Database& database) : database_(database) {}

    SessionRecord create(SessionRecord session);
    /// The same, as part of `transaction` (with the audit event that goes with it).
    SessionRecord create(Poco::Data::Session& transaction, SessionRecord session);
    /// The session with this token hash if it has not expired: its absolute expiry
    /// is after `now` and it was last seen after `idleSince`.
    std::optional<SessionRecord> findActive(const std::string& tokenHash, const std::string& now,
                                            const std::string& idleSince);
    void touch(std::int64_t id, const std::string& now);
    /// Ends one session of `userId`; false when it has no such session.
    bool remove(std::int64_t id, const std::string& userId);
    /// Ends every session of `userId` except `keepId` (0 keeps none); returns how many ended.
    int removeAllForUser(const std::string& userId, std::int64_t keepId);
    std::vector<SessionRecord> listForUser(const std::string& userId, const std::string& now);

private:
    Database& database_;
};

}  // namespace rotunda::store
