// RotationRepository.cpp — students on rotations, their places, steps and activity.
#include "store/RotationRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <mutex>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

const std::string kColumns =
    "r.id, r.student_id, r.school_id, r.facility_id, r.service_id, r.window_id, r.preceptor_id, r.start_date, "
    "r.end_date, r.origin, r.status, r.holds_place, r.reason, r.status_before_cancel, r.cancelled_by, "
    "r.cancelled_party, r.status_before_pause, r.override_conflicts, r.overridden_by, r.created_by, r.created_at, "
    "r.updated_at, r.status_changed_at";

// Required steps of these phases that are neither verified nor waived.
std::string pendingRequired(const std::string& phases) {
    return "EXISTS (SELECT 1 FROM step_completions c WHERE c.rotation_id = r.id AND c.required = 1 AND c.phase IN (" +
           phases + ") AND c.state NOT IN ('verified', 'waived'))";
}

Poco::Nullable<std::string> nullIfEmpty(const std::string& value) {
    return value.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(value);
}

// Writes that book a place take turns in this process before they take a pooled
// session. On PostgreSQL a booking waits for the window's row lock while holding
// its session; without the turn, many bookers of one window at once would hold
// every session of the pool waiting, and requests that need a session would fail.
// Between nodes the row lock alone decides (docs/decisions/0014-rotation-lifecycle-and-places.md).
std::mutex& bookingTurn() {
    static std::mutex turn;
    return turn;
}

// Locks the user rows of `ids` in id order, so that bookings locking several
// people (a group, a student and a preceptor) never wait for each other in a circle.
void lockUsers(Poco::Data::Session& session, std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (auto& id : ids) {
        if (id.empty()) continue;
        session << "UPDATE users SET updated_at = updated_at WHERE id = $1", use(id), now;
    }
}

// Locks the student's user row (a no-op update: the row lock on PostgreSQL, the
// write lock on SQLite), then looks for another place of theirs overlapping
// [start, end]. Two bookings of one student thus see each other on any node.
bool studentBusy(Poco::Data::Session& session, const Rotation& r) {
    std::string student = r.studentId, student2 = r.studentId, end = r.endDate, start = r.startDate, id = r.id;
    session << "UPDATE users SET updated_at = updated_at WHERE id = $1", use(student), now;
    int overlapping = 0;
    session << "SELECT COUNT(*) FROM rotations WHERE student_id = $1 AND holds_place = 1 AND status <> 'completed' "
               "AND start_date <= $2 AND end_date >= $3 AND id <> $4",
        use(student2), use(end), use(start), use(id), into(overlapping), now;
    return overlapping > 0;
}

// Locks the preceptor's user row, then asks `fits` with the dates of the
// preceptor's other rotations that occupy them (this transaction's own inserts included).
bool preceptorFull(Poco::Data::Session& session, const Rotation& r, const PreceptorCheck& fits) {
    if (!fits || r.preceptorId.empty()) return false;
    std::string preceptor = r.preceptorId, preceptor2 = r.preceptorId, id = r.id;
    session << "UPDATE users SET updated_at = updated_at WHERE id = $1", use(preceptor), now;
    std::vector<std::string> starts, ends;
    session << "SELECT start_date, end_date FROM rotations WHERE preceptor_id = $1 AND holds_place = 1 "
               "AND status <> 'completed' AND id <> $2",
        use(preceptor2), use(id), into(starts), into(ends), now;
    std::vector<std::pair<std::string, std::string>> others;
    for (std::size_t i = 0; i < starts.size(); ++i) others.emplace_back(starts[i], ends[i]);
    return !fits(others, r);
}

std::string newId() { return Poco::UUIDGenerator::defaultGenerator().createRandom().toString(); }

std::string text(Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? std::string() : rows.value(column, row).convert<std::string>();
}

std::vector<Rotation> rotationsOf(Poco::Data::Statement& query) {
    query.execute();
    Poco::Data::RecordSet rows(query);
    std::vector<Rotation> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        const auto t = [&](std::size_t column) { return text(rows, column, row); };
        Rotation r;
        r.id = t(0);
        r.studentId = t(1);
        r.schoolId = t(2);
        r.facilityId = t(3);
        r.serviceId = t(4);
        r.windowId = t(5);
        r.preceptorId = t(6);
        r.startDate = t(7);
        r.endDate = t(8);
        r.origin = t(9);
        r.status = t(10);
        r.holdsPlace = rows.value(11, row).convert<int>() != 0;
        r.reason = t(12);
        r.statusBeforeCancel = t(13);
        r.cancelledBy = t(14);
        r.cancelledParty = t(15);
        r.statusBeforePause = t(16);
        r.overrideConflicts = t(17);
        r.overriddenBy = t(18);
        r.createdBy = t(19);
        r.createdAt = t(20);
        r.updatedAt = t(21);
        r.statusChangedAt = t(22);
        found.push_back(std::move(r));
    }
    return found;
}

void insertEvent(Poco::Data::Session& session, RotationEvent e) {
    Poco::Nullable<std::string> actor = nullIfEmpty(e.actorId), from = nullIfEmpty(e.fromStatus),
                                to = nullIfEmpty(e.toStatus);
    if (e.occurredAt.empty()) e.occurredAt = utcNow();
    Poco::Nullable<std::string> completion = nullIfEmpty(e.stepCompletionId);
    session << "INSERT INTO rotation_events (rotation_id, occurred_at, actor_id, kind, action, from_status, "
               "to_status, body, detail, step_completion_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        use(e.rotationId), use(e.occurredAt), use(actor), use(e.kind), use(e.action), use(from), use(to),
        use(e.body), use(e.detail), use(completion), now;
}

// One conditional update books `places` places, or none when they are not free.
bool book(Poco::Data::Session& session, const std::string& windowId, int places) {
    std::string window = windowId;
    int wanted = places, wanted2 = places;
    Poco::Data::Statement update(session);
    update << "UPDATE capacity_windows SET booked = booked + $1 WHERE id = $2 AND booked + $3 <= capacity",
        use(wanted), use(window), use(wanted2);
    return update.execute() == 1;
}

void release(Poco::Data::Session& session, const std::string& windowId) {
    std::string window = windowId;
    session << "UPDATE capacity_windows SET booked = booked - 1 WHERE id = $1 AND booked > 0", use(window), now;
}

int placesOfSchool(Poco::Data::Session& session, const std::string& windowId, const std::string& schoolId) {
    std::string window = windowId, school = schoolId;
    int count = 0;
    session << "SELECT COUNT(*) FROM rotations WHERE window_id = $1 AND school_id = $2 AND holds_place = 1",
        use(window), use(school), into(count), now;
    return count;
}

// A once-per-student step: when the student has a verified completion of the
// same step (any version) on another rotation that has not lapsed, the new
// completion `completionId` becomes a verified copy of it, remembering where it
// came from. Expiry stays the original's, so both lapse together — except for a
// plugin step type, which carries over only with an approval for that very
// source (its plugin re-verified it) and then takes the approval's expiry if it gave one.
void carryOver(Poco::Data::Session& session, const Rotation& r, const RotationStep& s, const std::string& completionId,
               const std::string& created, const std::vector<CarryOverApproval>& approvals) {
    std::string student = r.studentId, step = s.stepId, today = created.substr(0, 10), rotation = r.id;
    std::vector<std::string> ids;
    session << "SELECT c.id FROM step_completions c JOIN rotations o ON o.id = c.rotation_id "
               "WHERE o.student_id = $1 AND c.step_id = $2 AND c.state = 'verified' "
               "AND (c.expires_at IS NULL OR c.expires_at >= $3) AND c.rotation_id <> $4 "
               "ORDER BY c.verified_at DESC, c.id LIMIT 1",
        use(student), use(step), use(today), use(rotation), into(ids), now;
    if (ids.empty()) return;
    std::string from = ids.front(), target = completionId, source = ids.front();
    const CarryOverApproval* approval = nullptr;
    for (const auto& a : approvals)
        if (a.studentId == r.studentId && a.stepId == s.stepId && a.sourceId == source) approval = &a;
    if (s.pluginType && approval == nullptr) return;
    session << "UPDATE step_completions SET state = 'verified', answers = (SELECT answers FROM step_completions "
               "WHERE id = $1), document_ids = (SELECT document_ids FROM step_completions WHERE id = $2), "
               "submitted_by = (SELECT submitted_by FROM step_completions WHERE id = $3), "
               "submitted_at = (SELECT submitted_at FROM step_completions WHERE id = $4), "
               "verified_by = (SELECT verified_by FROM step_completions WHERE id = $5), "
               "verified_at = (SELECT verified_at FROM step_completions WHERE id = $6), "
               "expires_at = (SELECT expires_at FROM step_completions WHERE id = $7), "
               "facts = (SELECT facts FROM step_completions WHERE id = $8), carried_from = $9 "
               "WHERE id = $10",
        use(from), use(from), use(from), use(from), use(from), use(from), use(from), use(from), use(source),
        use(target), now;
    if (approval != nullptr && !approval->expiresAt.empty()) {
        std::string expires = approval->expiresAt;
        session << "UPDATE step_completions SET expires_at = $1 WHERE id = $2", use(expires), use(target), now;
    }
    RotationEvent event;
    event.rotationId = r.id;
    event.occurredAt = created;
    event.kind = "step";
    event.action = "step.carried_over";
    event.stepCompletionId = completionId;
    event.detail = "{\"stepId\":\"" + s.stepId + "\",\"carriedFrom\":\"" + source + "\"" +
                   (approval != nullptr ? std::string(",\"reverified\":true") : std::string()) + "}";
    insertEvent(session, event);
}

}  // namespace

std::vector<Rotation> RotationRepository::select(const std::string& where, std::vector<std::string> values,
                                                 const std::string& tail) {
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement query(session);
    query << "SELECT " + kColumns + " FROM rotations r WHERE " + where + tail;
    for (auto& value : values) query, use(value);
    return rotationsOf(query);
}

BookingResult RotationRepository::create(std::vector<Rotation>& rotations, const std::vector<RotationStep>& steps,
                                         int schoolLimit, bool refuseOverlap, const PreceptorCheck& preceptorFits,
                                         const std::vector<CarryOverApproval>& approvals) {
    if (rotations.empty()) return BookingResult::Done;
    std::string created = utcNow();
    std::unique_lock<std::mutex> turn(bookingTurn(), std::defer_lock);
    if (rotations.front().holdsPlace) turn.lock();
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    const Rotation& first = rotations.front();
    if (first.holdsPlace) {
        if (!book(session, first.windowId, static_cast<int>(rotations.size()))) return BookingResult::Full;
        if (schoolLimit > 0 &&
            placesOfSchool(session, first.windowId, first.schoolId) + static_cast<int>(rotations.size()) > schoolLimit)
            return BookingResult::SchoolLimit;
    }
    if (first.holdsPlace) {
        std::vector<std::string> people;
        for (const auto& r : rotations) {
            if (refuseOverlap) people.push_back(r.studentId);
            if (preceptorFits) people.push_back(r.preceptorId);
        }
        lockUsers(session, people);
    }
    for (auto& r : rotations) {
        r.id = newId();
        if (r.holdsPlace && refuseOverlap && studentBusy(session, r)) return BookingResult::StudentBusy;
        if (r.holdsPlace && preceptorFull(session, r, preceptorFits)) return BookingResult::PreceptorBusy;
        r.createdAt = r.updatedAt = r.statusChangedAt = created;
        Poco::Nullable<std::string> preceptor = nullIfEmpty(r.preceptorId), overriddenBy = nullIfEmpty(r.overriddenBy);
        int holds = r.holdsPlace ? 1 : 0;
        session << "INSERT INTO rotations (id, student_id, school_id, facility_id, service_id, window_id, preceptor_id, "
                   "start_date, end_date, origin, status, holds_place, override_conflicts, overridden_by, created_by, "
                   "created_at, updated_at, status_changed_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
            use(r.id), use(r.studentId), use(r.schoolId), use(r.facilityId), use(r.serviceId), use(r.windowId),
            use(preceptor), use(r.startDate), use(r.endDate), use(r.origin), use(r.status), use(holds),
            use(r.overrideConflicts), use(overriddenBy), use(r.createdBy), use(r.createdAt), use(r.updatedAt),
            use(r.statusChangedAt), now;
        for (const auto& s : steps) {
            std::string id = newId(), step = s.stepId, phase = s.phase, by = s.completedBy, stamp = created;
            int version = s.version, position = s.position, required = s.required ? 1 : 0;
            session << "INSERT INTO step_completions (id, rotation_id, step_id, step_version, phase, position, "
                       "required, completed_by, state, created_at, updated_at) "
                       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'todo', $9, $10)",
                use(id), use(r.id), use(step), use(version), use(phase), use(position), use(required), use(by),
                use(created), use(stamp), now;
            if (s.oncePerStudent) carryOver(session, r, s, id, created, approvals);
        }
        RotationEvent event;
        event.rotationId = r.id;
        event.occurredAt = created;
        event.actorId = r.createdBy;
        event.kind = "status";
        event.action = r.origin == "scheduled" ? "schedule" : "apply";
        event.toStatus = r.status;
        insertEvent(session, event);
    }
    transaction.commit();
    return BookingResult::Done;
}

std::optional<Rotation> RotationRepository::findById(const std::string& id) {
    auto found = select("r.id = $1", {id});
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::string rotationWhere(const RotationQuery& q, std::vector<std::string>& values) {
    std::size_t next = values.size() + 1;
    std::string where = "1 = 1";
    const auto add = [&](const std::string& clause, const std::vector<std::string>& bound) {
        std::string sql = clause;
        for (const auto& value : bound) {
            const auto at = sql.find('?');
            sql.replace(at, 1, "$" + std::to_string(next++));
            values.push_back(value);
        }
        where += " AND " + sql;
    };
    const auto marks = [](std::size_t count) {
        std::string list;
        for (std::size_t i = 0; i < count; ++i) list += i ? ", ?" : "?";
        return list;
    };
    {
        std::string visible = "(r.student_id = ? OR r.preceptor_id = ?";
        std::vector<std::string> bound{q.viewerId, q.viewerId};
        if (!q.facilityIds.empty()) {
            visible += " OR (r.status <> 'draft' AND r.facility_id IN (" + marks(q.facilityIds.size()) + "))";
            bound.insert(bound.end(), q.facilityIds.begin(), q.facilityIds.end());
        }
        if (!q.schoolIds.empty()) {
            visible += " OR r.school_id IN (" + marks(q.schoolIds.size()) + ")";
            bound.insert(bound.end(), q.schoolIds.begin(), q.schoolIds.end());
        }
        add(visible + ")", bound);
    }
    if (!q.status.empty()) add("r.status = ?", {q.status});
    if (!q.statuses.empty()) add("r.status IN (" + marks(q.statuses.size()) + ")", q.statuses);
    if (!q.facilityId.empty()) add("r.facility_id = ?", {q.facilityId});
    if (!q.schoolId.empty()) add("r.school_id = ?", {q.schoolId});
    if (!q.organizationId.empty()) add("(r.facility_id = ? OR r.school_id = ?)", {q.organizationId, q.organizationId});
    if (!q.studentId.empty()) add("r.student_id = ?", {q.studentId});
    if (!q.windowId.empty()) add("r.window_id = ?", {q.windowId});
    if (!q.preceptorId.empty()) add("r.preceptor_id = ?", {q.preceptorId});
    if (!q.from.empty()) add("r.end_date >= ?", {q.from});
    if (!q.to.empty()) add("r.start_date <= ?", {q.to});
    if (!q.startFrom.empty()) add("r.start_date >= ?", {q.startFrom});
    if (!q.startTo.empty()) add("r.start_date <= ?", {q.startTo});
    return where;
}

std::string rotationsAfter(const std::string& afterId, std::vector<std::string>& values) {
    const std::string n = std::to_string(values.size() + 1), m = std::to_string(values.size() + 2),
                      k = std::to_string(values.size() + 3);
    values.insert(values.end(), {afterId, afterId, afterId});
    return "(r.start_date > (SELECT x.start_date FROM rotations x WHERE x.id = $" + n +
           ") OR (r.start_date = (SELECT y.start_date FROM rotations y WHERE y.id = $" + m + ") AND r.id > $" + k + "))";
}

std::vector<Rotation> RotationRepository::list(const RotationQuery& q) {
    std::vector<std::string> values;
    std::string where = rotationWhere(q, values);
    if (!q.after.empty()) where += " AND " + rotationsAfter(q.after, values);
    return select(where, values, " ORDER BY r.start_date, r.id LIMIT " + std::to_string(q.limit));
}

BookingResult RotationRepository::changeStatus(const Rotation& after, const std::string& from, int schoolLimit,
                                               bool refuseOverlap, const std::string& actorId, const std::string& action,
                                               const std::string& detail, const PreceptorCheck& preceptorFits) {
    const auto before = findById(after.id);
    if (!before || before->status != from) return BookingResult::Changed;
    Rotation r = after;
    r.updatedAt = r.statusChangedAt = utcNow();
    Poco::Nullable<std::string> beforeCancel = nullIfEmpty(r.statusBeforeCancel), cancelledBy = nullIfEmpty(r.cancelledBy),
                                cancelledParty = nullIfEmpty(r.cancelledParty),
                                beforePause = nullIfEmpty(r.statusBeforePause), overriddenBy = nullIfEmpty(r.overriddenBy),
                                preceptor = nullIfEmpty(r.preceptorId);
    int holds = r.holdsPlace ? 1 : 0;
    std::string previous = from;
    std::unique_lock<std::mutex> turn(bookingTurn(), std::defer_lock);
    if (r.holdsPlace && !before->holdsPlace) turn.lock();
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    // The status first: on PostgreSQL this locks the rotation's row, so two
    // people acting on one rotation take turns and the second finds it changed.
    Poco::Data::Statement update(session);
    update << "UPDATE rotations SET status = $1, holds_place = $2, reason = $3, status_before_cancel = $4, "
              "cancelled_by = $5, cancelled_party = $6, status_before_pause = $7, override_conflicts = $8, "
              "overridden_by = $9, preceptor_id = $10, start_date = $11, end_date = $12, updated_at = $13, "
              "status_changed_at = $14 WHERE id = $15 AND status = $16",
        use(r.status), use(holds), use(r.reason), use(beforeCancel), use(cancelledBy), use(cancelledParty),
        use(beforePause), use(r.overrideConflicts), use(overriddenBy), use(preceptor), use(r.startDate),
        use(r.endDate), use(r.updatedAt), use(r.statusChangedAt), use(r.id), use(previous);
    if (update.execute() != 1) return BookingResult::Changed;
    if (r.holdsPlace && !before->holdsPlace) {
        if (!book(session, r.windowId, 1)) return BookingResult::Full;
        if (schoolLimit > 0 && placesOfSchool(session, r.windowId, r.schoolId) > schoolLimit)
            return BookingResult::SchoolLimit;
        lockUsers(session, {refuseOverlap ? r.studentId : "", preceptorFits ? r.preceptorId : ""});
        if (refuseOverlap && studentBusy(session, r)) return BookingResult::StudentBusy;
        if (preceptorFull(session, r, preceptorFits)) return BookingResult::PreceptorBusy;
    } else if (!r.holdsPlace && before->holdsPlace) {
        release(session, r.windowId);
    }
    RotationEvent event;
    event.rotationId = r.id;
    event.occurredAt = r.updatedAt;
    event.actorId = actorId;
    event.kind = "status";
    event.action = action;
    event.fromStatus = from;
    event.toStatus = r.status;
    event.body = r.status == "cancelled" || r.status == "declined" ? r.reason : "";
    event.detail = detail;
    insertEvent(session, event);
    transaction.commit();
    return BookingResult::Done;
}

bool RotationRepository::updateDetails(const Rotation& rotation, const std::string& actorId,
                                       const std::string& detail) {
    Rotation r = rotation;
    r.updatedAt = utcNow();
    Poco::Nullable<std::string> preceptor = nullIfEmpty(r.preceptorId), overriddenBy = nullIfEmpty(r.overriddenBy);
    Database::WriteTransaction transaction(database_);
    Poco::Data::Statement update(transaction.session());
    update << "UPDATE rotations SET preceptor_id = $1, start_date = $2, end_date = $3, override_conflicts = $4, "
              "overridden_by = $5, updated_at = $6 WHERE id = $7 AND status = $8",
        use(preceptor), use(r.startDate), use(r.endDate), use(r.overrideConflicts), use(overriddenBy),
        use(r.updatedAt), use(r.id), use(r.status);
    if (update.execute() != 1) return false;
    RotationEvent event;
    event.rotationId = r.id;
    event.occurredAt = r.updatedAt;
    event.actorId = actorId;
    event.kind = "update";
    event.action = "update";
    event.detail = detail;
    insertEvent(transaction.session(), event);
    transaction.commit();
    return true;
}

void RotationRepository::appendEvent(const RotationEvent& event) {
    Database::WriteTransaction transaction(database_);
    insertEvent(transaction.session(), event);
    transaction.commit();
}

const char* const kEventColumns =
    "e.id, e.rotation_id, e.occurred_at, e.actor_id, e.kind, e.action, e.from_status, e.to_status, e.body, e.detail, "
    "e.step_completion_id";

RotationEvent readEvent(Poco::Data::RecordSet& rows, std::size_t row) {
    RotationEvent e;
    e.id = rows.value(0, row).convert<Poco::Int64>();
    e.rotationId = text(rows, 1, row);
    e.occurredAt = text(rows, 2, row);
    e.actorId = text(rows, 3, row);
    e.kind = text(rows, 4, row);
    e.action = text(rows, 5, row);
    e.fromStatus = text(rows, 6, row);
    e.toStatus = text(rows, 7, row);
    e.body = text(rows, 8, row);
    e.detail = text(rows, 9, row);
    e.stepCompletionId = text(rows, 10, row);
    return e;
}

std::vector<RotationEvent> RotationRepository::events(const std::string& rotationId, long long afterId, int limit) {
    std::string key = rotationId;
    Poco::Int64 after = afterId;
    int most = limit;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement query(session);
    query << std::string("SELECT ") + kEventColumns +
                 " FROM rotation_events e WHERE e.rotation_id = $1 AND e.id > $2 ORDER BY e.id LIMIT $3",
        use(key), use(after), use(most);
    query.execute();
    Poco::Data::RecordSet rows(query);
    std::vector<RotationEvent> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) found.push_back(readEvent(rows, row));
    return found;
}

std::vector<StepCompletion> RotationRepository::completions(const std::string& rotationId) {
    std::string key = rotationId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement query(session);
    query << "SELECT id, rotation_id, step_id, step_version, phase, position, required, completed_by, state, answers, "
             "document_ids, submitted_by, submitted_at, verified_by, verified_at, reason, expires_at, carried_from "
             "FROM step_completions WHERE rotation_id = $1 ORDER BY CASE phase WHEN 'application' THEN 1 "
             "WHEN 'onboarding' THEN 2 WHEN 'active' THEN 3 WHEN 'offboarding' THEN 4 ELSE 5 END, position, id",
        use(key);
    query.execute();
    Poco::Data::RecordSet rows(query);
    std::vector<StepCompletion> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        const auto t = [&](std::size_t column) { return text(rows, column, row); };
        StepCompletion c;
        c.id = t(0);
        c.rotationId = t(1);
        c.stepId = t(2);
        c.stepVersion = rows.value(3, row).convert<int>();
        c.phase = t(4);
        c.position = rows.value(5, row).convert<int>();
        c.required = rows.value(6, row).convert<int>() != 0;
        c.completedBy = t(7);
        c.state = t(8);
        c.answers = t(9);
        c.documentIds = t(10);
        c.submittedBy = t(11);
        c.submittedAt = t(12);
        c.verifiedBy = t(13);
        c.verifiedAt = t(14);
        c.reason = t(15);
        c.expiresAt = t(16);
        c.carriedFrom = t(17);
        found.push_back(std::move(c));
    }
    return found;
}

std::vector<RotationStep> RotationRepository::applicableSteps(const std::string& serviceId,
                                                              const std::string& schoolId) {
    std::string service = serviceId, school = schoolId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement query(session);
    // The service's steps in the service's order, then the school's in its own.
    query << "SELECT s.id, s.current_version, s.phase, v.required, v.completed_by, 0 AS part, ss.position, "
             "v.once_per_student, v.step_type, v.definition "
             "FROM service_steps ss JOIN steps s ON s.id = ss.step_id "
             "JOIN step_versions v ON v.step_id = s.id AND v.version = s.current_version "
             "WHERE ss.service_id = $1 AND s.archived = 0 "
             "UNION ALL "
             "SELECT s.id, s.current_version, s.phase, v.required, v.completed_by, 1 AS part, s.position, "
             "v.once_per_student, v.step_type, v.definition "
             "FROM steps s JOIN step_versions v ON v.step_id = s.id AND v.version = s.current_version "
             "WHERE s.organization_id = $2 AND s.archived = 0 "
             "ORDER BY 6, 7",
        use(service), use(school);
    query.execute();
    Poco::Data::RecordSet rows(query);
    std::vector<RotationStep> steps;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        RotationStep s;
        s.stepId = text(rows, 0, row);
        s.version = rows.value(1, row).convert<int>();
        s.phase = text(rows, 2, row);
        s.required = rows.value(3, row).convert<int>() != 0;
        s.completedBy = text(rows, 4, row);
        s.oncePerStudent = rows.value(7, row).convert<int>() != 0;
        s.stepType = text(rows, 8, row);
        s.definition = text(rows, 9, row);
        // The built-in types are domain::isBuiltInStepType's; every other is a plugin's.
        s.pluginType = s.stepType != "form" && s.stepType != "document" && s.stepType != "confirmation";
        s.position = static_cast<int>(row) + 1;
        steps.push_back(std::move(s));
    }
    return steps;
}

namespace {

std::vector<std::pair<std::string, std::string>> datesWhere(Database& database, const std::string& column,
                                                            const std::string& who, const std::string& exceptId) {
    std::string person = who, except = exceptId;
    std::vector<std::string> starts, ends;
    Poco::Data::Session session = database.session();
    session << "SELECT start_date, end_date FROM rotations WHERE " + column +
                   " = $1 AND holds_place = 1 AND status <> 'completed' AND id <> $2 ORDER BY start_date",
        use(person), use(except), into(starts), into(ends), now;
    std::vector<std::pair<std::string, std::string>> dates;
    for (std::size_t i = 0; i < starts.size(); ++i) dates.emplace_back(starts[i], ends[i]);
    return dates;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> RotationRepository::studentDates(const std::string& studentId,
                                                                                  const std::string& exceptId) {
    return datesWhere(database_, "student_id", studentId, exceptId);
}

std::vector<std::pair<std::string, std::string>> RotationRepository::preceptorDates(const std::string& preceptorId,
                                                                                    const std::string& exceptId) {
    return datesWhere(database_, "preceptor_id", preceptorId, exceptId);
}

int RotationRepository::schoolPlaces(const std::string& windowId, const std::string& schoolId) {
    Poco::Data::Session session = database_.session();
    return placesOfSchool(session, windowId, schoolId);
}

int RotationRepository::schoolLimit(const std::string& windowId, const std::string& schoolId) {
    std::string window = windowId, school = schoolId;
    std::vector<int> most;
    Poco::Data::Session session = database_.session();
    session << "SELECT max_students FROM capacity_school_limits WHERE window_id = $1 AND school_id = $2",
        use(window), use(school), into(most), now;
    return most.empty() ? 0 : most.front();
}

std::vector<Elective> RotationRepository::searchElectives(const ElectiveQuery& q) {
    // Only the filters given become SQL: an optional filter written as
    // "($n = '' OR …)" keeps the planner from using any index for it.
    std::vector<std::string> values;
    std::string where = "w.workflow = 'student_requested' AND s.active = 1";
    const auto add = [&](std::string clause, const std::vector<std::string>& bound) {
        for (const auto& value : bound) {
            values.push_back(value);
            clause.replace(clause.find('?'), 1, "$" + std::to_string(values.size()));
        }
        where += " AND " + clause;
    };
    if (!q.specialty.empty()) add("LOWER(s.specialty) = LOWER(?)", {q.specialty});
    if (!q.facilityId.empty()) add("o.id = ?", {q.facilityId});
    if (!q.location.empty()) add("LOWER(s.location) LIKE LOWER(?)", {"%" + q.location + "%"});
    if (!q.text.empty()) {
        const std::string pattern = "%" + q.text + "%";
        add("(LOWER(s.name) LIKE LOWER(?) OR LOWER(s.specialty) LIKE LOWER(?) OR LOWER(s.description) LIKE LOWER(?) "
            "OR LOWER(o.name) LIKE LOWER(?))",
            {pattern, pattern, pattern, pattern});
    }
    if (!q.from.empty()) add("w.end_date >= ?", {q.from});
    if (!q.to.empty()) add("w.start_date <= ?", {q.to});
    if (!q.openOn.empty())
        add("w.end_date >= ? AND (w.application_deadline IS NULL OR w.application_deadline >= ?)", {q.openOn, q.openOn});
    if (q.withFreePlaces) where += " AND w.booked < w.capacity";
    const std::string order = q.descending ? "DESC" : "ASC";
    const std::string beyond = q.descending ? "<" : ">";
    if (!q.after.empty())
        add("(w.start_date " + beyond + " (SELECT a.start_date FROM capacity_windows a WHERE a.id = ?) "
            "OR (w.start_date = (SELECT b.start_date FROM capacity_windows b WHERE b.id = ?) AND w.id " + beyond + " ?))",
            {q.after, q.after, q.after});
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement query(session);
    query << "SELECT w.id, s.id, s.name, s.specialty, s.location, s.description, o.id, o.name, w.start_date, "
             "w.end_date, w.application_deadline, w.capacity, w.booked "
             "FROM capacity_windows w JOIN services s ON s.id = w.service_id "
             "JOIN organizations o ON o.id = s.organization_id WHERE " + where +
                 " ORDER BY w.start_date " + order + ", w.id " + order + " LIMIT " + std::to_string(q.limit);
    for (auto& value : values) query, use(value);
    query.execute();
    Poco::Data::RecordSet rows(query);
    std::vector<Elective> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        const auto t = [&](std::size_t column) { return text(rows, column, row); };
        Elective e;
        e.windowId = t(0);
        e.serviceId = t(1);
        e.serviceName = t(2);
        e.specialty = t(3);
        e.location = t(4);
        e.description = t(5);
        e.facilityId = t(6);
        e.facilityName = t(7);
        e.startDate = t(8);
        e.endDate = t(9);
        e.applicationDeadline = t(10);
        e.capacity = rows.value(11, row).convert<int>();
        e.booked = rows.value(12, row).convert<int>();
        found.push_back(std::move(e));
    }
    return found;
}

std::vector<Rotation> RotationRepository::readyToMark() {
    return select("r.status = 'onboarding' AND NOT " + pendingRequired("'application', 'onboarding'"), {});
}

std::vector<Rotation> RotationRepository::noLongerReady() {
    return select("r.status = 'ready' AND " + pendingRequired("'application', 'onboarding'"), {});
}

std::vector<Rotation> RotationRepository::notReadyAtStart(const std::string& today) {
    return select("r.status = 'onboarding' AND r.start_date <= $1 AND EXISTS (SELECT 1 FROM organization_settings o "
                  "WHERE o.organization_id = r.facility_id AND o.name = 'rotations.closeNotReadyAtStart' "
                  "AND o.value = 'true')",
                  {today});
}

std::vector<Rotation> RotationRepository::dueToStart(const std::string& today) {
    return select("r.status = 'ready' AND r.start_date <= $1", {today});
}

std::vector<std::pair<Rotation, bool>> RotationRepository::dueToEnd(const std::string& today) {
    std::vector<std::pair<Rotation, bool>> due;
    for (auto& r : select("r.status = 'active' AND r.end_date <= $1", {today})) {
        std::string key = r.id;
        int offboarding = 0;
        Poco::Data::Session session = database_.session();
        session << "SELECT COUNT(*) FROM step_completions WHERE rotation_id = $1 AND phase = 'offboarding'", use(key),
            into(offboarding), now;
        due.emplace_back(std::move(r), offboarding > 0);
    }
    return due;
}

std::vector<Rotation> RotationRepository::offboardingDone() {
    return select("r.status = 'offboarding' AND NOT " + pendingRequired("'offboarding'"), {});
}

std::string RotationRepository::setting(const std::string& organizationId, const std::string& name,
                                        const std::string& fallback) {
    std::string org = organizationId, key = name;
    std::vector<std::string> values;
    Poco::Data::Session session = database_.session();
    session << "SELECT value FROM organization_settings WHERE organization_id = $1 AND name = $2", use(org), use(key),
        into(values), now;
    return values.empty() ? fallback : values.front();
}

void RotationRepository::putSetting(const std::string& organizationId, const std::string& name,
                                    const std::string& value, const std::string& updatedBy) {
    std::string org = organizationId, key = name, v = value, by = updatedBy, at = utcNow();
    Database::WriteTransaction transaction(database_);
    transaction.session() << "INSERT INTO organization_settings (organization_id, name, value, updated_by, updated_at) "
                             "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organization_id, name) DO UPDATE SET "
                             "value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        use(org), use(key), use(v), use(by), use(at), now;
    transaction.commit();
}

bool RotationRepository::shareRotation(const std::string& userA, const std::string& userB) {
    // A user is one of a rotation's people as its student or preceptor, or through
    // a staff role in its school or facility. Three indexed questions instead of
    // one scan: A on it in person, B on it in person, or both through their staff
    // roles in its two organizations (a school's and a facility's coordinator).
    const std::string live = "r.status NOT IN ('draft', 'cancelled', 'declined')";
    const auto staffOf = [](const std::string& param) {
        return "EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = " + param +
               " AND ((m.organization_id = r.school_id AND m.role IN ('admin', 'coordinator', 'faculty')) OR "
               "(m.organization_id = r.facility_id AND m.role IN ('admin', 'coordinator'))))";
    };
    Poco::Data::Session session = database_.session();
    for (const auto& [person, other] : {std::pair(userA, userB), std::pair(userB, userA)}) {
        std::string p1 = person, p2 = person, o1 = other, o2 = other, o3 = other;
        int found = 0;
        session << "SELECT COUNT(*) FROM (SELECT 1 FROM rotations r WHERE (r.student_id = $1 OR r.preceptor_id = $2) AND " +
                       live + " AND (r.student_id = $3 OR r.preceptor_id = $4 OR " + staffOf("$5") + ") LIMIT 1) AS hit",
            use(p1), use(p2), use(o1), use(o2), use(o3), into(found), now;
        if (found > 0) return true;
    }
    std::string a1 = userA, b1 = userB, b2 = userB, a2 = userA;
    int found = 0;
    session << "SELECT COUNT(*) FROM (SELECT 1 FROM rotations r JOIN memberships ma ON ma.organization_id = r.school_id "
               "JOIN memberships mb ON mb.organization_id = r.facility_id "
               "WHERE ma.user_id = $1 AND ma.role IN ('admin', 'coordinator', 'faculty') AND mb.user_id = $2 "
               "AND mb.role IN ('admin', 'coordinator') AND " + live +
               " UNION ALL SELECT 1 FROM rotations r JOIN memberships mb ON mb.organization_id = r.school_id "
               "JOIN memberships ma ON ma.organization_id = r.facility_id "
               "WHERE mb.user_id = $3 AND mb.role IN ('admin', 'coordinator', 'faculty') AND ma.user_id = $4 "
               "AND ma.role IN ('admin', 'coordinator') AND " + live + " LIMIT 1) AS hit",
        use(a1), use(b1), use(b2), use(a2), into(found), now;
    return found > 0;
}

}  // namespace rotunda::store
