// PartnershipRepository.cpp — which schools each facility works with.
#include "store/PartnershipRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

std::vector<Partnership> read(Poco::Data::Statement& query) {
    query.execute();
    Poco::Data::RecordSet rows(query);
    std::vector<Partnership> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        const auto text = [&](std::size_t column) {
            return rows.value(column, row).isEmpty() ? std::string() : rows.value(column, row).convert<std::string>();
        };
        found.push_back({text(0), text(1), text(2), text(3), text(4), text(5), text(6)});
    }
    return found;
}

const char* const kColumns = "SELECT facility_id, school_id, state, invitation_id, created_by, created_at, ended_at "
                             "FROM partnerships ";

}  // namespace

std::optional<Partnership> PartnershipRepository::find(const std::string& facilityId, const std::string& schoolId) {
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement query(session);
    std::string f = facilityId, s = schoolId;
    query << std::string(kColumns) + "WHERE facility_id = $1 AND school_id = $2", use(f), use(s);
    auto found = read(query);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<Partnership> PartnershipRepository::listFor(const std::string& organizationId, bool activeOnly) {
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement query(session);
    std::string a = organizationId, b = organizationId;
    query << std::string(kColumns) + "WHERE (facility_id = $1 OR school_id = $2)" +
                 (activeOnly ? " AND state = 'active'" : "") +
                 " ORDER BY CASE state WHEN 'active' THEN 0 ELSE 1 END, created_at, facility_id, school_id",
        use(a), use(b);
    return read(query);
}

bool PartnershipRepository::link(const std::string& facilityId, const std::string& schoolId, const std::string& userId,
                                 const std::string& invitationId) {
    std::string f = facilityId, s = schoolId, by = userId, at = utcNow();
    Poco::Nullable<std::string> invitation;
    if (!invitationId.empty()) invitation = invitationId;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    std::string state;
    session << "SELECT state FROM partnerships WHERE facility_id = $1 AND school_id = $2", use(f), use(s), into(state),
        now;
    if (state == "active") return false;
    if (state.empty()) {
        session << "INSERT INTO partnerships (facility_id, school_id, state, invitation_id, created_by, created_at) "
                   "VALUES ($1, $2, 'active', $3, $4, $5)",
            use(f), use(s), use(invitation), use(by), use(at), now;
    } else {
        session << "UPDATE partnerships SET state = 'active', invitation_id = $1, created_by = $2, created_at = $3, "
                   "ended_by = NULL, ended_at = NULL WHERE facility_id = $4 AND school_id = $5",
            use(invitation), use(by), use(at), use(f), use(s), now;
    }
    transaction.commit();
    return true;
}

bool PartnershipRepository::end(const std::string& facilityId, const std::string& schoolId, const std::string& userId) {
    std::string by = userId, at = utcNow(), f = facilityId, s = schoolId;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Statement update(transaction.session());
    update << "UPDATE partnerships SET state = 'ended', ended_by = $1, ended_at = $2 "
              "WHERE facility_id = $3 AND school_id = $4 AND state = 'active'",
        use(by), use(at), use(f), use(s);
    const bool ended = update.execute() > 0;
    transaction.commit();
    return ended;
}

std::vector<std::string> PartnershipRepository::openAgreements(const std::string& facilityId,
                                                               const std::string& schoolId) {
    std::string f = facilityId, s = schoolId;
    std::vector<std::string> ids;
    Poco::Data::Session session = database_.session();
    session << "SELECT id FROM agreements WHERE facility_id = $1 AND school_id = $2 AND state IN ('pending', 'active') "
               "ORDER BY start_date, id",
        use(f), use(s), into(ids), now;
    return ids;
}

}  // namespace rotunda::store
