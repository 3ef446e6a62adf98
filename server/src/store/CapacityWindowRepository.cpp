// CapacityWindowRepository.cpp — how many students a service takes at once, and when.
#include "store/CapacityWindowRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/UUIDGenerator.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

const std::string kColumns =
    "id, service_id, start_date, end_date, capacity, booked, workflow, school_id, application_deadline, created_at, "
    "updated_at";

Poco::Nullable<std::string> nullIfEmpty(const std::string& value) {
    return value.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(value);
}

std::vector<CapacityWindow> windows(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<CapacityWindow> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        const auto text = [&](std::size_t column) {
            return rows.value(column, row).isEmpty() ? std::string() : rows.value(column, row).convert<std::string>();
        };
        CapacityWindow w;
        w.id = text(0);
        w.serviceId = text(1);
        w.startDate = text(2);
        w.endDate = text(3);
        w.capacity = rows.value(4, row).convert<int>();
        w.booked = rows.value(5, row).convert<int>();
        w.workflow = text(6);
        w.schoolId = text(7);
        w.applicationDeadline = text(8);
        w.createdAt = text(9);
        w.updatedAt = text(10);
        found.push_back(std::move(w));
    }
    return found;
}

void writeLimits(Poco::Data::Session& session, const CapacityWindow& w) {
    std::string id = w.id;
    session << "DELETE FROM capacity_school_limits WHERE window_id = $1", use(id), now;
    for (const auto& [school, most] : w.schoolLimits) {
        std::string s = school;
        int m = most;
        session << "INSERT INTO capacity_school_limits (window_id, school_id, max_students) VALUES ($1, $2, $3)",
            use(id), use(s), use(m), now;
    }
}

}  // namespace

CapacityWindow CapacityWindowRepository::create(CapacityWindow w) {
    w.id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    w.createdAt = w.updatedAt = utcNow();
    w.booked = 0;
    Poco::Nullable<std::string> school = nullIfEmpty(w.schoolId), deadline = nullIfEmpty(w.applicationDeadline);
    Database::WriteTransaction transaction(database_);
    transaction.session() << "INSERT INTO capacity_windows (" + kColumns +
                                 ") VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9, $10)",
        use(w.id), use(w.serviceId), use(w.startDate), use(w.endDate), use(w.capacity), use(w.workflow), use(school),
        use(deadline), use(w.createdAt), use(w.updatedAt), now;
    writeLimits(transaction.session(), w);
    transaction.commit();
    return w;
}

std::optional<CapacityWindow> CapacityWindowRepository::findById(const std::string& id) {
    std::string key = id;
    std::vector<CapacityWindow> found;
    {  // given back before loadLimits takes one: a request never holds two sessions
        Poco::Data::Session session = database_.session();
        Poco::Data::Statement select(session);
        select << "SELECT " + kColumns + " FROM capacity_windows WHERE id = $1", use(key);
        found = windows(select);
    }
    if (found.empty()) return std::nullopt;
    loadLimits(found.front());
    return found.front();
}

std::vector<CapacityWindow> CapacityWindowRepository::listForService(const std::string& serviceId) {
    std::string key = serviceId;
    std::vector<CapacityWindow> found;
    {  // given back before loadLimits takes one
        Poco::Data::Session session = database_.session();
        Poco::Data::Statement select(session);
        select << "SELECT " + kColumns + " FROM capacity_windows WHERE service_id = $1 ORDER BY start_date, id",
            use(key);
        found = windows(select);
    }
    for (auto& w : found) loadLimits(w);
    return found;
}

bool CapacityWindowRepository::update(const CapacityWindow& window) {
    CapacityWindow w = window;
    w.updatedAt = utcNow();
    Poco::Nullable<std::string> school = nullIfEmpty(w.schoolId), deadline = nullIfEmpty(w.applicationDeadline);
    int floor = w.capacity;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Statement write(transaction.session());
    write << "UPDATE capacity_windows SET start_date = $1, end_date = $2, capacity = $3, workflow = $4, "
             "school_id = $5, application_deadline = $6, updated_at = $7 WHERE id = $8 AND booked <= $9",
        use(w.startDate), use(w.endDate), use(w.capacity), use(w.workflow), use(school), use(deadline),
        use(w.updatedAt), use(w.id), use(floor);
    if (write.execute() != 1) return false;
    writeLimits(transaction.session(), w);
    transaction.commit();
    return true;
}

std::vector<std::string> CapacityWindowRepository::overlapping(const std::string& serviceId, const std::string& start,
                                                               const std::string& end, const std::string& exceptId) {
    std::string service = serviceId, from = start, to = end, except = exceptId;
    std::vector<std::string> ids;
    Poco::Data::Session session = database_.session();
    session << "SELECT id FROM capacity_windows WHERE service_id = $1 AND start_date <= $2 AND end_date >= $3 "
               "AND id <> $4 ORDER BY start_date, id",
        use(service), use(to), use(from), use(except), into(ids), now;
    return ids;
}

bool CapacityWindowRepository::removeUnbooked(const std::string& id) {
    std::string key = id, key2 = id;
    Database::WriteTransaction transaction(database_);
    transaction.session() << "DELETE FROM capacity_school_limits WHERE window_id = $1 AND EXISTS "
                             "(SELECT 1 FROM capacity_windows WHERE id = $2 AND booked = 0)",
        use(key), use(key2), now;
    Poco::Data::Statement drop(transaction.session());
    drop << "DELETE FROM capacity_windows WHERE id = $1 AND booked = 0", use(key);
    const bool removed = drop.execute() == 1;
    transaction.commit();
    return removed;
}

void CapacityWindowRepository::loadLimits(CapacityWindow& w) {
    std::string key = w.id;
    std::vector<std::string> schools;
    std::vector<int> most;
    Poco::Data::Session session = database_.session();
    session << "SELECT school_id, max_students FROM capacity_school_limits WHERE window_id = $1 ORDER BY school_id",
        use(key), into(schools), into(most), now;
    w.schoolLimits.clear();
    for (std::size_t i = 0; i < schools.size(); ++i) w.schoolLimits.emplace_back(schools[i], most[i]);
}

}  // namespace rotunda::store
