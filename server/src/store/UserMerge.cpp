// UserMerge.cpp — merging a duplicate account B into account A.
#include "store/UserMerge.h"

#include "store/AuditRepository.h"
#include "store/Clock.h"

#include <Poco/Data/Session.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

/// One kind of record a user owns. `duplicates` counts B's rows that A already
/// has (dropped, not moved); `drop` deletes them; `move` hands the rest to A.
/// SQLite numbers "$n" parameters in the order they first appear, so every
/// statement names them in that order: count, duplicates and drop take
/// $1 = B (from), $2 = A (into); move takes $1 = A (into), $2 = B (from).
struct Mover {
    const char* what;
    const char* count;
    const char* duplicates;  ///< nullptr: no duplicates possible
    const char* drop;
    const char* move;
};

const Mover kMovers[] = {
    {"memberships", "SELECT COUNT(*) FROM memberships WHERE user_id = $1",
     "SELECT COUNT(*) FROM memberships b WHERE b.user_id = $1 AND EXISTS (SELECT 1 FROM memberships a "
     "WHERE a.user_id = $2 AND a.organization_id = b.organization_id AND a.role = b.role)",
     "DELETE FROM memberships WHERE user_id = $1 AND EXISTS (SELECT 1 FROM memberships a WHERE a.user_id = $2 "
     "AND a.organization_id = memberships.organization_id AND a.role = memberships.role)",
     "UPDATE memberships SET user_id = $1 WHERE user_id = $2"},
    {"student profiles", "SELECT COUNT(*) FROM student_profiles WHERE user_id = $1",
     "SELECT COUNT(*) FROM student_profiles b WHERE b.user_id = $1 AND EXISTS (SELECT 1 FROM student_profiles a "
     "WHERE a.user_id = $2 AND a.organization_id = b.organization_id)",
     "DELETE FROM student_profiles WHERE user_id = $1 AND EXISTS (SELECT 1 FROM student_profiles a "
     "WHERE a.user_id = $2 AND a.organization_id = student_profiles.organization_id)",
     "UPDATE student_profiles SET user_id = $1 WHERE user_id = $2"},
    {"external identities", "SELECT COUNT(*) FROM external_identities WHERE user_id = $1", nullptr, nullptr,
     "UPDATE external_identities SET user_id = $1 WHERE user_id = $2"},
    {"documents", "SELECT COUNT(*) FROM documents WHERE record_type IN ('user', 'profile') AND record_id = $1",
     nullptr, nullptr,
     "UPDATE documents SET record_id = $1 WHERE record_type IN ('user', 'profile') AND record_id = $2"},
    {"documents uploaded", "SELECT COUNT(*) FROM documents WHERE uploaded_by = $1", nullptr, nullptr,
     "UPDATE documents SET uploaded_by = $1 WHERE uploaded_by = $2"},
    {"invitations accepted", "SELECT COUNT(*) FROM invitations WHERE user_id = $1", nullptr, nullptr,
     "UPDATE invitations SET user_id = $1 WHERE user_id = $2"},
    {"invitations sent", "SELECT COUNT(*) FROM invitations WHERE invited_by = $1", nullptr, nullptr,
     "UPDATE invitations SET invited_by = $1 WHERE invited_by = $2"},
    {"rotations", "SELECT COUNT(*) FROM rotations WHERE student_id = $1", nullptr, nullptr,
     "UPDATE rotations SET student_id = $1 WHERE student_id = $2"},
    {"rotations precepted", "SELECT COUNT(*) FROM rotations WHERE preceptor_id = $1", nullptr, nullptr,
     "UPDATE rotations SET preceptor_id = $1 WHERE preceptor_id = $2"},
    {"rotations created", "SELECT COUNT(*) FROM rotations WHERE created_by = $1", nullptr, nullptr,
     "UPDATE rotations SET created_by = $1 WHERE created_by = $2"},
    {"rotations cancelled", "SELECT COUNT(*) FROM rotations WHERE cancelled_by = $1", nullptr, nullptr,
     "UPDATE rotations SET cancelled_by = $1 WHERE cancelled_by = $2"},
    {"rotation overrides", "SELECT COUNT(*) FROM rotations WHERE overridden_by = $1", nullptr, nullptr,
     "UPDATE rotations SET overridden_by = $1 WHERE overridden_by = $2"},
    {"steps submitted", "SELECT COUNT(*) FROM step_completions WHERE submitted_by = $1", nullptr, nullptr,
     "UPDATE step_completions SET submitted_by = $1 WHERE submitted_by = $2"},
    {"steps verified", "SELECT COUNT(*) FROM step_completions WHERE verified_by = $1", nullptr, nullptr,
     "UPDATE step_completions SET verified_by = $1 WHERE verified_by = $2"},
    {"rotation activity", "SELECT COUNT(*) FROM rotation_events WHERE actor_id = $1", nullptr, nullptr,
     "UPDATE rotation_events SET actor_id = $1 WHERE actor_id = $2"},
    {"organization settings", "SELECT COUNT(*) FROM organization_settings WHERE updated_by = $1", nullptr, nullptr,
     "UPDATE organization_settings SET updated_by = $1 WHERE updated_by = $2"},
    {"connections requested", "SELECT COUNT(*) FROM connections WHERE requester_id = $1", nullptr, nullptr, "UPDATE connections SET requester_id = $1 WHERE requester_id = $2"},
    {"connections received", "SELECT COUNT(*) FROM connections WHERE addressee_id = $1", nullptr, nullptr, "UPDATE connections SET addressee_id = $1 WHERE addressee_id = $2"},
    {"blocks made", "SELECT COUNT(*) FROM blocks WHERE blocker_id = $1", "SELECT COUNT(*) FROM blocks b WHERE b.blocker_id = $1 AND EXISTS (SELECT 1 FROM blocks a WHERE a.blocker_id = $2 AND a.blocked_id = b.blocked_id)", "DELETE FROM blocks WHERE blocker_id = $1 AND EXISTS (SELECT 1 FROM blocks a WHERE a.blocker_id = $2 AND a.blocked_id = blocks.blocked_id)", "UPDATE blocks SET blocker_id = $1 WHERE blocker_id = $2"},
    {"blocks received", "SELECT COUNT(*) FROM blocks WHERE blocked_id = $1", "SELECT COUNT(*) FROM blocks b WHERE b.blocked_id = $1 AND EXISTS (SELECT 1 FROM blocks a WHERE a.blocked_id = $2 AND a.blocker_id = b.blocker_id)", "DELETE FROM blocks WHERE blocked_id = $1 AND EXISTS (SELECT 1 FROM blocks a WHERE a.blocked_id = $2 AND a.blocker_id = blocks.blocker_id)", "UPDATE blocks SET blocked_id = $1 WHERE blocked_id = $2"},
    {"endorsements given", "SELECT COUNT(*) FROM endorsements WHERE endorser_id = $1", nullptr, nullptr, "UPDATE endorsements SET endorser_id = $1 WHERE endorser_id = $2"},
    {"endorsements received", "SELECT COUNT(*) FROM endorsements WHERE endorsed_id = $1", nullptr, nullptr, "UPDATE endorsements SET endorsed_id = $1 WHERE endorsed_id = $2"},
    {"message threads", "SELECT COUNT(*) FROM thread_members WHERE user_id = $1", "SELECT COUNT(*) FROM thread_members b WHERE b.user_id = $1 AND EXISTS (SELECT 1 FROM thread_members a WHERE a.user_id = $2 AND a.thread_id = b.thread_id)", "DELETE FROM thread_members WHERE user_id = $1 AND EXISTS (SELECT 1 FROM thread_members a WHERE a.user_id = $2 AND a.thread_id = thread_members.thread_id)", "UPDATE thread_members SET user_id = $1 WHERE user_id = $2"},
    {"message threads (other side)", "SELECT COUNT(*) FROM thread_members WHERE other_id = $1", nullptr, nullptr, "UPDATE thread_members SET other_id = $1 WHERE other_id = $2"},
    {"messages sent", "SELECT COUNT(*) FROM messages WHERE sender_id = $1", nullptr, nullptr, "UPDATE messages SET sender_id = $1 WHERE sender_id = $2"},
    {"notification settings", "SELECT COUNT(*) FROM notification_settings WHERE user_id = $1", "SELECT COUNT(*) FROM notification_settings b WHERE b.user_id = $1 AND EXISTS (SELECT 1 FROM notification_settings a WHERE a.user_id = $2 AND a.kind = b.kind)", "DELETE FROM notification_settings WHERE user_id = $1 AND EXISTS (SELECT 1 FROM notification_settings a WHERE a.user_id = $2 AND a.kind = notification_settings.kind)", "UPDATE notification_settings SET user_id = $1 WHERE user_id = $2"},
    {"rotation digests", "SELECT COUNT(*) FROM rotation_digests WHERE user_id = $1", "SELECT COUNT(*) FROM rotation_digests b WHERE b.user_id = $1 AND EXISTS (SELECT 1 FROM rotation_digests a WHERE a.user_id = $2)", "DELETE FROM rotation_digests WHERE user_id = $1 AND EXISTS (SELECT 1 FROM rotation_digests a WHERE a.user_id = $2)", "UPDATE rotation_digests SET user_id = $1 WHERE user_id = $2"},
    {"calendar feed", "SELECT COUNT(*) FROM calendar_feeds WHERE user_id = $1", "SELECT COUNT(*) FROM calendar_feeds b WHERE b.user_id = $1 AND EXISTS (SELECT 1 FROM calendar_feeds a WHERE a.user_id = $2)", "DELETE FROM calendar_feeds WHERE user_id = $1 AND EXISTS (SELECT 1 FROM calendar_feeds a WHERE a.user_id = $2)", "UPDATE calendar_feeds SET user_id = $1 WHERE user_id = $2"},
};

int countOf(Poco::Data::Session& session, const char* sql, const std::string& fromId, const std::string& intoId) {
    std::string b = fromId, a = intoId;
    int count = 0;
    Poco::Data::Statement statement(session);
    statement << sql, use(b);
    if (std::string(sql).find("$2") != std::string::npos) statement, use(a);
    statement, into(count);
    statement.execute();
    return count;
}

void run(Poco::Data::Session& session, const char* sql, const std::string& first, const std::string& second) {
    std::string one = first, two = second;
    Poco::Data::Statement statement(session);
    statement << sql, use(one), use(two);
    statement.execute();
}

std::string describe(const User& user) { return user.name + " <" + user.email + ">"; }

}  // namespace

MergePlan UserMerge::plan(const std::string& fromId, const std::string& intoId) {
    Poco::Data::Session session = database_.session();
    return plan(session, fromId, intoId);
}

MergePlan UserMerge::plan(Poco::Data::Session& session, const std::string& fromId, const std::string& intoId) {
    UserRepository users(database_);
    const auto source = users.findById(fromId);
    const auto target = users.findById(intoId);
    if (!source) throw std::invalid_argument("no user " + fromId);
    if (!target) throw std::invalid_argument("no user " + intoId);
    MergePlan plan;
    plan.from = *source;
    plan.into = *target;
    if (source->id == target->id) plan.conflicts.push_back("an account cannot be merged into itself");
    if (!source->mergedInto.empty())
        plan.conflicts.push_back(describe(*source) + " was merged into " + source->mergedInto + " already");
    if (!target->mergedInto.empty() || target->status == "disabled")
        plan.conflicts.push_back(describe(*target) + " is disabled" +
                                 (target->mergedInto.empty() ? "" : " (merged into " + target->mergedInto + ")") +
                                 "; merge into the account that stays in use");
    if (source->administrator && !target->administrator)
        plan.conflicts.push_back(describe(*source) + " is an administrator and " + describe(*target) +
                                 " is not: make the remaining account an administrator first, or merge the other way");
    for (const Mover& mover : kMovers) {
        const int total = countOf(session, mover.count, source->id, target->id);
        const int duplicates = mover.duplicates ? countOf(session, mover.duplicates, source->id, target->id) : 0;
        plan.moves.emplace_back(mover.what, total - duplicates);
        if (duplicates > 0)
            plan.notes.push_back(std::to_string(duplicates) + " " + mover.what + " that " + describe(*target) +
                                 " already has are dropped");
    }
    std::string b = source->id;
    int sessions = 0;
    session << "SELECT COUNT(*) FROM sessions WHERE user_id = $1", use(b), into(sessions), now;
    if (sessions > 0) plan.notes.push_back(std::to_string(sessions) + " sessions of " + describe(*source) + " end");
    if (!source->photoDocumentId.empty() && target->photoDocumentId.empty())
        plan.notes.push_back(describe(*target) + " takes the profile photo of " + describe(*source));
    return plan;
}

MergePlan UserMerge::apply(const std::string& fromId, const std::string& intoId, const std::string& actorId,
                           const std::string& actorName, const std::string& remoteAddress,
                           const std::string& requestId) {
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    MergePlan plan = this->plan(session, fromId, intoId);
    if (!plan.possible()) throw MergeRefused(plan);
    for (const Mover& mover : kMovers) {
        if (mover.drop) run(session, mover.drop, plan.from.id, plan.into.id);
        run(session, mover.move, plan.into.id, plan.from.id);
    }
    std::string b = plan.from.id, a = plan.into.id, at = utcNow();
    session << "DELETE FROM sessions WHERE user_id = $1", use(b), now;
    session << "DELETE FROM password_tokens WHERE user_id = $1", use(b), now;
    if (!plan.from.photoDocumentId.empty() && plan.into.photoDocumentId.empty()) {
        std::string photo = plan.from.photoDocumentId;
        session << "UPDATE users SET photo_document_id = $1 WHERE id = $2", use(photo), use(a), now;
    }
    session << "UPDATE users SET status = 'disabled', merged_into = $1, photo_document_id = NULL, updated_at = $2 "
               "WHERE id = $3",
        use(a), use(at), use(b), now;

    std::string detail = "{\"from\":\"" + plan.from.id + "\",\"into\":\"" + plan.into.id + "\"";
    for (const auto& [what, count] : plan.moves) detail += ",\"" + what + "\":" + std::to_string(count);
    detail += "}";
    AuditRepository audit(database_);
    for (const std::string& record : {plan.from.id, plan.into.id}) {
        AuditEvent event;
        event.actorId = actorId;
        event.actorName = actorName.empty() ? "rotunda-admin" : actorName;
        event.action = "user.merged";
        event.recordType = "user";
        event.recordId = record;
        event.remoteAddress = remoteAddress;
        event.requestId = requestId;
        event.detail = detail;
        audit.append(session, event);
    }
    transaction.commit();
    return plan;
}

}  // namespace rotunda::store
