// AuditRepository.cpp — the append-only record of who did what.
#include "store/AuditRepository.h"

#include <Poco/Data/RecordSet.h>

#include "store/Clock.h"

using namespace Poco::Data::Keywords;

namespace rotunda::store {

AuditEvent AuditRepository::append(AuditEvent event) {
    Poco::Data::Session session = database_.session();
    return append(session, std::move(event));
}

AuditEvent AuditRepository::append(Poco::Data::Session& session, AuditEvent event) {
    event.occurredAt = utcNow();
    Poco::Int64 id = 0;
    session << "INSERT INTO audit_events (occurred_at, actor_id, actor_name, action, record_type, "
               "record_id, remote_address, request_id, detail) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        use(event.occurredAt), use(event.actorId), use(event.actorName), use(event.action),
        use(event.recordType), use(event.recordId), use(event.remoteAddress), use(event.requestId),
        use(event.detail), into(id), now;
    event.id = id;
    return event;
}

std::vector<AuditEvent> AuditRepository::listForRecord(const std::string& recordType,
                                                       const std::string& recordId,
                                                       std::int64_t afterId, int limit) {
    Poco::Data::Session session = database_.session();
    std::string type = recordType;
    std::string record = recordId;
    Poco::Int64 after = afterId;
    Poco::Int64 max = limit;
    Poco::Data::Statement select(session);
    select << "SELECT id, occurred_at, actor_id, actor_name, action, record_type, record_id, "
              "remote_address, request_id, detail FROM audit_events "
              "WHERE record_type = $1 AND record_id = $2 AND id > $3 ORDER BY id LIMIT $4",
        use(type), use(record), use(after), use(max);
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<AuditEvent> events;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        AuditEvent event;
        event.id = rows.value(0, row).convert<Poco::Int64>();
        event.occurredAt = rows.value(1, row).convert<std::string>();
        event.actorId =
            rows.value(2, row).isEmpty() ? "" : rows.value(2, row).convert<std::string>();
        event.actorName = rows.value(3, row).convert<std::string>();
        event.action = rows.value(4, row).convert<std::string>();
        event.recordType = rows.value(5, row).convert<std::string>();
        event.recordId = rows.value(6, row).convert<std::string>();
        event.remoteAddress =
            rows.value(7, row).isEmpty() ? "" : rows.value(7, row).convert<std::string>();
        event.requestId =
            rows.value(8, row).isEmpty() ? "" : rows.value(8, row).convert<std::string>();
        event.detail = rows.value(9, row).convert<std::string>();
        events.push_back(std::move(event));
    }
    return events;
}

}  // namespace rotunda::store
