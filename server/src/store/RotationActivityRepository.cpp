// RotationActivityRepository.cpp — a rotation's activity, comments, and the
// rotation notices' questions.
#include "store/RotationActivityRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>

#include <limits>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

std::string text(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? "" : rows.value(column, row).convert<std::string>();
}

int number(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? 0 : rows.value(column, row).convert<int>();
}

// Who completes a step of completed_by `who`, as the memberships that hold it:
// the school's admins and coordinators, its faculty, the facility's admins and coordinators.
const char* kDoerJoin =
    "JOIN memberships m ON ((c.completed_by = 'school_coordinator' AND m.organization_id = r.school_id "
    "AND m.role IN ('admin', 'coordinator')) OR (c.completed_by = 'faculty' AND m.organization_id = r.school_id "
    "AND m.role = 'faculty') OR (c.completed_by = 'facility' AND m.organization_id = r.facility_id "
    "AND m.role IN ('admin', 'coordinator')))";

const char* kLive = "r.status IN ('onboarding', 'ready', 'active', 'offboarding')";

}  // namespace

std::vector<ActivityEntry> RotationActivityRepository::activity(const std::string& rotationId, long long beforeId,
                                                                int limit) {
    std::string key = rotationId;
    Poco::Int64 before = beforeId > 0 ? beforeId : std::numeric_limits<Poco::Int64>::max();
    int most = limit;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement query(session);
    // The event's columns as RotationRepository::events reads them, then the actor's name.
    query << std::string("SELECT ") + kEventColumns +
                 ", u.name FROM rotation_events e LEFT JOIN users u ON u.id = e.actor_id "
                 "WHERE e.rotation_id = $1 AND e.id < $2 ORDER BY e.id DESC LIMIT $3",
        use(key), use(before), use(most);
    query.execute();
    Poco::Data::RecordSet rows(query);
    const std::size_t actorName = rows.columnCount() - 1;
    std::vector<ActivityEntry> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        ActivityEntry e;
        static_cast<RotationEvent&>(e) = readEvent(rows, row);
        e.actorName = text(rows, actorName, row);
        found.push_back(std::move(e));
    }
    return found;
}

long long RotationActivityRepository::addComment(const std::string& rotationId, const std::string& authorId,
                                                 const std::string& body) {
    std::string rotation = rotationId, author = authorId, comment = body, at = utcNow();
    Poco::Int64 id = 0;
    Database::WriteTransaction transaction(database_);
    transaction.session() << "INSERT INTO rotation_events (rotation_id, occurred_at, actor_id, kind, action, body, "
                             "detail) VALUES ($1, $2, $3, 'comment', 'comment', $4, '{}') RETURNING id",
        use(rotation), use(at), use(author), use(comment), into(id), now;
    transaction.commit();
    return id;
}

std::optional<RotationSummary> RotationActivityRepository::summary(const std::string& rotationId) {
    std::string key = rotationId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement query(session);
    query << "SELECT r.id, r.status, r.student_id, u.name, r.preceptor_id, r.school_id, r.facility_id, s.name, "
             "f.name, r.start_date, r.end_date FROM rotations r JOIN users u ON u.id = r.student_id "
             "JOIN services s ON s.id = r.service_id JOIN organizations f ON f.id = r.facility_id WHERE r.id = $1",
        use(key);
    query.execute();
    Poco::Data::RecordSet rows(query);
    if (rows.rowCount() == 0) return std::nullopt;
    RotationSummary s;
    s.id = text(rows, 0, 0);
    s.status = text(rows, 1, 0);
    s.studentId = text(rows, 2, 0);
    s.studentName = text(rows, 3, 0);
    s.preceptorId = text(rows, 4, 0);
    s.schoolId = text(rows, 5, 0);
    s.facilityId = text(rows, 6, 0);
    s.serviceName = text(rows, 7, 0);
    s.facilityName = text(rows, 8, 0);
    s.startDate = text(rows, 9, 0);
    s.endDate = text(rows, 10, 0);
    return s;
}

std::vector<std::string> RotationActivityRepository::staffOf(const std::string& organizationId) {
    std::string key = organizationId;
    std::vector<std::string> ids;
    Poco::Data::Session session = database_.session();
    session << "SELECT DISTINCT user_id FROM memberships WHERE organization_id = $1 AND role IN ('admin', "
               "'coordinator') ORDER BY user_id",
        use(key), into(ids), now;
    return ids;
}

std::optional<Recipient> RotationActivityRepository::recipient(const std::string& userId) {
    std::string key = userId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement query(session);
    query << "SELECT id, email, name, status FROM users WHERE id = $1", use(key);
    query.execute();
    Poco::Data::RecordSet rows(query);
    if (rows.rowCount() == 0) return std::nullopt;
    return Recipient{text(rows, 0, 0), text(rows, 1, 0), text(rows, 2, 0), text(rows, 3, 0)};
}

std::vector<std::string> RotationActivityRepository::dueStartReminder(const std::string& from, const std::string& to) {
    std::string first = from, last = to;
    std::vector<std::string> ids;
    Poco::Data::Session session = database_.session();
    session << "SELECT r.id FROM rotations r WHERE r.status = 'onboarding' AND r.start_date >= $1 "
               "AND r.start_date <= $2 AND EXISTS (SELECT 1 FROM step_completions c WHERE c.rotation_id = r.id "
               "AND c.required = 1 AND c.phase IN ('application', 'onboarding') "
               "AND c.state NOT IN ('verified', 'waived')) AND NOT EXISTS (SELECT 1 FROM rotation_events e "
               "WHERE e.rotation_id = r.id AND e.kind = 'notice' AND e.action = 'start_reminder') "
               "ORDER BY r.start_date, r.id",
        use(first), use(last), into(ids), now;
    return ids;
}

bool RotationActivityRepository::markStartReminded(const std::string& rotationId) {
    std::string key = rotationId, key2 = rotationId, at = utcNow();
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    int already = 0;
    session << "SELECT COUNT(*) FROM rotation_events WHERE rotation_id = $1 AND kind = 'notice' "
               "AND action = 'start_reminder'",
        use(key), into(already), now;
    if (already > 0) return false;
    session << "INSERT INTO rotation_events (rotation_id, occurred_at, kind, action, detail) "
               "VALUES ($1, $2, 'notice', 'start_reminder', '{\"to\":\"student\"}')",
        use(key2), use(at), now;
    transaction.commit();
    return true;
}

std::vector<OpenItemRow> RotationActivityRepository::openItems() {
    // One question per kind of item; each row is (person, rotation, count).
    const std::vector<std::pair<std::string, std::string>> questions{
        {"application_to_finish", "SELECT r.student_id, r.id, 1 FROM rotations r WHERE r.status = 'draft'"},
        {"steps_to_do",
         std::string("SELECT r.student_id, r.id, COUNT(*) FROM step_completions c JOIN rotations r ON r.id = "
                     "c.rotation_id WHERE c.completed_by = 'student' AND c.state IN ('todo', 'rejected', 'expired') "
                     "AND (r.status = 'draft' OR ") + kLive + ") GROUP BY r.student_id, r.id"},
        {"steps_to_do",
         std::string("SELECT m.user_id, r.id, COUNT(*) FROM step_completions c JOIN rotations r ON r.id = "
                     "c.rotation_id ") + kDoerJoin +
             " WHERE c.state IN ('todo', 'rejected', 'expired') AND " + kLive + " GROUP BY m.user_id, r.id"},
        {"application_to_review",
         "SELECT m.user_id, r.id, 1 FROM rotations r JOIN memberships m ON m.organization_id = r.school_id "
         "AND m.role IN ('admin', 'coordinator') WHERE r.status = 'pending_review'"},
        {"application_to_decide",
         "SELECT m.user_id, r.id, 1 FROM rotations r JOIN memberships m ON m.organization_id = r.facility_id "
         "AND m.role IN ('admin', 'coordinator') WHERE r.status IN ('pending_site', 'waitlisted')"},
        {"steps_to_verify",
         std::string("SELECT m.user_id, r.id, COUNT(*) FROM step_completions c JOIN rotations r ON r.id = "
                     "c.rotation_id JOIN steps s ON s.id = c.step_id JOIN memberships m ON m.organization_id = "
                     "s.organization_id AND m.role IN ('admin', 'coordinator') WHERE c.state = 'submitted' AND "
                     "r.status NOT IN ('cancelled', 'declined', 'completed') GROUP BY m.user_id, r.id")},
    };
    std::vector<OpenItemRow> items;
    Poco::Data::Session session = database_.session();
    for (const auto& [kind, sql] : questions) {
        Poco::Data::Statement query(session);
        query << sql;
        query.execute();
        Poco::Data::RecordSet rows(query);
        for (std::size_t row = 0; row < rows.rowCount(); ++row)
            items.push_back({text(rows, 0, row), kind, text(rows, 1, row), number(rows, 2, row)});
    }
    return items;
}

bool RotationActivityRepository::claimDigest(const std::string& userId, const std::string& notAfter,
                                             const std::string& sentAt) {
    std::string user = userId, user2 = userId, cutoff = notAfter, at = sentAt, at2 = sentAt;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    Poco::Data::Statement update(session);
    update << "UPDATE rotation_digests SET sent_at = $1 WHERE user_id = $2 AND sent_at <= $3", use(at), use(user),
        use(cutoff);
    bool claimed = update.execute() == 1;
    if (!claimed) {
        int rows = 0;
        session << "SELECT COUNT(*) FROM rotation_digests WHERE user_id = $1", use(user2), into(rows), now;
        if (rows == 0) {
            std::string user3 = userId;
            session << "INSERT INTO rotation_digests (user_id, sent_at) VALUES ($1, $2)", use(user3), use(at2), now;
            claimed = true;
        }
    }
    transaction.commit();
    return claimed;
}

}  // namespace rotunda::store
