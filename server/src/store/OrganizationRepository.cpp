// OrganizationRepository.cpp — facilities, schools and their memberships.
#include "store/OrganizationRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Transaction.h>
#include <Poco/UUIDGenerator.h>

#include <utility>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

const std::string kColumns =
    "id, kind, name, org_type, address, phone, website, description, logo_document_id, created_at, updated_at, "
    "time_zone";

std::string text(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? "" : rows.value(column, row).convert<std::string>();
}

std::vector<Organization> organizations(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<Organization> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        Organization o;
        o.id = text(rows, 0, row);
        o.kind = text(rows, 1, row);
        o.name = text(rows, 2, row);
        o.orgType = text(rows, 3, row);
        o.address = text(rows, 4, row);
        o.phone = text(rows, 5, row);
        o.website = text(rows, 6, row);
        o.description = text(rows, 7, row);
        o.logoDocumentId = text(rows, 8, row);
        o.createdAt = text(rows, 9, row);
        o.updatedAt = text(rows, 10, row);
        o.timeZone = text(rows, 11, row);
        found.push_back(std::move(o));
    }
    return found;
}

Poco::Nullable<std::string> nullIfEmpty(const std::string& value) {
    return value.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(value);
}

}  // namespace

Organization OrganizationRepository::create(Organization o, const std::string& adminUserId) {
    o.id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    o.createdAt = o.updatedAt = utcNow();
    std::string admin = adminUserId, role = "admin", source = "manual";
    Poco::Nullable<std::string> logo = nullIfEmpty(o.logoDocumentId);
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    session << "INSERT INTO organizations (" + kColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        use(o.id), use(o.kind), use(o.name), use(o.orgType), use(o.address), use(o.phone), use(o.website),
        use(o.description), use(logo), use(o.createdAt), use(o.updatedAt), use(o.timeZone), now;
    if (!admin.empty())
        session << "INSERT INTO memberships (organization_id, user_id, role, source, created_at) "
                   "VALUES ($1, $2, $3, $4, $5)",
            use(o.id), use(admin), use(role), use(source), use(o.createdAt), now;
    transaction.commit();
    return o;
}

std::optional<Organization> OrganizationRepository::findById(const std::string& id) {
    std::string key = id;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT " + kColumns + " FROM organizations WHERE id = $1", use(key);
    auto found = organizations(select);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<Organization> OrganizationRepository::listForUser(const std::string& userId) {
    std::string key = userId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT DISTINCT o.id, o.kind, o.name, o.org_type, o.address, o.phone, o.website, o.description, "
              "o.logo_document_id, o.created_at, o.updated_at, o.time_zone FROM organizations o "
              "JOIN memberships m ON m.organization_id = o.id WHERE m.user_id = $1 ORDER BY o.name, o.id",
        use(key);
    return organizations(select);
}

int OrganizationRepository::count() {
    int total = 0;
    Poco::Data::Session session = database_.session();
    session << "SELECT COUNT(*) FROM organizations", into(total), now;
    return total;
}

bool OrganizationRepository::removeEmpty(const std::string& id) {
    std::string key = id;
    int references = 0;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    session << "SELECT (SELECT COUNT(*) FROM memberships WHERE organization_id = $1) + "
               "(SELECT COUNT(*) FROM partnerships WHERE school_id = $1 OR facility_id = $1)",
        use(key), into(references), now;
    if (references > 0) return false;
    session << "DELETE FROM invitations WHERE organization_id = $1", use(key), now;
    session << "DELETE FROM organizations WHERE id = $1", use(key), now;
    transaction.commit();
    return true;
}

void OrganizationRepository::updateProfile(const Organization& organization) {
    Organization o = organization;
    o.updatedAt = utcNow();
    Poco::Nullable<std::string> logo = nullIfEmpty(o.logoDocumentId);
    Poco::Data::Session session = database_.session();
    session << "UPDATE organizations SET name = $1, org_type = $2, address = $3, phone = $4, website = $5, "
               "description = $6, logo_document_id = $7, updated_at = $8, time_zone = $9 WHERE id = $10",
        use(o.name), use(o.orgType), use(o.address), use(o.phone), use(o.website), use(o.description), use(logo),
        use(o.updatedAt), use(o.timeZone), use(o.id), now;
}

std::vector<Membership> OrganizationRepository::membershipsOf(const std::string& userId) {
    std::string key = userId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT organization_id, user_id, role, source, created_at FROM memberships WHERE user_id = $1 "
              "ORDER BY organization_id, role",
        use(key);
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<Membership> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row)
        found.push_back({text(rows, 0, row), text(rows, 1, row), text(rows, 2, row), text(rows, 3, row),
                         text(rows, 4, row)});
    return found;
}

bool OrganizationRepository::addMembership(Membership m) {
    Poco::Data::Session session = database_.session();
    return addMembership(session, std::move(m));
}

bool OrganizationRepository::addMembership(Poco::Data::Session& session, Membership m) {
    m.createdAt = utcNow();
    Poco::Data::Statement insert(session);
    insert << "INSERT INTO memberships (organization_id, user_id, role, source, created_at) "
              "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        use(m.organizationId), use(m.userId), use(m.role), use(m.source), use(m.createdAt);
    return insert.execute() == 1;
}

bool OrganizationRepository::removeMembership(const std::string& organizationId, const std::string& userId,
                                              const std::string& role, const std::string& source) {
    Poco::Data::Session session = database_.session();
    return removeMembership(session, organizationId, userId, role, source);
}

bool OrganizationRepository::removeMembership(Poco::Data::Session& session, const std::string& organizationId,
                                              const std::string& userId, const std::string& role,
                                              const std::string& source) {
    std::string org = organizationId, user = userId, r = role, from = source;
    Poco::Data::Statement remove(session);
    if (from.empty()) {
        remove << "DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2 AND role = $3", use(org),
            use(user), use(r);
    } else {
        remove << "DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2 AND role = $3 AND source = $4",
            use(org), use(user), use(r), use(from);
    }
    return remove.execute() > 0;
}

}  // namespace rotunda::store
