// StepCompletionRepository.cpp — the steps of a rotation as people work on them.
#include "store/StepCompletionRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

const std::string kColumns =
    "c.id, c.rotation_id, c.step_id, c.step_version, c.phase, c.position, c.required, c.completed_by, c.state, "
    "c.answers, c.document_ids, c.submitted_by, c.submitted_at, c.verified_by, c.verified_at, c.reason, "
    "c.expires_at, c.carried_from, v.name, v.instructions, v.step_type, v.definition, s.organization_id, "
    "v.expiry_days, v.once_per_student, c.facts, c.review_reasons";

const std::string kFrom = " FROM step_completions c JOIN step_versions v ON v.step_id = c.step_id AND "
                          "v.version = c.step_version JOIN steps s ON s.id = c.step_id";

const std::string kOrder = " ORDER BY CASE c.phase WHEN 'application' THEN 1 WHEN 'onboarding' THEN 2 "
                           "WHEN 'active' THEN 3 WHEN 'offboarding' THEN 4 ELSE 5 END, c.position, c.id";

std::string text(Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? std::string() : rows.value(column, row).convert<std::string>();
}

Poco::Nullable<std::string> nullIfEmpty(const std::string& value) {
    return value.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(value);
}

}  // namespace

std::vector<StepOnRotation> StepCompletionRepository::select(const std::string& where, std::vector<std::string> values) {
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement query(session);
    query << "SELECT " + kColumns + kFrom + " WHERE " + where + kOrder;
    for (auto& value : values) query, use(value);
    query.execute();
    Poco::Data::RecordSet rows(query);
    std::vector<StepOnRotation> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        const auto t = [&](std::size_t column) { return text(rows, column, row); };
        StepOnRotation s;
        StepCompletion& c = s.completion;
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
        s.name = t(18);
        s.instructions = t(19);
        s.stepType = t(20);
        s.definition = t(21);
        s.ownerId = t(22);
        s.expiryDays = rows.value(23, row).isEmpty() ? 0 : rows.value(23, row).convert<int>();
        s.oncePerStudent = rows.value(24, row).convert<int>() != 0;
        c.facts = t(25).empty() ? "[]" : t(25);
        c.reviewReasons = t(26);
        found.push_back(std::move(s));
    }
    return found;
}

std::vector<StepOnRotation> StepCompletionRepository::forRotation(const std::string& rotationId) {
    return select("c.rotation_id = $1", {rotationId});
}

std::optional<StepOnRotation> StepCompletionRepository::find(const std::string& rotationId, const std::string& stepId) {
    auto found = select("c.rotation_id = $1 AND c.step_id = $2", {rotationId, stepId});
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::optional<StepOnRotation> StepCompletionRepository::findById(const std::string& completionId) {
    auto found = select("c.id = $1", {completionId});
    if (found.empty()) return std::nullopt;
    return found.front();
}

bool StepCompletionRepository::update(const StepCompletion& after, const std::string& fromState,
                                      const RotationEvent& event) {
    const std::string updated = event.occurredAt.empty() ? utcNow() : event.occurredAt;
    StepCompletion c = after;
    std::string from = fromState, stamp = updated;
    Poco::Nullable<std::string> submittedBy = nullIfEmpty(c.submittedBy), submittedAt = nullIfEmpty(c.submittedAt),
                                verifiedBy = nullIfEmpty(c.verifiedBy), verifiedAt = nullIfEmpty(c.verifiedAt),
                                expiresAt = nullIfEmpty(c.expiresAt);
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    Poco::Data::Statement change(session);
    change << "UPDATE step_completions SET state = $1, answers = $2, document_ids = $3, submitted_by = $4, "
              "submitted_at = $5, verified_by = $6, verified_at = $7, reason = $8, expires_at = $9, updated_at = $10, "
              "facts = $11, review_reasons = $12 WHERE id = $13 AND state = $14",
        use(c.state), use(c.answers), use(c.documentIds), use(submittedBy), use(submittedAt), use(verifiedBy),
        use(verifiedAt), use(c.reason), use(expiresAt), use(stamp), use(c.facts), use(c.reviewReasons), use(c.id),
        use(from);
    if (change.execute() != 1) return false;
    RotationEvent e = event;
    Poco::Nullable<std::string> actor = nullIfEmpty(e.actorId);
    std::string completion = c.id, at = updated;
    session << "INSERT INTO rotation_events (rotation_id, occurred_at, actor_id, kind, action, step_completion_id, "
               "body, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        use(e.rotationId), use(at), use(actor), use(e.kind), use(e.action), use(completion), use(e.body),
        use(e.detail), now;
    transaction.commit();
    return true;
}

std::optional<StepOnRotation> StepCompletionRepository::carryOverSource(const std::string& studentId,
                                                                      const std::string& stepId,
                                                                      const std::string& today) {
    // The same choice as RotationRepository::create's carry-over: the latest
    // verified, unlapsed completion of the step on any of the student's rotations.
    Poco::Data::Session session = database_.session();
    std::string student = studentId, step = stepId, day = today;
    std::vector<std::string> ids;
    session << "SELECT c.id FROM step_completions c JOIN rotations o ON o.id = c.rotation_id "
               "WHERE o.student_id = $1 AND c.step_id = $2 AND c.state = 'verified' "
               "AND (c.expires_at IS NULL OR c.expires_at >= $3) ORDER BY c.verified_at DESC, c.id LIMIT 1",
        use(student), use(step), use(day), into(ids), now;
    if (ids.empty()) return std::nullopt;
    return findById(ids.front());
}

std::vector<StepCompletion> StepCompletionRepository::dueToExpire(const std::string& today) {
    std::vector<StepCompletion> due;
    // expires_at holds the last day the verification is good for (YYYY-MM-DD, or
    // a later time of that day from a plugin): it lapses once that day is over.
    for (auto& s : select("c.state = 'verified' AND c.expires_at IS NOT NULL AND c.expires_at < $1", {today}))
        due.push_back(std::move(s.completion));
    return due;
}

}  // namespace rotunda::store
