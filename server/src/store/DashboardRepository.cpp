// DashboardRepository.cpp — dashboards, rotation exports and calendar feeds.
#include "store/DashboardRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

// The names joined to a rotation `r`; columns 0–16 as rowOf reads them.
const std::string kRowColumns =
    "r.id, r.status, r.start_date, r.end_date, r.updated_at, r.student_id, st.name, st.email, r.school_id, "
    "sc.name, r.facility_id, fa.name, r.service_id, sv.name, sv.location, r.preceptor_id, pr.name";
const std::string kRowJoinsOnly =
    " JOIN users st ON st.id = r.student_id JOIN organizations sc ON sc.id = r.school_id "
    "JOIN organizations fa ON fa.id = r.facility_id JOIN services sv ON sv.id = r.service_id "
    "LEFT JOIN users pr ON pr.id = r.preceptor_id";
const std::string kRowJoins = " FROM rotations r" + kRowJoinsOnly;

std::string text(Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? std::string() : rows.value(column, row).convert<std::string>();
}

RotationRow rowOf(Poco::Data::RecordSet& rows, std::size_t row, std::size_t first = 0) {
    const auto t = [&](std::size_t column) { return text(rows, first + column, row); };
    RotationRow r;
    r.id = t(0);
    r.status = t(1);
    r.startDate = t(2);
    r.endDate = t(3);
    r.updatedAt = t(4);
    r.studentId = t(5);
    r.studentName = t(6);
    r.studentEmail = t(7);
    r.schoolId = t(8);
    r.schoolName = t(9);
    r.facilityId = t(10);
    r.facilityName = t(11);
    r.serviceId = t(12);
    r.serviceName = t(13);
    r.serviceLocation = t(14);
    r.preceptorId = t(15);
    r.preceptorName = t(16);
    return r;
}

void bindAll(Poco::Data::Statement& statement, std::vector<std::string>& values) {
    for (auto& value : values) statement, use(value);
}

// Steps of the going rotations the completer has to do, as each of their
// parties, as one UNION ALL of (completion id, start date, rotation id,
// position) with one branch per party: each branch starts from an index of
// rotations (student, school or facility) instead of every step completion in
// the state — with the parties OR-ed together, SQLite read all 600,000 of a
// large site's completions for one school coordinator's dashboard.
// `organizationId` (may be empty) narrows to one facility or school. Numbered from $1.
std::string stepsToDoUnion(const StepCompleter& who, const std::string& organizationId,
                           std::vector<std::string>& values) {
    const auto bind = [&values](const std::string& value) {
        values.push_back(value);
        return "$" + std::to_string(values.size());
    };
    const auto list = [&bind](const std::vector<std::string>& ids) {
        std::string marks;
        for (const auto& id : ids) marks += (marks.empty() ? "" : ", ") + bind(id);
        return marks;
    };
    std::string branches;
    const auto branch = [&](const std::string& completedBy, const std::string& rotations) {
        std::string sql = "SELECT c.id AS completion_id, r.start_date AS start_date, r.id AS rotation_id, "
                          "c.position AS position FROM rotations r JOIN step_completions c ON c.rotation_id = r.id "
                          "WHERE " + rotations + " AND c.completed_by = '" + completedBy + "' "
                          "AND c.state IN ('todo', 'rejected', 'expired') "
                          "AND r.status NOT IN ('completed', 'cancelled', 'declined')";
        if (!organizationId.empty())
            sql += " AND (r.facility_id = " + bind(organizationId) + " OR r.school_id = " + bind(organizationId) + ")";
        branches += (branches.empty() ? "" : " UNION ALL ") + sql;
    };
    branch("student", "r.student_id = " + bind(who.userId));
    if (!who.coordinatorSchoolIds.empty())
        branch("school_coordinator", "r.school_id IN (" + list(who.coordinatorSchoolIds) + ")");
    if (!who.facultySchoolIds.empty()) branch("faculty", "r.school_id IN (" + list(who.facultySchoolIds) + ")");
    if (!who.facilityIds.empty())
        branch("facility", "r.status <> 'draft' AND r.facility_id IN (" + list(who.facilityIds) + ")");
    return "(" + branches + ")";
}

// Submitted steps of the owners' on going rotations. Numbered from $1.
std::string stepsToVerifyWhere(const std::vector<std::string>& ownerIds, const std::string& organizationId,
                               std::vector<std::string>& values) {
    std::string marks;
    for (const auto& id : ownerIds) {
        values.push_back(id);
        marks += (marks.empty() ? "$" : ", $") + std::to_string(values.size());
    }
    std::string where = " WHERE c.state = 'submitted' AND s.organization_id IN (" + marks +
                        ") AND (r.status <> 'draft' OR r.school_id = s.organization_id) "
                        "AND r.status NOT IN ('completed', 'cancelled', 'declined')";
    if (!organizationId.empty()) {
        values.push_back(organizationId);
        where += " AND s.organization_id = $" + std::to_string(values.size());
    }
    return where;
}

StepToDo stepOf(Poco::Data::RecordSet& rows, std::size_t row) {
    StepToDo s;
    s.completionId = text(rows, 0, row);
    s.stepId = text(rows, 1, row);
    s.stepName = text(rows, 2, row);
    s.phase = text(rows, 3, row);
    s.state = text(rows, 4, row);
    s.reason = text(rows, 5, row);
    s.rotation = rowOf(rows, row, 6);
    return s;
}

}  // namespace

std::vector<StepToDo> DashboardRepository::stepsToVerify(const std::vector<std::string>& ownerIds,
                                                         const std::string& organizationId, int limit) {
    if (ownerIds.empty()) return {};
    std::vector<std::string> values;
    const std::string where = stepsToVerifyWhere(ownerIds, organizationId, values);
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement statement(session);
    statement << "SELECT c.id, c.step_id, v.name, c.phase, c.state, c.reason, " + kRowColumns +
                     ", c.review_reasons" + kRowJoins +
                     " JOIN step_completions c ON c.rotation_id = r.id JOIN steps s ON s.id = c.step_id "
                     "JOIN step_versions v ON v.step_id = c.step_id AND v.version = c.step_version" +
                     where + " ORDER BY r.start_date, r.id, c.position, c.id LIMIT " + std::to_string(limit);
    bindAll(statement, values);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    std::vector<StepToDo> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        found.push_back(stepOf(rows, row));
        found.back().reviewReasons = text(rows, rows.columnCount() - 1, row);
    }
    return found;
}

int DashboardRepository::countStepsToVerify(const std::vector<std::string>& ownerIds,
                                            const std::string& organizationId) {
    if (ownerIds.empty()) return 0;
    std::vector<std::string> values;
    const std::string where = stepsToVerifyWhere(ownerIds, organizationId, values);
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement statement(session);
    int found = 0;
    statement << "SELECT COUNT(*) FROM rotations r JOIN step_completions c ON c.rotation_id = r.id "
                 "JOIN steps s ON s.id = c.step_id" + where;
    bindAll(statement, values);
    statement, into(found);
    statement.execute();
    return found;
}

std::vector<std::pair<std::string, int>> DashboardRepository::countByStatus(const RotationQuery& query) {
    std::vector<std::string> values;
    const std::string where = rotationWhere(query, values);
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement statement(session);
    statement << "SELECT r.status, COUNT(*) FROM rotations r WHERE " + where + " GROUP BY r.status ORDER BY r.status";
    bindAll(statement, values);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    std::vector<std::pair<std::string, int>> counts;
    for (std::size_t row = 0; row < rows.rowCount(); ++row)
        counts.emplace_back(text(rows, 0, row), rows.value(1, row).convert<int>());
    return counts;
}

int DashboardRepository::count(const RotationQuery& query) {
    std::vector<std::string> values;
    const std::string where = rotationWhere(query, values);
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement statement(session);
    int found = 0;
    statement << "SELECT COUNT(*) FROM rotations r WHERE " + where;
    bindAll(statement, values);
    statement, into(found);
    statement.execute();
    return found;
}

std::vector<RotationRow> DashboardRepository::rows(const RotationQuery& query) {
    Poco::Data::Session session = database_.session();
    std::vector<std::string> values;
    std::string where = rotationWhere(query, values);
    if (!query.after.empty()) {
        // The cursor row's start date as a value, not a subquery: with it the
        // planner walks rotations_start from the cursor on, and a page costs the
        // same at row 199,500 as at row 0 (docs/decisions/0021).
        std::string after = query.after;
        std::vector<std::string> starts;
        session << "SELECT start_date FROM rotations WHERE id = $1", use(after), into(starts), now;
        if (starts.empty()) return {};
        const std::size_t n = values.size();
        where += " AND (r.start_date > $" + std::to_string(n + 1) + " OR (r.start_date = $" + std::to_string(n + 2) +
                 " AND r.id > $" + std::to_string(n + 3) + "))";
        values.insert(values.end(), {starts.front(), starts.front(), query.after});
    }
    Poco::Data::Statement statement(session);
    // The page is chosen from rotations alone, then the names are joined to its
    // rows: left to itself, SQLite's planner would start from the users table and
    // sort every visible rotation for each page.
    statement << "SELECT " + kRowColumns + " FROM (SELECT r.* FROM rotations r WHERE " + where +
                     " ORDER BY r.start_date, r.id LIMIT " + std::to_string(query.limit) + ") r" + kRowJoinsOnly +
                     " ORDER BY r.start_date, r.id";
    bindAll(statement, values);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    std::vector<RotationRow> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) found.push_back(rowOf(rows, row));
    return found;
}

std::vector<StepToDo> DashboardRepository::stepsToDo(const StepCompleter& completer, const std::string& organizationId,
                                                     int limit) {
    std::vector<std::string> values;
    const std::string todo = stepsToDoUnion(completer, organizationId, values);
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement statement(session);
    // The page is chosen from the union's keys, then the names are joined to its rows.
    const std::string order = " ORDER BY start_date, rotation_id, position, completion_id";
    statement << "SELECT c.id, c.step_id, v.name, c.phase, c.state, c.reason, " + kRowColumns +
                     " FROM (SELECT * FROM " + todo + " t" + order + " LIMIT " + std::to_string(limit) +
                     ") page JOIN step_completions c ON c.id = page.completion_id "
                     "JOIN rotations r ON r.id = page.rotation_id" + kRowJoinsOnly +
                     " JOIN step_versions v ON v.step_id = c.step_id AND v.version = c.step_version" +
                     " ORDER BY page.start_date, page.rotation_id, page.position, page.completion_id";
    bindAll(statement, values);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    std::vector<StepToDo> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) found.push_back(stepOf(rows, row));
    return found;
}

int DashboardRepository::countStepsToDo(const StepCompleter& completer, const std::string& organizationId) {
    std::vector<std::string> values;
    const std::string todo = stepsToDoUnion(completer, organizationId, values);
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement statement(session);
    int found = 0;
    statement << "SELECT COUNT(*) FROM " + todo + " t";
    bindAll(statement, values);
    statement, into(found);
    statement.execute();
    return found;
}

void DashboardRepository::putCalendarFeed(const std::string& userId, const std::string& tokenHash) {
    std::string user = userId, hash = tokenHash, at = utcNow(), hash2 = tokenHash, at2 = at;
    Poco::Data::Session session = database_.session();
    session << "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3) "
               "ON CONFLICT (user_id) DO UPDATE SET token_hash = $4, created_at = $5",
        use(user), use(hash), use(at), use(hash2), use(at2), now;
}

bool DashboardRepository::removeCalendarFeed(const std::string& userId) {
    std::string user = userId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement statement(session);
    statement << "DELETE FROM calendar_feeds WHERE user_id = $1", use(user);
    return statement.execute() > 0;
}

std::optional<std::string> DashboardRepository::calendarFeedUser(const std::string& tokenHash) {
    std::string hash = tokenHash;
    std::vector<std::string> users;
    Poco::Data::Session session = database_.session();
    session << "SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id "
               "WHERE f.token_hash = $1 AND u.status = 'active'",
        use(hash), into(users), now;
    if (users.empty()) return std::nullopt;
    return users.front();
}

}  // namespace rotunda::store
