// ServiceRepository.cpp — a facility's service areas and the steps that apply to each.
#include "store/ServiceRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/UUIDGenerator.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

const std::string kColumns =
    "id, organization_id, name, specialty, location, description, active, created_at, updated_at";

std::vector<Service> services(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<Service> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        const auto text = [&](std::size_t column) {
            return rows.value(column, row).isEmpty() ? std::string() : rows.value(column, row).convert<std::string>();
        };
        Service s;
        s.id = text(0);
        s.organizationId = text(1);
        s.name = text(2);
        s.specialty = text(3);
        s.location = text(4);
        s.description = text(5);
        s.active = rows.value(6, row).convert<int>() != 0;
        s.createdAt = text(7);
        s.updatedAt = text(8);
        found.push_back(std::move(s));
    }
    return found;
}

void writeSteps(Poco::Data::Session& session, const Service& s) {
    std::string id = s.id;
    session << "DELETE FROM service_steps WHERE service_id = $1", use(id), now;
    for (std::size_t i = 0; i < s.stepIds.size(); ++i) {
        std::string step = s.stepIds[i];
        int position = static_cast<int>(i) + 1;
        session << "INSERT INTO service_steps (service_id, step_id, position) VALUES ($1, $2, $3)", use(id),
            use(step), use(position), now;
    }
}

}  // namespace

Service ServiceRepository::create(Service s) {
    s.id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    s.createdAt = s.updatedAt = utcNow();
    int active = s.active ? 1 : 0;
    Database::WriteTransaction transaction(database_);
    transaction.session() << "INSERT INTO services (" + kColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        use(s.id), use(s.organizationId), use(s.name), use(s.specialty), use(s.location), use(s.description),
        use(active), use(s.createdAt), use(s.updatedAt), now;
    writeSteps(transaction.session(), s);
    transaction.commit();
    s.agreementIds.clear();
    return s;
}

std::optional<Service> ServiceRepository::findById(const std::string& id) {
    std::string key = id;
    std::vector<Service> found;
    {  // given back before loadLinks takes one: a request never holds two sessions
        Poco::Data::Session session = database_.session();
        Poco::Data::Statement select(session);
        select << "SELECT " + kColumns + " FROM services WHERE id = $1", use(key);
        found = services(select);
    }
    if (found.empty()) return std::nullopt;
    loadLinks(found.front());
    return found.front();
}

std::vector<Service> ServiceRepository::list(const ServiceQuery& query) {
    std::string org = query.organizationId, specialty = query.specialty, after = query.after;
    int active = query.active, limit = query.limit;
    std::vector<Service> found;
    {  // given back before loadLinks takes one
        Poco::Data::Session session = database_.session();
        Poco::Data::Statement select(session);
        // The cursor is the last id seen; the page goes on after its (name, id).
        select << "SELECT " + kColumns + " FROM services WHERE organization_id = $1 "
                  "AND ($2 = '' OR LOWER(specialty) = LOWER($3)) AND ($4 = -1 OR active = $5) "
                  "AND ($6 = '' OR name > (SELECT name FROM services WHERE id = $7) "
                  "OR (name = (SELECT name FROM services WHERE id = $8) AND id > $9)) "
                  "ORDER BY name, id LIMIT $10",
            use(org), use(specialty), use(specialty), use(active), use(active), use(after), use(after), use(after),
            use(after), use(limit);
        found = services(select);
    }
    for (auto& s : found) loadLinks(s);
    return found;
}

void ServiceRepository::update(const Service& service) {
    Service s = service;
    s.updatedAt = utcNow();
    int active = s.active ? 1 : 0;
    Database::WriteTransaction transaction(database_);
    transaction.session() << "UPDATE services SET name = $1, specialty = $2, location = $3, description = $4, "
                             "active = $5, updated_at = $6 WHERE id = $7",
        use(s.name), use(s.specialty), use(s.location), use(s.description), use(active), use(s.updatedAt), use(s.id),
        now;
    writeSteps(transaction.session(), s);
    transaction.commit();
}

void ServiceRepository::loadLinks(Service& s) {
    std::string key = s.id, key2 = s.id;
    s.stepIds.clear();
    s.agreementIds.clear();
    Poco::Data::Session session = database_.session();
    session << "SELECT step_id FROM service_steps WHERE service_id = $1 ORDER BY position", use(key),
        into(s.stepIds), now;
    session << "SELECT agreement_id FROM agreement_services WHERE service_id = $1 ORDER BY agreement_id", use(key2),
        into(s.agreementIds), now;
}

}  // namespace rotunda::store
