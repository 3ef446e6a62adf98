// ServiceRoutes.cpp — a facility's services and the capacity windows of each.
#include "api/ServiceRoutes.h"

#include "api/AuthRoutes.h"
#include "api/Common.h"
#include "api/SetupCommon.h"
#include "domain/Calendar.h"
#include "domain/Policy.h"
#include "store/AgreementRepository.h"
#include "store/CapacityWindowRepository.h"
#include "store/ServiceRepository.h"
#include "store/StepRepository.h"

#include <Poco/JSON/Array.h>

namespace rotunda::api {
namespace {

const std::vector<std::string> kServiceFields{"name", "specialty", "location", "description", "active", "stepIds"};
const std::vector<std::string> kWindowFields{"startDate", "endDate", "capacity", "workflow", "schoolId",
                                             "applicationDeadline", "schoolLimits"};

Poco::JSON::Array strings(const std::vector<std::string>& values) {
    Poco::JSON::Array array;
    for (const auto& v : values) array.add(v);
    return array;
}

Poco::JSON::Object serviceJson(const store::Service& s) {
    Poco::JSON::Object json;
    json.set("id", s.id);
    json.set("organizationId", s.organizationId);
    json.set("name", s.name);
    json.set("specialty", s.specialty);
    json.set("location", s.location);
    json.set("description", s.description);
    json.set("active", s.active);
    json.set("stepIds", strings(s.stepIds));
    json.set("agreementIds", strings(s.agreementIds));
    json.set("createdAt", s.createdAt);
    json.set("updatedAt", s.updatedAt);
    return json;
}

Poco::JSON::Object windowJson(const store::CapacityWindow& w, const std::vector<std::string>& overlaps) {
    Poco::JSON::Object json;
    json.set("id", w.id);
    json.set("serviceId", w.serviceId);
    json.set("startDate", w.startDate);
    json.set("endDate", w.endDate);
    json.set("capacity", w.capacity);
    json.set("booked", w.booked);
    json.set("workflow", w.workflow);
    json.set("schoolId", w.schoolId.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(w.schoolId));
    json.set("applicationDeadline",
             w.applicationDeadline.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(w.applicationDeadline));
    Poco::JSON::Object limits;
    for (const auto& [school, most] : w.schoolLimits) limits.set(school, most);
    json.set("schoolLimits", limits);
    json.set("overlaps", strings(overlaps));
    json.set("createdAt", w.createdAt);
    json.set("updatedAt", w.updatedAt);
    return json;
}

class ServiceHandlers {
public:
    explicit ServiceHandlers(auth::AccountService& accounts) : accounts_(accounts) {}

    void list(http::RequestContext& context);
    void create(http::RequestContext& context);
    void get(http::RequestContext& context);
    void update(http::RequestContext& context);
    void archive(http::RequestContext& context);
    void listWindows(http::RequestContext& context);
    void createWindow(http::RequestContext& context);
    void getWindow(http::RequestContext& context);
    void updateWindow(http::RequestContext& context);
    void removeWindow(http::RequestContext& context);

private:
    store::Database& database() { return accounts_.database(); }
    void requireManager(const domain::Caller& caller, const std::string& facilityId);
    store::Service requireService(const std::string& id, const domain::Caller& caller);
    store::CapacityWindow requireWindow(const std::string& id, const domain::Caller& caller, store::Service& service);
    void readService(const Poco::JSON::Object::Ptr& body, store::Service& s, http::Problem& problem);
    void readWindow(const Poco::JSON::Object::Ptr& body, const store::Service& service, store::CapacityWindow& w,
                    http::Problem& problem);
    void sendService(http::RequestContext& context, int status, const std::string& id);

    auth::AccountService& accounts_;
};

void ServiceHandlers::requireManager(const domain::Caller& caller, const std::string& facilityId) {
    if (domain::mayManageSetup(caller, facilityId)) return;
    if (domain::isMember(caller, facilityId))
        throw http::Problem::forbidden("only the facility's admins and coordinators set up services and capacity");
    throw http::Problem::notFound("no organization " + facilityId);
}

store::Service ServiceHandlers::requireService(const std::string& id, const domain::Caller& caller) {
    const auto service = store::ServiceRepository(database()).findById(id);
    if (!service || !domain::mayReadService(caller, service->organizationId, service->active))
        throw http::Problem::notFound("no service " + id);
    return *service;
}

store::CapacityWindow ServiceHandlers::requireWindow(const std::string& id, const domain::Caller& caller,
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

void ServiceHandlers::readService(const Poco::JSON::Object::Ptr& body, store::Service& s, http::Problem& problem) {
    s.name = optionalString(body, "name", problem, s.name, 200);
    if (s.name.empty()) problem.withError("name", "is required");
    s.specialty = optionalString(body, "specialty", problem, s.specialty, 100);
    s.location = optionalString(body, "location", problem, s.location, 200);
    if (body->has("description")) s.description = requiredString(body, "description", problem, 4000);
    s.active = optionalBool(body, "active", problem, s.active);
    s.stepIds = optionalStringList(body, "stepIds", problem, s.stepIds);
    store::StepRepository steps(database());
    for (const auto& id : s.stepIds) {
        const auto step = steps.findById(id);
        if (!step || step->organizationId != s.organizationId) problem.withError("stepIds", "no step " + id + " of this facility");
        else if (step->archived) problem.withError("stepIds", "step " + id + " is archived");
    }
}

void ServiceHandlers::sendService(http::RequestContext& context, int status, const std::string& id) {
    context.sendJson(status, serviceJson(*store::ServiceRepository(database()).findById(id)));
}

void ServiceHandlers::list(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization facility = requireOrganizationOfKind(database(), context.param("id"), "facility");
    const domain::Caller who = policyCaller(database(), caller);
    const Page page = pageOf(context);
    store::ServiceQuery query;
    query.organizationId = facility.id;
    query.specialty = context.query("specialty");
    const std::string active = context.query("active");
    if (!active.empty() && active != "true" && active != "false")
        throw http::Problem::validation("unknown filter").withError("active", "must be true or false");
    query.active = active.empty() ? -1 : active == "true" ? 1 : 0;
    if (!domain::isMember(who, facility.id)) query.active = 1;  // archived services are the facility's business
    query.limit = page.limit + 1;
    query.after = page.cursor;
    auto found = store::ServiceRepository(database()).list(query);
    Poco::JSON::Object body;
    const bool more = static_cast<int>(found.size()) > page.limit;
    if (more) found.pop_back();
    Poco::JSON::Array items;
    for (const auto& s : found) items.add(serviceJson(s));
    body.set("items", items);
    body.set("nextCursor", more ? Poco::Dynamic::Var(found.back().id) : Poco::Dynamic::Var());
    context.sendJson(200, body);
}

void ServiceHandlers::create(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization facility = requireOrganizationOfKind(database(), context.param("id"), "facility");
    requireManager(policyCaller(database(), caller), facility.id);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the service cannot be added as given");
    refuseUnknownMembers(body, kServiceFields, problem);
    store::Service s;
    s.organizationId = facility.id;
    readService(body, s, problem);
    throwIfInvalid(problem);
    const store::Service created = store::ServiceRepository(database()).create(s);
    Poco::JSON::Object detail;
    detail.set("service", created.id);
    detail.set("name", created.name);
    audit(database(), caller, context, "service.created", "organization", facility.id, detail);
    context.response().set("Location", "/api/v1/services/" + created.id);
    sendService(context, 201, created.id);
}

void ServiceHandlers::get(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    context.sendJson(200, serviceJson(requireService(context.param("id"), policyCaller(database(), caller))));
}

void ServiceHandlers::update(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    store::Service s = requireService(context.param("id"), who);
    requireManager(who, s.organizationId);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the service cannot be changed as given");
    refuseUnknownMembers(body, kServiceFields, problem);
    readService(body, s, problem);
    throwIfInvalid(problem);
    store::ServiceRepository(database()).update(s);
    Poco::JSON::Object detail;
    detail.set("service", s.id);
    audit(database(), caller, context, "service.updated", "organization", s.organizationId, detail);
    sendService(context, 200, s.id);
}

void ServiceHandlers::archive(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    store::Service s = requireService(context.param("id"), who);
    requireManager(who, s.organizationId);
    s.active = false;
    store::ServiceRepository(database()).update(s);
    Poco::JSON::Object detail;
    detail.set("service", s.id);
    audit(database(), caller, context, "service.archived", "organization", s.organizationId, detail);
    sendService(context, 200, s.id);
}

// Reads the window members over `w`; the rules that need the database (the
// agreement behind a coordinator_scheduled window) are checked here too.
void ServiceHandlers::readWindow(const Poco::JSON::Object::Ptr& body, const store::Service& service,
                                 store::CapacityWindow& w, http::Problem& problem) {
    w.startDate = optionalDate(body, "startDate", problem, w.startDate);
    w.endDate = optionalDate(body, "endDate", problem, w.endDate);
    if (w.startDate.empty() && !body->has("startDate")) problem.withError("startDate", "is required");
    if (w.endDate.empty() && !body->has("endDate")) problem.withError("endDate", "is required");
    if (!w.startDate.empty() && !w.endDate.empty() && w.endDate < w.startDate)
        problem.withError("endDate", "must not be before startDate");
    w.capacity = static_cast<int>(optionalInt(body, "capacity", problem, w.capacity, 1, 10000));
    w.workflow = optionalString(body, "workflow", problem, w.workflow, 40);
    if (w.workflow != "coordinator_scheduled" && w.workflow != "student_requested")
        problem.withError("workflow", "must be coordinator_scheduled or student_requested");
    if (body->has("schoolId")) w.schoolId = body->isNull("schoolId") ? "" : requiredString(body, "schoolId", problem, 64);
    w.applicationDeadline = optionalDate(body, "applicationDeadline", problem, w.applicationDeadline, true);
    if (body->has("schoolLimits")) {
        w.schoolLimits.clear();
        const Poco::JSON::Object::Ptr limits = body->getObject("schoolLimits");
        if (!limits) problem.withError("schoolLimits", "must be an object of school id to most students");
        for (const auto& school : limits ? limits->getNames() : std::vector<std::string>()) {
            const long long most = optionalInt(limits, school, problem, 0, 1, 10000);
            const auto found = store::OrganizationRepository(database()).findById(school);
            if (!found || found->kind != "school") problem.withError("schoolLimits." + school, "is not a school");
            else if (most > 0) w.schoolLimits.emplace_back(school, static_cast<int>(most));
        }
    }
    if (w.workflow == "coordinator_scheduled") {
        if (w.schoolId.empty()) problem.withError("schoolId", "a coordinator_scheduled window names its partner school");
        if (!w.applicationDeadline.empty())
            problem.withError("applicationDeadline", "only a student_requested window takes applications");
        if (!w.schoolLimits.empty()) problem.withError("schoolLimits", "only a student_requested window has school limits");
    } else if (w.workflow == "student_requested") {
        if (!w.schoolId.empty()) problem.withError("schoolId", "a student_requested window is open to every school");
        if (!w.applicationDeadline.empty() && !w.startDate.empty() && w.applicationDeadline >= w.startDate)
            problem.withError("applicationDeadline", "must be before startDate");
    }
    if (!problem.errors().empty() || w.workflow != "coordinator_scheduled") return;
    const auto school = store::OrganizationRepository(database()).findById(w.schoolId);
    if (!school || school->kind != "school") {
        problem.withError("schoolId", "is not a school");
        return;
    }
    if (!store::AgreementRepository(database())
             .findActiveCovering(service.organizationId, w.schoolId, service.id, w.startDate, w.endDate))
        problem.withError("schoolId", "there is no active agreement with " + school->name + " covering " +
                                          w.startDate + " to " + w.endDate + " for this service; add one and have "
                                          "the school approve it first");
}

void ServiceHandlers::listWindows(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const store::Service service = requireService(context.param("id"), who);
    store::CapacityWindowRepository windows(database());
    Poco::JSON::Array items;
    for (const auto& w : windows.listForService(service.id))
        if (domain::mayReadCapacity(who, service.organizationId, w.workflow, w.schoolId))
            items.add(windowJson(w, windows.overlapping(service.id, w.startDate, w.endDate, w.id)));
    Poco::JSON::Object body;
    body.set("items", items);
    context.sendJson(200, body);
}

void ServiceHandlers::createWindow(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const store::Service service = requireService(context.param("id"), who);
    requireManager(who, service.organizationId);
    if (!service.active) throw http::Problem(409, "Service archived", "an archived service takes no new capacity");
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the capacity cannot be added as given");
    refuseUnknownMembers(body, kWindowFields, problem);
    if (!body->has("capacity")) problem.withError("capacity", "is required");
    store::CapacityWindow w;
    w.serviceId = service.id;
    readWindow(body, service, w, problem);
    throwIfInvalid(problem);
    store::CapacityWindowRepository windows(database());
    const store::CapacityWindow created = windows.create(w);
    Poco::JSON::Object detail;
    detail.set("window", created.id);
    detail.set("service", service.id);
    audit(database(), caller, context, "capacity.created", "organization", service.organizationId, detail);
    context.response().set("Location", "/api/v1/capacity/" + created.id);
    context.sendJson(201, windowJson(created, windows.overlapping(service.id, created.startDate, created.endDate,
                                                                  created.id)));
}

void ServiceHandlers::getWindow(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    store::Service service;
    const store::CapacityWindow w = requireWindow(context.param("id"), policyCaller(database(), caller), service);
    context.sendJson(200, windowJson(w, store::CapacityWindowRepository(database())
                                            .overlapping(service.id, w.startDate, w.endDate, w.id)));
}

void ServiceHandlers::updateWindow(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    store::Service service;
    store::CapacityWindow w = requireWindow(context.param("id"), who, service);
    requireManager(who, service.organizationId);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the capacity cannot be changed as given");
    refuseUnknownMembers(body, kWindowFields, problem);
    readWindow(body, service, w, problem);
    throwIfInvalid(problem);
    store::CapacityWindowRepository windows(database());
    if (!windows.update(w)) {
        const auto now = windows.findById(w.id);
        throw http::Problem::validation("capacity cannot go below what is booked")
            .withError("capacity", "must be at least " + std::to_string(now ? now->booked : 0) +
                                       " (students booked on this window)");
    }
    Poco::JSON::Object detail;
    detail.set("window", w.id);
    detail.set("capacity", w.capacity);
    audit(database(), caller, context, "capacity.updated", "organization", service.organizationId, detail);
    const store::CapacityWindow saved = *windows.findById(w.id);
    context.sendJson(200, windowJson(saved, windows.overlapping(service.id, saved.startDate, saved.endDate, saved.id)));
}

void ServiceHandlers::removeWindow(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    store::Service service;
    const store::CapacityWindow w = requireWindow(context.param("id"), who, service);
    requireManager(who, service.organizationId);
    if (!store::CapacityWindowRepository(database()).removeUnbooked(w.id))
        throw http::Problem(409, "Capacity booked", "students are booked on this window; it cannot be deleted");
    Poco::JSON::Object detail;
    detail.set("window", w.id);
    audit(database(), caller, context, "capacity.deleted", "organization", service.organizationId, detail);
    context.sendNoContent();
}

}  // namespace

void registerServiceRoutes(http::Router& router, auth::AccountService& accounts) {
    auto h = std::make_shared<ServiceHandlers>(accounts);
    router.add("GET", "/api/v1/organizations/{id}/services",
               "A facility's services (?specialty=&active=&limit=&cursor=), by name",
               [h](http::RequestContext& c) { h->list(c); });
    router.add("POST", "/api/v1/organizations/{id}/services", "Add a service (admins and coordinators)",
               [h](http::RequestContext& c) { h->create(c); });
    router.add("GET", "/api/v1/services/{id}", "A service", [h](http::RequestContext& c) { h->get(c); });
    router.add("PATCH", "/api/v1/services/{id}", "Change a service, its steps or whether it is active",
               [h](http::RequestContext& c) { h->update(c); });
    router.add("DELETE", "/api/v1/services/{id}", "Archive a service", [h](http::RequestContext& c) { h->archive(c); });
    router.add("GET", "/api/v1/services/{id}/capacity", "The capacity windows of a service the caller may see",
               [h](http::RequestContext& c) { h->listWindows(c); });
    router.add("POST", "/api/v1/services/{id}/capacity", "Add a capacity window to a service",
               [h](http::RequestContext& c) { h->createWindow(c); });
    router.add("GET", "/api/v1/capacity/{id}", "A capacity window", [h](http::RequestContext& c) { h->getWindow(c); });
    router.add("PATCH", "/api/v1/capacity/{id}", "Change a capacity window (never below what is booked)",
               [h](http::RequestContext& c) { h->updateWindow(c); });
    router.add("DELETE", "/api/v1/capacity/{id}", "Delete a capacity window nobody is booked on",
               [h](http::RequestContext& c) { h->removeWindow(c); });
}

}  // namespace rotunda::api
