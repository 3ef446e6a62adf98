// RotationRoutes.cpp — students on rotations.
//
// A school's (or the facility's) coordinator schedules students onto a
// coordinator_scheduled window; students apply to student_requested windows and
// the facility accepts, waitlists or declines. Every status change goes through
// domain::checkRotationTransition and one repository call that moves the status
// conditionally and books or releases the place in the same transaction, so the
// window is never overbooked (docs/decisions/0014-rotation-lifecycle-and-places.md).
// Conflicts (domain::findConflicts) are refused with 409 unless a facility admin
// overrides them, which is audited (docs/decisions/0015-scheduling-conflicts-and-overrides.md).
#include "api/RotationRoutes.h"

#include "api/AuthRoutes.h"
#include "api/Common.h"
#include "api/PluginStepTypes.h"
#include "api/RotationNotices.h"
#include "api/RotationFilters.h"
#include "api/SetupCommon.h"
#include "domain/Calendar.h"
#include "domain/Policy.h"
#include "domain/RotationNotices.h"
#include "domain/Rotations.h"
#include "http/Json.h"
#include "store/AgreementRepository.h"
#include "store/CapacityWindowRepository.h"
#include "store/OrganizationRepository.h"
#include "store/ReadCache.h"
#include "store/RotationActivityRepository.h"
#include "store/RotationRepository.h"
#include "store/ServiceRepository.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <Poco/NumberParser.h>

#include <algorithm>
#include <chrono>
#include <sstream>

namespace rotunda::api {
namespace {

constexpr std::size_t kMostStudentsAtOnce = 200;
const std::string kCloseSetting = "rotations.closeNotReadyAtStart";

Poco::Dynamic::Var orNull(const std::string& value) {
    return value.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(value);
}

Poco::JSON::Array codesOf(const std::string& commaList) {
    Poco::JSON::Array codes;
    std::size_t start = 0;
    while (start < commaList.size()) {
        const std::size_t comma = commaList.find(',', start);
        const std::size_t end = comma == std::string::npos ? commaList.size() : comma;
        if (end > start) codes.add(commaList.substr(start, end - start));
        start = end + 1;
    }
    return codes;
}

Poco::JSON::Object rotationJson(const store::Rotation& r) {
    Poco::JSON::Object json;
    json.set("id", r.id);
    json.set("studentId", r.studentId);
    json.set("schoolId", r.schoolId);
    json.set("facilityId", r.facilityId);
    json.set("serviceId", r.serviceId);
    json.set("windowId", r.windowId);
    json.set("preceptorId", orNull(r.preceptorId));
    json.set("startDate", r.startDate);
    json.set("endDate", r.endDate);
    json.set("origin", r.origin);
    json.set("status", r.status);
    json.set("holdsPlace", r.holdsPlace);
    json.set("reason", r.reason);
    json.set("statusBeforeCancel", orNull(r.statusBeforeCancel));
    json.set("cancelledBy", orNull(r.cancelledBy));
    json.set("cancelledParty", orNull(r.cancelledParty));
    json.set("statusBeforePause", orNull(r.statusBeforePause));
    json.set("overriddenConflicts", codesOf(r.overrideConflicts));
    json.set("overriddenBy", orNull(r.overriddenBy));
    json.set("createdBy", r.createdBy);
    json.set("createdAt", r.createdAt);
    json.set("updatedAt", r.updatedAt);
    json.set("statusChangedAt", r.statusChangedAt);
    return json;
}

Poco::Dynamic::Var parsedJson(const std::string& text) {
    try {
        return Poco::JSON::Parser().parse(text);
    } catch (const Poco::Exception&) {
        return Poco::Dynamic::Var(text);
    }
}

Poco::JSON::Object completionJson(const store::StepCompletion& c) {
    Poco::JSON::Object json;
    json.set("id", c.id);
    json.set("stepId", c.stepId);
    json.set("stepVersion", c.stepVersion);
    json.set("phase", c.phase);
    json.set("position", c.position);
    json.set("required", c.required);
    json.set("completedBy", c.completedBy);
    json.set("state", c.state);
    json.set("answers", parsedJson(c.answers));
    json.set("documentIds", parsedJson(c.documentIds));
    json.set("submittedBy", orNull(c.submittedBy));
    json.set("submittedAt", orNull(c.submittedAt));
    json.set("verifiedBy", orNull(c.verifiedBy));
    json.set("verifiedAt", orNull(c.verifiedAt));
    json.set("reason", c.reason);
    json.set("expiresAt", orNull(c.expiresAt));
    json.set("carriedFrom", orNull(c.carriedFrom));
    return json;
}

domain::RotationParties partiesOf(const store::Rotation& r) {
    return {r.studentId, r.schoolId, r.facilityId, r.preceptorId, r.status};
}

std::vector<domain::DateRange> ranges(const std::vector<std::pair<std::string, std::string>>& dates) {
    std::vector<domain::DateRange> out;
    for (const auto& [start, end] : dates) out.push_back({start, end});
    return out;
}

std::string conflictCodes(const std::vector<domain::Conflict>& conflicts) {
    std::string codes;
    for (const auto& c : conflicts)
        if (codes.find(c.code) == std::string::npos) codes += (codes.empty() ? "" : ",") + c.code;
    return codes;
}

/// A body that may be absent (actions without members).
Poco::JSON::Object::Ptr optionalBody(http::RequestContext& context) {
    if (context.request().getContentLength64() > 0 || context.request().getChunkedTransferEncoding())
        return context.jsonBody();
    return new Poco::JSON::Object;
}

class RotationHandlers {
public:
    RotationHandlers(auth::AccountService& accounts, int preceptorMax, plugins::PluginHost* plugins,
                     int readCacheSeconds)
        : accounts_(accounts),
          plugins_(plugins),
          preceptorMax_(preceptorMax),
          notices_(accounts.database(), accounts.outbox(), accounts.settings().publicUrl),
          electives_(accounts.database(), std::chrono::seconds(readCacheSeconds), 10000),
          lists_(accounts.database(), std::chrono::seconds(readCacheSeconds), 10000) {}

    void schedule(http::RequestContext& context);
    void searchElectives(http::RequestContext& context);
    void apply(http::RequestContext& context);
    void list(http::RequestContext& context);
    void get(http::RequestContext& context);
    void events(http::RequestContext& context);
    void activity(http::RequestContext& context);
    void comment(http::RequestContext& context);
    void act(http::RequestContext& context, const std::string& action);
    void update(http::RequestContext& context);
    void getSettings(http::RequestContext& context);
    void putSettings(http::RequestContext& context);

private:
    store::Database& database() { return accounts_.database(); }
    store::Rotation requireRotation(const std::string& id, const domain::Caller& caller);
    store::CapacityWindow requireWindow(const std::string& id, const domain::Caller& caller, store::Service& service);
    bool holdsRole(const std::string& userId, const std::string& organizationId, const std::string& role);
    /// The facts the conflict rules need for one student on `window` from start to end.
    domain::BookingFacts factsFor(const store::Rotation& r, const store::CapacityWindow& window, int placesWanted,
                                  int morePreceptorStudents);
    /// Applies the override rules to `conflicts`: nothing to do, throws 409/403,
    /// or returns the overridden codes (and audits nothing yet).
    std::string settleConflicts(const std::vector<std::pair<std::string, domain::Conflict>>& conflicts,
                                bool overrideAsked, const domain::Caller& who, const std::string& facilityId);
    /// The preceptor limit as the repository re-checks it inside the booking transaction.
    store::PreceptorCheck preceptorCheck(const std::string& overridden) const;
    void auditOverride(const auth::Authenticated& caller, http::RequestContext& context, const store::Rotation& r,
                       const std::string& codes, const std::string& action);

    auth::AccountService& accounts_;
    plugins::PluginHost* plugins_;
    int preceptorMax_;
    RotationNotices notices_;
    store::ReadCache<std::string> electives_;  ///< elective search answers, by what was asked
    store::ReadCache<std::string> lists_;      ///< rotation lists, by caller and what was asked
};

store::Rotation RotationHandlers::requireRotation(const std::string& id, const domain::Caller& caller) {
    const auto rotation = store::RotationRepository(database()).findById(id);
    if (!rotation || !domain::mayReadRotation(caller, partiesOf(*rotation)))
        throw http::Problem::notFound("no rotation " + id);
    return *rotation;
}

store::CapacityWindow RotationHandlers::requireWindow(const std::string& id, const domain::Caller& caller,
                                                      store::Service& service) {
    const auto window = store::CapacityWindowRepository(database()).findById(id);
    if (window) {
        const auto owner = store::ServiceRepository(database()).findById(window->serviceId);
        if (owner && domain::mayReadService(caller, owner->organizationId, owner->active) &&
            domain::mayReadCapacity(caller, owner->organizationId, window->workflow, window->schoolId)) {
            service = *owner;
            return *window;
        }
    }
    throw http::Problem::notFound("no capacity window " + id);
}

bool RotationHandlers::holdsRole(const std::string& userId, const std::string& organizationId,
                                 const std::string& role) {
    for (const auto& m : store::OrganizationRepository(database()).membershipsOf(userId))
        if (m.organizationId == organizationId && m.role == role) return true;
    return false;
}

domain::BookingFacts RotationHandlers::factsFor(const store::Rotation& r, const store::CapacityWindow& window,
                                                int placesWanted, int morePreceptorStudents) {
    store::RotationRepository rotations(database());
    domain::BookingFacts facts;
    facts.rotation = {r.startDate, r.endDate};
    facts.window = {window.startDate, window.endDate};
    facts.capacity = window.capacity;
    facts.booked = window.booked;
    facts.placesWanted = placesWanted;
    facts.studentRotations = ranges(rotations.studentDates(r.studentId, r.id));
    facts.agreementCovers = store::AgreementRepository(database())
                                .findActiveCovering(r.facilityId, r.schoolId, r.serviceId, r.startDate, r.endDate)
                                .has_value();
    if (!r.preceptorId.empty()) {
        facts.preceptorRotations = ranges(rotations.preceptorDates(r.preceptorId, r.id));
        for (int i = 0; i < morePreceptorStudents; ++i) facts.preceptorRotations.push_back(facts.rotation);
        facts.preceptorMax = preceptorMax_;
    }
    if (window.workflow == "student_requested") {
        facts.schoolLimit = rotations.schoolLimit(window.id, r.schoolId);
        facts.schoolBooked = rotations.schoolPlaces(window.id, r.schoolId);
    }
    return facts;
}

std::string RotationHandlers::settleConflicts(const std::vector<std::pair<std::string, domain::Conflict>>& conflicts,
                                              bool overrideAsked, const domain::Caller& who,
                                              const std::string& facilityId) {
    if (conflicts.empty()) return "";
    const bool capacity = std::any_of(conflicts.begin(), conflicts.end(),
                                      [](const auto& c) { return !domain::isOverridable(c.second.code); });
    const bool mayOverride = domain::mayOverrideConflicts(who, facilityId);
    if (overrideAsked && !capacity && mayOverride) {
        std::vector<domain::Conflict> plain;
        for (const auto& c : conflicts) plain.push_back(c.second);
        return conflictCodes(plain);
    }
    if (overrideAsked && !capacity && !mayOverride)
        throw http::Problem::forbidden("only the facility's admins override scheduling conflicts");
    std::string detail = capacity ? "there is no free place on the window; capacity is never overbooked (a facility "
                                    "admin may raise the window's capacity)"
                                  : "the rotation conflicts with others; change it, or a facility admin may send "
                                    "\"override\": true";
    http::Problem problem(409, "Rotation conflicts", detail);
    for (const auto& [prefix, c] : conflicts)
        problem.withError(prefix + c.code,
                          c.message + (domain::isOverridable(c.code) ? " (a facility admin may override)" : ""));
    throw problem;
}

store::PreceptorCheck RotationHandlers::preceptorCheck(const std::string& overridden) const {
    if (preceptorMax_ == 0 || overridden.find("preceptor_limit") != std::string::npos) return nullptr;
    const int most = preceptorMax_;
    return [most](const std::vector<std::pair<std::string, std::string>>& others, const store::Rotation& r) {
        std::vector<domain::DateRange> all = ranges(others);
        all.push_back({r.startDate, r.endDate});
        return domain::mostAtOnce(all, {r.startDate, r.endDate}) <= most;
    };
}

void RotationHandlers::auditOverride(const auth::Authenticated& caller, http::RequestContext& context,
                                     const store::Rotation& r, const std::string& codes, const std::string& action) {
    Poco::JSON::Object detail;
    detail.set("conflicts", codesOf(codes));
    detail.set("action", action);
    audit(database(), caller, context, "rotation.override", "rotation", r.id, detail);
    store::RotationEvent event;
    event.rotationId = r.id;
    event.actorId = caller.user.id;
    event.kind = "override";
    event.action = action;
    std::ostringstream json;
    detail.stringify(json);
    event.detail = json.str();
    store::RotationRepository(database()).appendEvent(event);
}

void RotationHandlers::schedule(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    store::Service service;
    const store::CapacityWindow window = requireWindow(context.param("id"), who, service);
    const std::string facilityId = service.organizationId;
    if (window.workflow != "coordinator_scheduled")
        throw http::Problem(409, "Window takes applications",
                            "a student_requested window is filled by students applying; schedule onto a "
                            "coordinator_scheduled window");
    if (!domain::mayScheduleRotations(who, window.schoolId, facilityId))
        throw http::Problem::forbidden("students are scheduled by the coordinators and admins of the school or the facility");
    if (!service.active) throw http::Problem(409, "Service archived", "an archived service takes no new rotations");
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the students cannot be scheduled as given");
    refuseUnknownMembers(body, {"studentIds", "startDate", "endDate", "preceptorId", "override"}, problem);
    const std::size_t errorsBefore = problem.errors().size();
    const std::vector<std::string> students = optionalStringList(body, "studentIds", problem);
    if (students.empty() && problem.errors().size() == errorsBefore)
        problem.withError("studentIds", "name at least one student");
    if (students.size() > kMostStudentsAtOnce)
        problem.withError("studentIds", "at most " + std::to_string(kMostStudentsAtOnce) + " students at once");
    for (std::size_t i = 0; i < students.size(); ++i)
        if (!holdsRole(students[i], window.schoolId, "student"))
            problem.withError("studentIds[" + std::to_string(i) + "]", "is not a student of the window's school");
    const std::string start = optionalDate(body, "startDate", problem, window.startDate);
    const std::string end = optionalDate(body, "endDate", problem, window.endDate);
    for (const auto& [field, message] : domain::checkRotationDates({start, end}, {window.startDate, window.endDate}))
        problem.withError(field, message);
    const std::string preceptor = optionalString(body, "preceptorId", problem, "", 64);
    if (!preceptor.empty() && !holdsRole(preceptor, facilityId, "preceptor"))
        problem.withError("preceptorId", "is not a preceptor of the facility");
    const bool overrideAsked = optionalBool(body, "override", problem, false);
    throwIfInvalid(problem);

    std::vector<store::Rotation> rotations;
    std::vector<std::pair<std::string, domain::Conflict>> conflicts;
    for (std::size_t i = 0; i < students.size(); ++i) {
        store::Rotation r;
        r.studentId = students[i];
        r.schoolId = window.schoolId;
        r.facilityId = facilityId;
        r.serviceId = service.id;
        r.windowId = window.id;
        r.preceptorId = preceptor;
        r.startDate = start;
        r.endDate = end;
        r.origin = "scheduled";
        r.status = "onboarding";
        r.holdsPlace = domain::holdsPlace(r.status);
        r.createdBy = caller.user.id;
        for (const auto& c : domain::findConflicts(factsFor(r, window, static_cast<int>(students.size()),
                                                            static_cast<int>(i)))) {
            if (c.code == "no_capacity" || c.code == "no_agreement") {
                // The same for every student of the group: reported once.
                if (std::none_of(conflicts.begin(), conflicts.end(),
                                 [&](const auto& seen) { return seen.second.code == c.code; }))
                    conflicts.emplace_back("", c);
            } else {
                conflicts.emplace_back("studentIds[" + std::to_string(i) + "].", c);
            }
        }
        rotations.push_back(std::move(r));
    }
    const std::string overridden = settleConflicts(conflicts, overrideAsked, who, facilityId);
    for (auto& r : rotations) {
        r.overrideConflicts = overridden;
        if (!overridden.empty()) r.overriddenBy = caller.user.id;
    }
    store::RotationRepository repository(database());
    const auto steps = repository.applicableSteps(service.id, window.schoolId);
    const auto approvals = approveCarryOvers(database(), plugins_, rotations, steps);
    const store::BookingResult result =
        repository.create(rotations, steps, 0, overridden.find("student_overlap") == std::string::npos,
                          preceptorCheck(overridden), approvals);
    if (result == store::BookingResult::Full)
        throw http::Problem(409, "Rotation conflicts", "the window's last places were taken meanwhile; nothing was "
                                                       "scheduled")
            .withError("no_capacity", "not enough free places for " + std::to_string(rotations.size()) + " student(s)");
    if (result == store::BookingResult::StudentBusy)
        throw http::Problem(409, "Rotation conflicts", "a student was booked elsewhere meanwhile; nothing was scheduled")
            .withError("student_overlap", "a student of the group now holds an overlapping place (a facility admin may "
                                          "override)");
    if (result == store::BookingResult::PreceptorBusy)
        throw http::Problem(409, "Rotation conflicts", "the preceptor was given other students meanwhile; nothing was "
                                                       "scheduled")
            .withError("preceptor_limit", "the preceptor would have too many students at once (a facility admin may "
                                          "override)");
    Poco::JSON::Array items;
    for (const auto& r : rotations) {
        Poco::JSON::Object detail;
        detail.set("student", r.studentId);
        detail.set("window", r.windowId);
        detail.set("startDate", r.startDate);
        detail.set("endDate", r.endDate);
        detail.set("steps", static_cast<int>(steps.size()));
        audit(database(), caller, context, "rotation.scheduled", "rotation", r.id, detail);
        if (!overridden.empty()) auditOverride(caller, context, r, overridden, "schedule");
        items.add(rotationJson(*repository.findById(r.id)));
    }
    for (const auto& r : rotations) notices_.scheduled(r.id);
    Poco::JSON::Object answer;
    answer.set("items", items);
    context.sendJson(201, answer);
}

void RotationHandlers::searchElectives(http::RequestContext& context) {
    requireCaller(context, accounts_);
    const Page page = pageOf(context);
    store::ElectiveQuery query;
    http::Problem problem = http::Problem::validation("the search cannot be read as asked");
    query.specialty = context.query("specialty");
    query.facilityId = context.query("facilityId");
    query.location = context.query("location");
    query.text = context.query("q");
    if (query.text.size() > 200) problem.withError("q", "at most 200 bytes");
    query.from = context.query("from");
    query.to = context.query("to");
    for (const auto& [name, value] : {std::make_pair("from", query.from), std::make_pair("to", query.to)})
        if (!value.empty() && !domain::isIsoDate(value)) problem.withError(name, "must be a date written YYYY-MM-DD");
    const std::string available = context.query("available", "false");
    const std::string open = context.query("open", "true");
    const std::string sort = context.query("sort", "startDate");
    if (available != "true" && available != "false") problem.withError("available", "must be true or false");
    if (open != "true" && open != "false") problem.withError("open", "must be true or false");
    if (sort != "startDate" && sort != "-startDate") problem.withError("sort", "must be startDate or -startDate");
    throwIfInvalid(problem);
    query.withFreePlaces = available == "true";
    query.openOn = open == "true" ? domain::todayUtc() : "";
    query.descending = sort == "-startDate";
    query.after = page.cursor;
    query.limit = page.limit + 1;
    // The answer is the same for every signed-in caller: kept by what was asked.
    std::string key = query.openOn;
    for (const std::string& part : std::initializer_list<std::string>{query.specialty, query.facilityId, query.location,
                                                                       query.text, query.from, query.to, available, sort,
                                                                       query.after})
        key += '\x1f' + part;
    key += '\x1f' + std::to_string(query.limit);
    const std::string body = electives_.get(key, [&] {
        auto found = store::RotationRepository(database()).searchElectives(query);
        const bool more = static_cast<int>(found.size()) > page.limit;
        if (more) found.pop_back();
        Poco::JSON::Array items;
        for (const auto& e : found) {
            Poco::JSON::Object item;
            item.set("windowId", e.windowId);
            item.set("serviceId", e.serviceId);
            item.set("serviceName", e.serviceName);
            item.set("specialty", e.specialty);
            item.set("location", e.location);
            item.set("description", e.description);
            item.set("facilityId", e.facilityId);
            item.set("facilityName", e.facilityName);
            item.set("startDate", e.startDate);
            item.set("endDate", e.endDate);
            item.set("applicationDeadline", orNull(e.applicationDeadline));
            item.set("capacity", e.capacity);
            item.set("freePlaces", std::max(0, e.capacity - e.booked));
            items.add(item);
        }
        Poco::JSON::Object answer;
        answer.set("items", items);
        answer.set("nextCursor", more ? Poco::Dynamic::Var(found.back().windowId) : Poco::Dynamic::Var());
        return http::toJson(answer);
    });
    context.send(200, "application/json", body);
}

void RotationHandlers::apply(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    store::Service service;
    const store::CapacityWindow window = requireWindow(context.param("id"), who, service);
    if (window.workflow != "student_requested")
        throw http::Problem(409, "Window is scheduled", "this window is scheduled by coordinators; it takes no applications");
    std::vector<std::string> schools;
    for (const auto& role : who.roles)
        if (role.role == "student") schools.push_back(role.organizationId);
    if (schools.empty()) throw http::Problem::forbidden("only students apply for electives");
    const Poco::JSON::Object::Ptr body = optionalBody(context);
    http::Problem problem = http::Problem::validation("the application cannot be made as given");
    refuseUnknownMembers(body, {"schoolId", "startDate", "endDate"}, problem);
    std::string school = optionalString(body, "schoolId", problem, schools.size() == 1 ? schools.front() : "", 64);
    if (school.empty()) problem.withError("schoolId", "you are a student of several schools: name the one you apply from");
    else if (!domain::mayApplyForElective(who, school)) problem.withError("schoolId", "you are not a student of it");
    const std::string start = optionalDate(body, "startDate", problem, window.startDate);
    const std::string end = optionalDate(body, "endDate", problem, window.endDate);
    for (const auto& [field, message] : domain::checkRotationDates({start, end}, {window.startDate, window.endDate}))
        problem.withError(field, message);
    throwIfInvalid(problem);
    const std::string today = domain::todayUtc();
    if (!service.active || window.endDate < today ||
        (!window.applicationDeadline.empty() && window.applicationDeadline < today))
        throw http::Problem(409, "Applications closed", "this window no longer takes applications");
    store::RotationRepository repository(database());
    store::RotationQuery mine;
    mine.viewerId = caller.user.id;
    mine.studentId = caller.user.id;
    mine.windowId = window.id;
    mine.limit = 200;
    for (const auto& r : repository.list(mine))
        if (r.status != "cancelled" && r.status != "declined")
            throw http::Problem(409, "Already applied", "you have a rotation " + r.id + " on this window (" + r.status + ")");
    store::Rotation r;
    r.studentId = caller.user.id;
    r.schoolId = school;
    r.facilityId = service.organizationId;
    r.serviceId = service.id;
    r.windowId = window.id;
    r.startDate = start;
    r.endDate = end;
    r.origin = "application";
    r.status = "draft";
    r.createdBy = caller.user.id;
    std::vector<store::Rotation> one{r};
    const auto steps = repository.applicableSteps(service.id, school);
    repository.create(one, steps, 0, true, nullptr, approveCarryOvers(database(), plugins_, one, steps));
    Poco::JSON::Object detail;
    detail.set("window", window.id);
    audit(database(), caller, context, "rotation.applied", "rotation", one.front().id, detail);
    context.response().set("Location", "/api/v1/rotations/" + one.front().id);
    context.sendJson(201, rotationJson(*repository.findById(one.front().id)));
}

void RotationHandlers::list(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    // Kept per caller and question like the dashboard (decision 0019).
    const std::string key = caller.user.id + '\x1f' + domain::todayUtc() + '\x1f' + context.request().getURI();
    const std::string body = lists_.get(key, [&] {
        const domain::Caller who = policyCaller(database(), caller);
        const Page page = pageOf(context);
        // What the caller may read (domain::rotationScope), narrowed by the filters.
        store::RotationQuery query = rotationFilters(context, who);
        query.after = page.cursor;
        query.limit = page.limit + 1;
        auto found = store::RotationRepository(database()).list(query);
        const bool more = static_cast<int>(found.size()) > page.limit;
        if (more) found.pop_back();
        Poco::JSON::Array items;
        for (const auto& r : found) items.add(rotationJson(r));
        Poco::JSON::Object answer;
        answer.set("items", items);
        answer.set("nextCursor", more ? Poco::Dynamic::Var(found.back().id) : Poco::Dynamic::Var());
        return http::toJson(answer);
    });
    context.send(200, "application/json", body);
}

void RotationHandlers::get(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Rotation r = requireRotation(context.param("id"), policyCaller(database(), caller));
    Poco::JSON::Object json = rotationJson(r);
    Poco::JSON::Array steps;
    for (const auto& c : store::RotationRepository(database()).completions(r.id)) steps.add(completionJson(c));
    json.set("steps", steps);
    context.sendJson(200, json);
}

namespace {

// What every rotation event shows, in the oldest-first list and in the
// newest-first activity feed (store::ActivityEntry, an event with a name) alike.
Poco::JSON::Object eventJson(const store::RotationEvent& e) {
    Poco::JSON::Object item;
    item.set("id", e.id);
    item.set("occurredAt", e.occurredAt);
    item.set("actorId", orNull(e.actorId));
    item.set("kind", e.kind);
    item.set("action", e.action);
    item.set("fromStatus", orNull(e.fromStatus));
    item.set("toStatus", orNull(e.toStatus));
    item.set("body", e.body);
    item.set("detail", parsedJson(e.detail));
    return item;
}

Poco::JSON::Object eventPage(const Poco::JSON::Array& items, const std::string& nextCursor) {
    Poco::JSON::Object answer;
    answer.set("items", items);
    answer.set("nextCursor", nextCursor.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(nextCursor));
    return answer;
}

}  // namespace

void RotationHandlers::events(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Rotation r = requireRotation(context.param("id"), policyCaller(database(), caller));
    const Page page = pageOf(context);
    Poco::Int64 after = 0;
    if (!page.cursor.empty() && !Poco::NumberParser::tryParse64(page.cursor, after))
        throw http::Problem::validation("the page cannot be read as asked").withError("cursor", "is not a cursor this server gave out");
    auto found = store::RotationRepository(database()).events(r.id, after, page.limit + 1);
    const bool more = static_cast<int>(found.size()) > page.limit;
    if (more) found.pop_back();
    Poco::JSON::Array items;
    for (const auto& e : found) {
        Poco::JSON::Object item = eventJson(e);
        item.set("stepCompletionId", orNull(e.stepCompletionId));
        items.add(item);
    }
    context.sendJson(200, eventPage(items, more ? std::to_string(found.back().id) : ""));
}

// The activity feed: every event of the rotation, newest first, each with its
// actor's name; nextCursor pages back in time. Kinds are rendered alike, so
// step events and later kinds need nothing here.
void RotationHandlers::activity(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Rotation r = requireRotation(context.param("id"), policyCaller(database(), caller));
    const Page page = pageOf(context);
    Poco::Int64 before = 0;
    if (!page.cursor.empty() && (!Poco::NumberParser::tryParse64(page.cursor, before) || before < 1))
        throw http::Problem::validation("the page cannot be read as asked")
            .withError("cursor", "is not a cursor this server gave out");
    auto found = store::RotationActivityRepository(database()).activity(r.id, before, page.limit + 1);
    const bool more = static_cast<int>(found.size()) > page.limit;
    if (more) found.pop_back();
    Poco::JSON::Array items;
    for (const auto& e : found) {
        Poco::JSON::Object item = eventJson(e);
        item.set("actorName", e.actorId.empty() ? Poco::Dynamic::Var("Rotunda") : Poco::Dynamic::Var(e.actorName));
        items.add(item);
    }
    context.sendJson(200, eventPage(items, more ? std::to_string(found.back().id) : ""));
}

// A comment by anyone who reads the rotation (domain::mayCommentOnRotation).
// Its text is stored in the rotation's events alone: the audit event names the
// rotation and the event, logs and mail never carry it.
void RotationHandlers::comment(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const store::Rotation r = requireRotation(context.param("id"), who);
    if (!domain::mayCommentOnRotation(who, partiesOf(r)))
        throw http::Problem::notFound("no rotation " + r.id);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the comment cannot be added as given");
    refuseUnknownMembers(body, {"body"}, problem);
    const std::string raw = requiredString(body, "body", problem, domain::kCommentMaxBytes * 4);
    std::string text;
    if (problem.errors().empty()) {
        std::string error;
        text = domain::checkComment(raw, error);
        if (!error.empty()) problem.withError("body", error);
    }
    throwIfInvalid(problem);
    const long long id = store::RotationActivityRepository(database()).addComment(r.id, caller.user.id, text);
    Poco::JSON::Object detail;
    detail.set("rotation", r.id);
    detail.set("eventId", id);
    audit(database(), caller, context, "rotation.commented", "rotation", r.id, detail);
    notices_.commented(r.id, caller.user.id);
    auto created = store::RotationActivityRepository(database()).activity(r.id, id + 1, 1);
    Poco::JSON::Object answer;
    answer.set("id", id);
    answer.set("occurredAt", created.empty() ? "" : created.front().occurredAt);
    answer.set("actorId", caller.user.id);
    answer.set("actorName", caller.user.name);
    answer.set("kind", "comment");
    answer.set("action", "comment");
    answer.set("body", text);
    context.sendJson(201, answer);
}

void RotationHandlers::act(http::RequestContext& context, const std::string& action) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const store::Rotation r = requireRotation(context.param("id"), who);
    const Poco::JSON::Object::Ptr body = optionalBody(context);
    http::Problem problem = http::Problem::validation("'" + action + "' cannot be taken as given");
    refuseUnknownMembers(body, {"reason", "override"}, problem);
    const std::string reason = body->has("reason") ? requiredString(body, "reason", problem, 2000) : "";
    const bool overrideAsked = optionalBool(body, "override", problem, false);
    throwIfInvalid(problem);

    // The party the caller acts as: one the table allows for this action and
    // status if the caller is it (for reopen: the party that cancelled), else
    // any they are, so that the refusal names who may.
    const domain::RotationActors actors = domain::rotationActors(who, partiesOf(r));
    const auto is = [&](domain::RotationParty p) {
        return (p == domain::RotationParty::Student && actors.student) ||
               (p == domain::RotationParty::School && actors.school) ||
               (p == domain::RotationParty::Facility && actors.facility);
    };
    std::vector<domain::RotationParty> candidates;
    if (action == "reopen") {
        for (const auto p : {domain::RotationParty::Student, domain::RotationParty::School, domain::RotationParty::Facility})
            if (domain::partyName(p) == (r.cancelledParty == "system" ? "facility" : r.cancelledParty)) candidates.push_back(p);
    }
    for (const auto& t : domain::rotationTransitions())
        if (t.action == action && std::find(t.from.begin(), t.from.end(), r.status) != t.from.end())
            candidates.insert(candidates.end(), t.parties.begin(), t.parties.end());
    for (const auto p : {domain::RotationParty::Student, domain::RotationParty::School, domain::RotationParty::Facility})
        candidates.push_back(p);
    const auto chosen = std::find_if(candidates.begin(), candidates.end(), is);
    if (chosen == candidates.end())
        throw http::Problem::forbidden("only the student, the school's and the facility's admins and coordinators act on a rotation");
    const domain::RotationParty party = *chosen;

    std::string to;
    const domain::RotationContext state{r.statusBeforeCancel, r.statusBeforePause, r.cancelledParty};
    const domain::RotationRefusal refusal = domain::checkRotationTransition(r.status, action, party, reason, state, to);
    if (refusal == domain::RotationRefusal::ReasonRequired)
        throw http::Problem::validation("a reason is needed")
            .withError("reason", domain::describeRotationRefusal(refusal, r.status, action));
    if (refusal == domain::RotationRefusal::WrongParty || refusal == domain::RotationRefusal::NotTheCanceller)
        throw http::Problem::forbidden(domain::describeRotationRefusal(refusal, r.status, action));
    if (refusal != domain::RotationRefusal::Allowed)
        throw http::Problem(409, "Rotation status", domain::describeRotationRefusal(refusal, r.status, action));

    store::RotationRepository repository(database());
    if (action == "submit") {
        for (const auto& c : repository.completions(r.id))
            if (c.phase == "application" && c.required && c.state != "submitted" && c.state != "verified" &&
                c.state != "waived")
                throw http::Problem(409, "Application incomplete",
                                    "complete every required application step before submitting");
    }
    store::Rotation after = r;
    after.status = to;
    after.holdsPlace = domain::holdsPlace(to);
    if (action == "cancel" || action == "decline") after.reason = reason;
    if (to == "cancelled") {
        after.statusBeforeCancel = r.status;
        after.cancelledBy = caller.user.id;
        after.cancelledParty = domain::partyName(party);
    }
    if (action == "reopen") {
        after.statusBeforeCancel.clear();
        after.cancelledBy.clear();
        after.cancelledParty.clear();
        after.reason.clear();
    }
    if (to == "paused") after.statusBeforePause = r.status;
    if (action == "resume") after.statusBeforePause.clear();

    std::string overridden;
    int schoolLimit = 0;
    const bool booking = after.holdsPlace && !r.holdsPlace;
    if (booking) {
        const auto window = store::CapacityWindowRepository(database()).findById(r.windowId);
        if (!window) throw http::Problem(409, "Window gone", "the rotation's capacity window no longer exists");
        const domain::BookingFacts facts = factsFor(r, *window, 1, 0);
        std::vector<std::pair<std::string, domain::Conflict>> conflicts;
        for (const auto& c : domain::findConflicts(facts)) conflicts.emplace_back("", c);
        overridden = settleConflicts(conflicts, overrideAsked, who, r.facilityId);
        if (!overridden.empty()) {
            after.overrideConflicts = overridden;
            after.overriddenBy = caller.user.id;
        }
        schoolLimit = overridden.find("school_limit") != std::string::npos ? 0 : facts.schoolLimit;
    }
    Poco::JSON::Object detail;
    detail.set("from", r.status);
    detail.set("to", to);
    detail.set("party", domain::partyName(party));
    if (!reason.empty()) detail.set("reason", reason);
    std::ostringstream detailText;
    detail.stringify(detailText);
    const bool refuseOverlap = overridden.find("student_overlap") == std::string::npos;
    switch (repository.changeStatus(after, r.status, schoolLimit, refuseOverlap, caller.user.id, action,
                                    detailText.str(), booking ? preceptorCheck(overridden) : nullptr)) {
        case store::BookingResult::Done: break;
        case store::BookingResult::Full:
            throw http::Problem(409, "Rotation conflicts", "the window's last place was taken meanwhile")
                .withError("no_capacity", "no free place on the window (a facility admin may raise its capacity)");
        case store::BookingResult::SchoolLimit:
            throw http::Problem(409, "Rotation conflicts", "the school's places on this window were taken meanwhile")
                .withError("school_limit", "the window's limit for the school is reached (a facility admin may override)");
        case store::BookingResult::StudentBusy:
            throw http::Problem(409, "Rotation conflicts", "the student was booked elsewhere meanwhile")
                .withError("student_overlap", "the student now holds an overlapping place (a facility admin may override)");
        case store::BookingResult::PreceptorBusy:
            throw http::Problem(409, "Rotation conflicts", "the preceptor was given other students meanwhile")
                .withError("preceptor_limit", "the preceptor would have too many students at once (a facility admin "
                                              "may override)");
        case store::BookingResult::Changed:
            throw http::Problem(409, "Rotation status", "the rotation changed meanwhile; load it again");
    }
    audit(database(), caller, context, "rotation." + action, "rotation", r.id, detail);
    if (!overridden.empty()) auditOverride(caller, context, r, overridden, action);
    notices_.decided(r.id, action);
    context.sendJson(200, rotationJson(*repository.findById(r.id)));
}

// The preceptor and the dates of a rotation that is not over: the school's or
// the facility's staff. A rotation holding a place is checked for the conflicts
// the change can cause (overlap, agreement, preceptor); its place stays.
void RotationHandlers::update(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const store::Rotation r = requireRotation(context.param("id"), who);
    const domain::RotationActors actors = domain::rotationActors(who, partiesOf(r));
    if (!actors.school && !actors.facility)
        throw http::Problem::forbidden("the preceptor and dates are changed by the school's or the facility's staff");
    if (r.status == "completed" || r.status == "cancelled" || r.status == "declined")
        throw http::Problem(409, "Rotation status", "a rotation that is " + r.status + " is not changed");
    const auto window = store::CapacityWindowRepository(database()).findById(r.windowId);
    if (!window) throw http::Problem(409, "Window gone", "the rotation's capacity window no longer exists");
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the rotation cannot be changed as given");
    refuseUnknownMembers(body, {"preceptorId", "startDate", "endDate", "override"}, problem);
    store::Rotation after = r;
    if (body->has("preceptorId"))
        after.preceptorId = body->isNull("preceptorId") ? "" : requiredString(body, "preceptorId", problem, 64);
    if (!after.preceptorId.empty() && after.preceptorId != r.preceptorId &&
        !holdsRole(after.preceptorId, r.facilityId, "preceptor"))
        problem.withError("preceptorId", "is not a preceptor of the facility");
    after.startDate = optionalDate(body, "startDate", problem, r.startDate);
    after.endDate = optionalDate(body, "endDate", problem, r.endDate);
    for (const auto& [field, message] :
         domain::checkRotationDates({after.startDate, after.endDate}, {window->startDate, window->endDate}))
        problem.withError(field, message);
    const bool overrideAsked = optionalBool(body, "override", problem, false);
    throwIfInvalid(problem);
    std::string overridden;
    if (r.holdsPlace) {
        domain::BookingFacts facts = factsFor(after, *window, 0, 0);
        facts.schoolLimit = 0;  // the place is already held
        std::vector<std::pair<std::string, domain::Conflict>> conflicts;
        for (const auto& c : domain::findConflicts(facts)) conflicts.emplace_back("", c);
        overridden = settleConflicts(conflicts, overrideAsked, who, r.facilityId);
        if (!overridden.empty()) {
            after.overrideConflicts = overridden;
            after.overriddenBy = caller.user.id;
        }
    }
    Poco::JSON::Object detail;
    detail.set("preceptorId", orNull(after.preceptorId));
    if (after.preceptorId != r.preceptorId) detail.set("previousPreceptorId", orNull(r.preceptorId));
    detail.set("startDate", after.startDate);
    detail.set("endDate", after.endDate);
    std::ostringstream detailText;
    detail.stringify(detailText);
    store::RotationRepository repository(database());
    if (!repository.updateDetails(after, caller.user.id, detailText.str()))
        throw http::Problem(409, "Rotation status", "the rotation changed meanwhile; load it again");
    audit(database(), caller, context, "rotation.updated", "rotation", r.id, detail);
    if (!overridden.empty()) auditOverride(caller, context, r, overridden, "update");
    notices_.preceptorChanged(r.id, r.preceptorId, after.preceptorId);
    context.sendJson(200, rotationJson(*repository.findById(r.id)));
}

void RotationHandlers::getSettings(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization facility = requireOrganizationOfKind(database(), context.param("id"), "facility");
    const domain::Caller who = policyCaller(database(), caller);
    if (!domain::mayReadRotationSettings(who, facility.id)) {
        if (domain::isMember(who, facility.id))
            throw http::Problem::forbidden("rotation settings are read by the facility's admins and coordinators");
        throw http::Problem::notFound("no organization " + facility.id);
    }
    Poco::JSON::Object answer;
    answer.set("closeNotReadyAtStart",
               store::RotationRepository(database()).setting(facility.id, kCloseSetting, "false") == "true");
    context.sendJson(200, answer);
}

void RotationHandlers::putSettings(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization facility = requireOrganizationOfKind(database(), context.param("id"), "facility");
    const domain::Caller who = policyCaller(database(), caller);
    if (!domain::mayChangeRotationSettings(who, facility.id)) {
        if (domain::isMember(who, facility.id))
            throw http::Problem::forbidden("rotation settings are changed by the facility's admins");
        throw http::Problem::notFound("no organization " + facility.id);
    }
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the settings cannot be changed as given");
    refuseUnknownMembers(body, {"closeNotReadyAtStart"}, problem);
    if (!body->has("closeNotReadyAtStart")) problem.withError("closeNotReadyAtStart", "is required");
    const bool close = optionalBool(body, "closeNotReadyAtStart", problem, false);
    throwIfInvalid(problem);
    store::RotationRepository(database()).putSetting(facility.id, kCloseSetting, close ? "true" : "false",
                                                     caller.user.id);
    Poco::JSON::Object detail;
    detail.set("closeNotReadyAtStart", close);
    audit(database(), caller, context, "rotation.settings_changed", "organization", facility.id, detail);
    Poco::JSON::Object answer;
    answer.set("closeNotReadyAtStart", close);
    context.sendJson(200, answer);
}

}  // namespace

void registerRotationRoutes(http::Router& router, auth::AccountService& accounts, int preceptorMaxStudents,
                            plugins::PluginHost* plugins, int readCacheSeconds) {
    auto h = std::make_shared<RotationHandlers>(accounts, preceptorMaxStudents, plugins, readCacheSeconds);
    router.add("POST", "/api/v1/capacity/{id}/rotations",
               "Schedule students of the window's school onto a coordinator_scheduled window (all or none)",
               [h](http::RequestContext& c) { h->schedule(c); });
    router.add("GET", "/api/v1/electives",
               "Search student_requested windows (?specialty=&facilityId=&location=&q=&from=&to=&available=&open="
               "&sort=&limit=&cursor=)",
               [h](http::RequestContext& c) { h->searchElectives(c); });
    router.add("POST", "/api/v1/capacity/{id}/applications", "Apply for an elective (a student; starts as a draft)",
               [h](http::RequestContext& c) { h->apply(c); });
    router.add("GET", "/api/v1/rotations",
               "Rotations the caller may see (?status=&facilityId=&schoolId=&studentId=&windowId=&preceptorId=&from="
               "&to=&limit=&cursor=), by start date",
               [h](http::RequestContext& c) { h->list(c); });
    router.add("GET", "/api/v1/rotations/{id}", "A rotation with its steps", [h](http::RequestContext& c) { h->get(c); });
    router.add("PATCH", "/api/v1/rotations/{id}", "Change a rotation's preceptor or dates (school or facility staff)",
               [h](http::RequestContext& c) { h->update(c); });
    router.add("GET", "/api/v1/rotations/{id}/events", "A rotation's activity, oldest first",
               [h](http::RequestContext& c) { h->events(c); });
    router.add("GET", "/api/v1/rotations/{id}/activity",
               "A rotation's activity feed, newest first, with names (?limit=&cursor= pages back in time)",
               [h](http::RequestContext& c) { h->activity(c); });
    router.add("POST", "/api/v1/rotations/{id}/comments",
               "Comment on a rotation (its student, preceptor, school and facility staff)",
               [h](http::RequestContext& c) { h->comment(c); });
    std::vector<std::string> registered;
    for (const auto& t : domain::rotationTransitions()) {
        const bool people = std::any_of(t.parties.begin(), t.parties.end(),
                                        [](domain::RotationParty p) { return p != domain::RotationParty::System; });
        if (!people || std::find(registered.begin(), registered.end(), t.action) != registered.end()) continue;
        registered.push_back(t.action);
        const std::string action = t.action;
        router.add("POST", "/api/v1/rotations/{id}/" + action, "Rotation: " + action,
                   [h, action](http::RequestContext& c) { h->act(c, action); });
    }
    router.add("GET", "/api/v1/organizations/{id}/rotation-settings", "A facility's rotation settings",
               [h](http::RequestContext& c) { h->getSettings(c); });
    router.add("PUT", "/api/v1/organizations/{id}/rotation-settings",
               "Change a facility's rotation settings (admins)", [h](http::RequestContext& c) { h->putSettings(c); });
}

}  // namespace rotunda::api
