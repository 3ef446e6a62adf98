// AuditRepository.h — the append-only record of who did what.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/Database.h"

namespace rotunda::store {

/// One audit event. `id` and `occurredAt` are set by append().
struct AuditEvent {
    std::int64_t id = 0;
    std::string occurredAt;
    std::string actorId;  ///< empty for the system itself
    std::string actorName;
    std::string action;  ///< "plugin.refused", "user.merged" …
    std::string recordType;
    std::string recordId;
    std::string remoteAddress;
    std::string requestId;
    std::string detail = "{}";  ///< JSON object; never secrets, never message bodies
};

/// Appends and lists audit events. There is no update and no delete.
class AuditRepository {
public:
    explicit AuditRepository(Database& database) : database_(database) {}

    /// Stores `event` and returns it with its id and time.
    AuditEvent append(AuditEvent event);
    /// The same, as part of `transaction`: the event is stored if and only if the
    /// change it records is.
    AuditEvent append(Poco::Data::Session& transaction, AuditEvent event);

    /// Events of one record, oldest first, with id greater than `afterId`
    /// (the cursor), at most `limit`.
    std::vector<AuditEvent> listForRecord(const std::string& recordType,
                                          const std::string& recordId, std::int64_t afterId,
                                          int limit);

private:
    Database& database_;
};

}  // namespace rotunda::store
