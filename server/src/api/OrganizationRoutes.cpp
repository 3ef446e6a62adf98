// OrganizationRoutes.cpp — facilities and schools: creating one, its profile, one's own.
#include "api/OrganizationRoutes.h"

#include "api/AuthRoutes.h"
#include "api/Common.h"
#include "domain/Policy.h"
#include "domain/TimeZones.h"
#include "store/OrganizationRepository.h"

#include <Poco/JSON/Array.h>

namespace rotunda::api {
namespace {

const std::vector<std::string> kProfileFields{"name", "orgType", "address", "phone", "website", "description",
                                              "logoDocumentId", "timeZone"};

Poco::JSON::Object organizationJson(const store::Organization& o) {
    Poco::JSON::Object json;
    json.set("id", o.id);
    json.set("kind", o.kind);
    json.set("name", o.name);
    json.set("orgType", o.orgType);
    json.set("address", o.address);
    json.set("phone", o.phone);
    json.set("website", o.website);
    json.set("description", o.description);
    json.set("logoDocumentId", o.logoDocumentId.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(o.logoDocumentId));
    json.set("timeZone", o.timeZone);
    json.set("createdAt", o.createdAt);
    json.set("updatedAt", o.updatedAt);
    return json;
}

// Reads the profile members present in `body` into `o`, with field errors.
void readProfile(const Poco::JSON::Object::Ptr& body, store::Organization& o, http::Problem& problem) {
    o.name = optionalString(body, "name", problem, o.name, 200);
    if (body->has("name") && o.name.empty()) problem.withError("name", "must not be empty");
    o.orgType = optionalString(body, "orgType", problem, o.orgType, 100);
    o.address = optionalString(body, "address", problem, o.address, 500);
    o.phone = optionalString(body, "phone", problem, o.phone, 50);
    o.website = optionalString(body, "website", problem, o.website, 500);
    if (!o.website.empty() && o.website.rfind("https://", 0) != 0 && o.website.rfind("http://", 0) != 0)
        problem.withError("website", "must start with https:// or http://");
    if (body->has("description")) {
        o.description = requiredString(body, "description", problem, 4000);
    }
    if (body->has("timeZone")) {
        o.timeZone = optionalString(body, "timeZone", problem, o.timeZone, 64);
        if (body->get("timeZone").isString() && !domain::isTimeZone(o.timeZone))
            problem.withError("timeZone", "must be an IANA time zone name such as \"Europe/Berlin\" or \"UTC\"");
    }
}

store::Organization requireOrganization(store::Database& database, const std::string& id) {
    auto found = store::OrganizationRepository(database).findById(id);
    if (!found) throw http::Problem::notFound("no organization " + id);
    return *found;
}

void handleCreate(http::RequestContext& context, auth::AccountService& accounts) {
    const auth::Authenticated caller = requireCaller(context, accounts);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the organization cannot be created as given");
    std::vector<std::string> allowed = kProfileFields;
    allowed.push_back("kind");
    refuseUnknownMembers(body, allowed, problem);
    store::Organization o;
    o.kind = requiredString(body, "kind", problem, 20);
    if (!o.kind.empty() && !domain::isOrganizationKind(o.kind)) problem.withError("kind", "must be facility or school");
    if (!body->has("name")) problem.withError("name", "is required");
    if (body->has("logoDocumentId")) problem.withError("logoDocumentId", "upload the logo after creating");
    readProfile(body, o, problem);
    throwIfInvalid(problem);
    const store::Organization created = store::OrganizationRepository(accounts.database()).create(o, caller.user.id);
    Poco::JSON::Object detail;
    detail.set("kind", created.kind);
    detail.set("name", created.name);
    audit(accounts.database(), caller, context, "organization.created", "organization", created.id, detail);
    context.response().set("Location", "/api/v1/organizations/" + created.id);
    Poco::JSON::Object answer = organizationJson(created);
    Poco::JSON::Array roles;
    roles.add("admin");
    answer.set("myRoles", roles);
    context.sendJson(201, answer);
}

void handleUpdate(http::RequestContext& context, auth::AccountService& accounts) {
    const auth::Authenticated caller = requireCaller(context, accounts);
    store::Database& database = accounts.database();
    store::Organization o = requireOrganization(database, context.param("id"));
    if (!domain::mayEditOrganization(policyCaller(database, caller), o.id))
        throw http::Problem::forbidden("only the organization's admins change its profile");
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the profile cannot be changed as given");
    refuseUnknownMembers(body, kProfileFields, problem);
    readProfile(body, o, problem);
    o.logoDocumentId = optionalImageDocument(database, body, "logoDocumentId", "organization", o.id, o.logoDocumentId,
                                             "must be a document uploaded to this organization", problem);
    throwIfInvalid(problem);
    store::OrganizationRepository(database).updateProfile(o);
    Poco::JSON::Object detail;
    Poco::JSON::Array changed;
    for (const auto& name : body->getNames()) changed.add(name);
    detail.set("changed", changed);
    audit(database, caller, context, "organization.updated", "organization", o.id, detail);
    context.sendJson(200, organizationJson(requireOrganization(database, o.id)));
}

}  // namespace

void registerOrganizationRoutes(http::Router& router, auth::AccountService& accounts) {
    router.add("POST", "/api/v1/organizations", "Create a facility or school; the caller becomes its admin",
               [&accounts](http::RequestContext& context) { handleCreate(context, accounts); });
    router.add("GET", "/api/v1/organizations", "The organizations the caller belongs to, with the caller's roles",
               [&accounts](http::RequestContext& context) {
                   const auth::Authenticated caller = requireCaller(context, accounts);
                   store::OrganizationRepository organizations(accounts.database());
                   const auto memberships = organizations.membershipsOf(caller.user.id);
                   Poco::JSON::Array items;
                   for (const auto& o : organizations.listForUser(caller.user.id)) {
                       Poco::JSON::Object item = organizationJson(o);
                       Poco::JSON::Array roles;
                       for (const auto& m : memberships)
                           if (m.organizationId == o.id) roles.add(m.role);
                       item.set("myRoles", roles);
                       items.add(item);
                   }
                   Poco::JSON::Object body;
                   body.set("items", items);
                   context.sendJson(200, body);
               });
    router.add("GET", "/api/v1/organizations/{id}", "An organization's public profile",
               [&accounts](http::RequestContext& context) {
                   requireCaller(context, accounts);
                   context.sendJson(200, organizationJson(requireOrganization(accounts.database(), context.param("id"))));
               });
    router.add("PATCH", "/api/v1/organizations/{id}", "Change an organization's profile (its admins)",
               [&accounts](http::RequestContext& context) { handleUpdate(context, accounts); });
}

}  // namespace rotunda::api
