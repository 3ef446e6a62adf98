// RotationSubsystem.cpp — the background job that moves rotations along by themselves.
#include "app/RotationSubsystem.h"

#include "app/Settings.h"
#include "domain/Calendar.h"
#include "domain/Rotations.h"
#include "domain/StepCompletions.h"
#include "store/AuditRepository.h"
#include "store/DatabaseSubsystem.h"
#include "store/JobLeaseRepository.h"
#include "store/RotationRepository.h"
#include "store/StepCompletionRepository.h"

#include <Poco/Logger.h>
#include <Poco/Util/Application.h>

namespace rotunda::app {
namespace {

constexpr const char* kJob = "rotation-transitions";
const std::string kNotReadyReason = "not ready by the start date (closed by the facility's setting)";

Poco::Logger& log() { return Poco::Logger::get("rotunda.rotations"); }

// Takes `action` as the system on `r`; true when the rotation moved. A rotation
// someone else moved meanwhile is left alone.
bool move(store::Database& database, store::Rotation& r, const std::string& action, const std::string& id) {
    std::string to;
    const domain::RotationContext context{r.statusBeforeCancel, r.statusBeforePause, r.cancelledParty};
    if (domain::checkRotationTransition(r.status, action, domain::RotationParty::System,
                                        action == "close" ? kNotReadyReason : "", context, to) !=
        domain::RotationRefusal::Allowed)
        return false;
    store::Rotation after = r;
    after.status = to;
    after.holdsPlace = domain::holdsPlace(to);
    if (to == "cancelled") {
        after.reason = kNotReadyReason;
        after.statusBeforeCancel = r.status;
        after.cancelledBy.clear();
        after.cancelledParty = "system";
    }
    const std::string detail = "{\"from\":\"" + r.status + "\",\"to\":\"" + to + "\",\"party\":\"system\"}";
    if (store::RotationRepository(database).changeStatus(after, r.status, 0, false, "", action, detail) !=
        store::BookingResult::Done)
        return false;
    store::AuditEvent event;
    event.actorName = "rotation job";
    event.action = "rotation." + action;
    event.recordType = "rotation";
    event.recordId = r.id;
    event.detail = detail;
    store::AuditRepository(database).append(event);
    log().information(id + " rotation " + r.id + " " + r.status + " -> " + to + " (" + action + ")");
    r = after;
    return true;
}

// Expires one verified completion whose verification lapsed; true when it
// moved. A rotation that was ready stays ready: the transition table has no
// move from ready back to onboarding (docs/rotations.md), so the lapse is
// logged for the facility and shown in the rotation's progress.
bool expire(store::Database& database, store::StepCompletion c, const std::string& today) {
    std::string to;
    if (!domain::isExpiredOn(c.expiresAt, today) ||
        domain::checkStepTransition(c.state, "expire", domain::StepParty::System, "", to) !=
            domain::StepRefusal::Allowed)
        return false;
    const std::string from = c.state;
    c.state = to;
    const std::string detail = "{\"stepId\":\"" + c.stepId + "\",\"completionId\":\"" + c.id +
                               "\",\"from\":\"verified\",\"to\":\"expired\",\"expiresAt\":\"" + c.expiresAt + "\"}";
    store::RotationEvent event;
    event.rotationId = c.rotationId;
    event.kind = "step";
    event.action = "step.expired";
    event.detail = detail;
    if (!store::StepCompletionRepository(database).update(c, from, event)) return false;
    store::AuditEvent audit;
    audit.actorName = "rotation job";
    audit.action = "step.expired";
    audit.recordType = "rotation";
    audit.recordId = c.rotationId;
    audit.detail = detail;
    store::AuditRepository(database).append(audit);
    log().information("RTR0007 step " + c.stepId + " of rotation " + c.rotationId + " expired (verified until " +
                      c.expiresAt + ")");
    const auto rotation = store::RotationRepository(database).findById(c.rotationId);
    if (rotation && rotation->status == "ready" && c.required &&
        (c.phase == "application" || c.phase == "onboarding"))
        log().warning("RTR0008 rotation " + c.rotationId + " is ready, but its required step " + c.stepId +
                      " expired; it stays ready (no move back to onboarding): the facility should have it renewed");
    return true;
}

}  // namespace

RotationSettings RotationSettings::fromConfiguration(const Poco::Util::AbstractConfiguration& config) {
    RotationSettings s;
    s.checkIntervalSeconds = static_cast<int>(readInt(config, "rotations.checkIntervalSeconds", 300, 1, 86400));
    s.preceptorMaxStudents = static_cast<int>(readInt(config, "rotations.preceptorMaxStudents", 2, 0, 1000));
    return s;
}

int RotationSubsystem::checkOnce(store::Database& database, const RotationSettings& settings,
                                 const std::string& holder, const std::string& today) {
    const int leaseSeconds = settings.checkIntervalSeconds * 2 + 60;
    if (!store::JobLeaseRepository(database).tryAcquire(kJob, holder, leaseSeconds)) return 0;
    store::RotationRepository rotations(database);
    int moved = 0;
    // Lapsed verifications first, so that a step expiring today does not make a rotation ready.
    for (auto& c : store::StepCompletionRepository(database).dueToExpire(today)) moved += expire(database, c, today) ? 1 : 0;
    for (auto& r : rotations.readyToMark()) moved += move(database, r, "mark_ready", "RTR0001") ? 1 : 0;
    for (auto& r : rotations.notReadyAtStart(today)) moved += move(database, r, "close", "RTR0002") ? 1 : 0;
    for (auto& r : rotations.dueToStart(today)) moved += move(database, r, "start", "RTR0003") ? 1 : 0;
    for (auto& [r, offboarding] : rotations.dueToEnd(today))
        moved += move(database, r, offboarding ? "offboard" : "complete", "RTR0004") ? 1 : 0;
    for (auto& r : rotations.offboardingDone()) moved += move(database, r, "complete", "RTR0004") ? 1 : 0;
    return moved;
}

RotationSubsystem::~RotationSubsystem() { uninitialize(); }

void RotationSubsystem::initialize(Poco::Util::Application& app) {
    settings_ = RotationSettings::fromConfiguration(app.config());
    database_ = &app.getSubsystem<store::DatabaseSubsystem>().database();
    job_.start(*database_, log(),
               {kJob, settings_.checkIntervalSeconds, true, "RTR0005 rotation round failed",
                "RTR0006 could not release the rotation job lease"},
               [this](const std::string& holder) { checkOnce(*database_, settings_, holder, domain::todayUtc()); });
}

void RotationSubsystem::uninitialize() { job_.stop(); }


}  // namespace rotunda::app
