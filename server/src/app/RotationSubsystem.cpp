// RotationSubsystem.cpp — the background job that moves rotations along by themselves.
#include "app/RotationSubsystem.h"

#include "api/PluginStepTypes.h"
#include "api/RotationNotices.h"
#include "app/Settings.h"
#include "domain/Calendar.h"
#include "domain/Rotations.h"
#include "domain/StepCompletions.h"
#include "domain/TimeZones.h"
#include "mail/MailSubsystem.h"
#include "store/AuditRepository.h"
#include "store/DatabaseSubsystem.h"
#include "store/JobLeaseRepository.h"
#include "store/RotationRepository.h"
#include "store/StepCompletionRepository.h"

#include <Poco/JSON/Stringifier.h>
#include <Poco/Logger.h>
#include <Poco/Util/Application.h>

#include <map>
#include <sstream>

namespace rotunda::app {
namespace {

constexpr const char* kJob = "rotation-transitions";
const std::string kNotReadyReason = "not ready by the start date (closed by the facility's setting)";

Poco::Logger& log() { return Poco::Logger::get("rotunda.rotations"); }

// Each facility's local date at the round's `now`, from its time zone (decision
// 0023), asked once per facility and round: dates of rotations and steps are the
// facility's days, not UTC's.
class FacilityDates {
public:
    FacilityDates(store::Database& database, std::chrono::system_clock::time_point now)
        : database_(database), now_(now) {}

    const std::string& today(const std::string& facilityId) {
        auto known = dates_.find(facilityId);
        if (known == dates_.end())
            known =
                dates_.emplace(facilityId, domain::localDate(api::facilityTimeZone(database_, facilityId), now_)).first;
        return known->second;
    }

    // The latest local date any facility can have now (zones reach UTC+14): the
    // repositories are asked for candidates up to it, and each candidate is then
    // compared with its own facility's date.
    std::string latest() const { return domain::addDays(domain::localDate("UTC", now_), 1); }

private:
    store::Database& database_;
    std::chrono::system_clock::time_point now_;
    std::map<std::string, std::string> dates_;
};

// Takes `action` as the system on `r`; true when the rotation moved. A rotation
// someone else moved meanwhile is left alone. `extra` adds members to the
// event's detail (a JSON object's members, without braces); `why` goes to the log.
bool move(store::Database& database, store::Rotation& r, const std::string& action, const std::string& id,
          const std::string& extra = "", const std::string& why = "") {
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
    const std::string detail = "{\"from\":\"" + r.status + "\",\"to\":\"" + to + "\",\"party\":\"system\"" +
                               (extra.empty() ? "" : "," + extra) + "}";
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
    log().information(id + " rotation " + r.id + " " + r.status + " -> " + to + " (" + action +
                      (why.empty() ? "" : ": " + why) + ")");
    r = after;
    return true;
}

std::string jsonText(const std::string& text) {
    std::ostringstream out;
    Poco::JSON::Stringifier::formatString(text, out);
    return out.str();
}

// Expires one verified completion whose verification lapsed on its facility's
// `today`; true when it moved. A ready rotation it leaves short of a required
// step is taken back to onboarding by unready, later in the same round.
bool expire(store::Database& database, store::StepCompletion c, FacilityDates& dates) {
    const auto rotation = store::RotationRepository(database).findById(c.rotationId);
    if (!rotation) return false;
    std::string to;
    if (!domain::isExpiredOn(c.expiresAt, dates.today(rotation->facilityId)) ||
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
    return true;
}

// Takes a ready rotation whose required application or onboarding steps are no
// longer all verified or waived back to onboarding, with the lapsed steps in its
// event, and mails its student and whoever completes those steps; true when it moved.
bool unready(store::Database& database, api::RotationNotices& notices, store::Rotation r) {
    std::vector<api::LapsedStep> lapsed;
    std::string steps;
    for (const auto& s : store::StepCompletionRepository(database).forRotation(r.id)) {
        const auto& c = s.completion;
        if (!c.required || (c.phase != "application" && c.phase != "onboarding") || c.state == "verified" ||
            c.state == "waived")
            continue;
        lapsed.push_back({s.name, c.completedBy, c.state});
        if (!steps.empty()) steps += ",";
        steps += "{\"stepId\":" + jsonText(c.stepId) + ",\"completionId\":" + jsonText(c.id) +
                 ",\"name\":" + jsonText(s.name) + ",\"state\":" + jsonText(c.state) + "}";
    }
    if (lapsed.empty()) return false;
    const std::string reason = api::lapsedReason(lapsed);
    if (!move(database, r, "unready", "RTR0008", "\"reason\":" + jsonText(reason) + ",\"steps\":[" + steps + "]",
              reason))
        return false;
    notices.unready(r.id, lapsed);
    return true;
}

}  // namespace

RotationSettings RotationSettings::fromConfiguration(const Poco::Util::AbstractConfiguration& config) {
    RotationSettings s;
    s.checkIntervalSeconds = static_cast<int>(readInt(config, "rotations.checkIntervalSeconds", 300, 1, 86400));
    s.preceptorMaxStudents = static_cast<int>(readInt(config, "rotations.preceptorMaxStudents", 2, 0, 1000));
    s.publicUrl = readString(config, "http.publicUrl", "http://127.0.0.1:8080", true);
    while (!s.publicUrl.empty() && s.publicUrl.back() == '/') s.publicUrl.pop_back();
    return s;
}

int RotationSubsystem::checkOnce(store::Database& database, mail::Outbox* outbox, const RotationSettings& settings,
                                 const std::string& holder, std::chrono::system_clock::time_point now) {
    const int leaseSeconds = settings.checkIntervalSeconds * 2 + 60;
    if (!store::JobLeaseRepository(database).tryAcquire(kJob, holder, leaseSeconds)) return 0;
    store::RotationRepository rotations(database);
    api::RotationNotices notices(database, outbox, settings.publicUrl);
    FacilityDates dates(database, now);
    const std::string latest = dates.latest();
    const auto onOrBefore = [&dates](const std::string& day, const store::Rotation& r) {
        return day <= dates.today(r.facilityId);
    };
    int moved = 0;
    // Lapsed verifications first, and the ready rotations they leave short of a
    // required step back to onboarding, so that a step expiring today neither
    // makes a rotation ready nor lets a ready one start.
    for (auto& c : store::StepCompletionRepository(database).dueToExpire(latest))
        moved += expire(database, c, dates) ? 1 : 0;
    for (auto& r : rotations.noLongerReady()) moved += unready(database, notices, r) ? 1 : 0;
    for (auto& r : rotations.readyToMark()) moved += move(database, r, "mark_ready", "RTR0001") ? 1 : 0;
    for (auto& r : rotations.notReadyAtStart(latest))
        if (onOrBefore(r.startDate, r)) moved += move(database, r, "close", "RTR0002") ? 1 : 0;
    for (auto& r : rotations.dueToStart(latest))
        if (onOrBefore(r.startDate, r)) moved += move(database, r, "start", "RTR0003") ? 1 : 0;
    for (auto& [r, offboarding] : rotations.dueToEnd(latest))
        if (onOrBefore(r.endDate, r)) moved += move(database, r, offboarding ? "offboard" : "complete", "RTR0004") ? 1 : 0;
    for (auto& r : rotations.offboardingDone()) moved += move(database, r, "complete", "RTR0004") ? 1 : 0;
    return moved;
}

RotationSubsystem::~RotationSubsystem() { uninitialize(); }

void RotationSubsystem::initialize(Poco::Util::Application& app) {
    settings_ = RotationSettings::fromConfiguration(app.config());
    database_ = &app.getSubsystem<store::DatabaseSubsystem>().database();
    outbox_ = &app.getSubsystem<mail::MailSubsystem>().outbox();
    job_.start(*database_, log(),
               {kJob, settings_.checkIntervalSeconds, true, "RTR0005 rotation round failed",
                "RTR0006 could not release the rotation job lease"},
               [this](const std::string& holder) {
                   checkOnce(*database_, outbox_, settings_, holder, std::chrono::system_clock::now());
               });
}

void RotationSubsystem::uninitialize() { job_.stop(); }

}  // namespace rotunda::app
