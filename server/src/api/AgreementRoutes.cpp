// AgreementRoutes.cpp — affiliation agreements between a facility and a school.
//
// The facility drafts an agreement and submits it; the school approves or
// declines it. Every state change goes through domain::checkAgreementTransition
// and one conditional UPDATE, so two people acting at once cannot both win.
#include "api/AgreementRoutes.h"

#include "api/AuthRoutes.h"
#include "api/Common.h"
#include "api/SetupCommon.h"
#include "domain/Agreements.h"
#include "domain/Policy.h"
#include "store/AgreementRepository.h"
#include "store/DocumentRepository.h"
#include "store/OrganizationRepository.h"
#include "store/PartnershipRepository.h"
#include "mail/Letter.h"
#include "store/ServiceRepository.h"

#include <Poco/JSON/Array.h>

namespace rotunda::api {
namespace {

const std::vector<std::string> kAgreementFields{"schoolId", "name", "startDate", "endDate", "notes", "serviceIds",
                                                "documentId"};

Poco::JSON::Object agreementJson(const store::Agreement& a) {
    Poco::JSON::Object json;
    json.set("id", a.id);
    json.set("facilityId", a.facilityId);
    json.set("schoolId", a.schoolId);
    json.set("name", a.name);
    json.set("startDate", a.startDate);
    json.set("endDate", a.endDate);
    json.set("notes", a.notes);
    json.set("documentId", a.documentId.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(a.documentId));
    json.set("state", a.state);
    json.set("declineReason", a.declineReason);
    json.set("reminderSentAt", a.reminderSentAt.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(a.reminderSentAt));
    Poco::JSON::Array services;
    for (const auto& s : a.serviceIds) services.add(s);
    json.set("serviceIds", services);
    json.set("createdAt", a.createdAt);
    json.set("updatedAt", a.updatedAt);
    return json;
}

domain::AgreementParties partiesOf(const store::Agreement& a) { return {a.facilityId, a.schoolId, a.state == "draft"}; }

class AgreementHandlers {
public:
    explicit AgreementHandlers(auth::AccountService& accounts) : accounts_(accounts) {}

    void list(http::RequestContext& context);
    void create(http::RequestContext& context);
    void get(http::RequestContext& context);
    void update(http::RequestContext& context);
    void remove(http::RequestContext& context);
    void act(http::RequestContext& context, const std::string& action);
    void notify(const store::Agreement& a, const std::string& action, const std::string& actorName,
                const std::string& reason);

private:
    store::Database& database() { return accounts_.database(); }
    store::Agreement requireAgreement(const std::string& id, const domain::Caller& caller);
    void readAgreement(const Poco::JSON::Object::Ptr& body, store::Agreement& a, http::Problem& problem);

    auth::AccountService& accounts_;
};

store::Agreement AgreementHandlers::requireAgreement(const std::string& id, const domain::Caller& caller) {
    const auto agreement = store::AgreementRepository(database()).findById(id);
    if (!agreement || !domain::mayReadAgreement(caller, partiesOf(*agreement)))
        throw http::Problem::notFound("no agreement " + id);
    return *agreement;
}

void AgreementHandlers::readAgreement(const Poco::JSON::Object::Ptr& body, store::Agreement& a,
                                      http::Problem& problem) {
    a.schoolId = optionalString(body, "schoolId", problem, a.schoolId, 64);
    if (a.schoolId.empty()) {
        problem.withError("schoolId", "is required");
    } else {
        const auto school = store::OrganizationRepository(database()).findById(a.schoolId);
        if (!school || school->kind != "school") problem.withError("schoolId", "is not a school");
    }
    a.name = optionalString(body, "name", problem, a.name, 200);
    a.startDate = optionalDate(body, "startDate", problem, a.startDate);
    a.endDate = optionalDate(body, "endDate", problem, a.endDate);
    if (a.startDate.empty() && !body->has("startDate")) problem.withError("startDate", "is required");
    if (a.endDate.empty() && !body->has("endDate")) problem.withError("endDate", "is required");
    if (!a.startDate.empty() && !a.endDate.empty() && a.endDate < a.startDate)
        problem.withError("endDate", "must not be before startDate");
    if (body->has("notes")) a.notes = requiredString(body, "notes", problem, 8000);
    a.serviceIds = optionalStringList(body, "serviceIds", problem, a.serviceIds);
    store::ServiceRepository services(database());
    for (const auto& id : a.serviceIds) {
        const auto service = services.findById(id);
        if (!service || service->organizationId != a.facilityId)
            problem.withError("serviceIds", "no service " + id + " of this facility");
    }
    if (body->has("documentId")) {
        if (a.id.empty()) {
            problem.withError("documentId", "upload the document to the agreement after creating it");
        } else if (body->isNull("documentId")) {
            a.documentId.clear();
        } else {
            a.documentId = requiredString(body, "documentId", problem, 64);
            const auto document = store::DocumentRepository(database()).findById(a.documentId);
            if (!document || document->recordType != "agreement" || document->recordId != a.id)
                problem.withError("documentId", "must be a document uploaded to this agreement");
        }
    }
}

void AgreementHandlers::list(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization organization = requireOrganizationOfKind(database(), context.param("id"), "");
    const domain::Caller who = policyCaller(database(), caller);
    if (!domain::mayManageSetup(who, organization.id)) {
        if (domain::isMember(who, organization.id))
            throw http::Problem::forbidden("agreements are read by the organization's admins and coordinators");
        throw http::Problem::notFound("no organization " + organization.id);
    }
    store::AgreementRepository agreements(database());
    Poco::JSON::Array items;
    for (const auto& a : organization.kind == "facility" ? agreements.listForFacility(organization.id)
                                                         : agreements.listForSchool(organization.id))
        items.add(agreementJson(a));
    Poco::JSON::Object body;
    body.set("items", items);
    context.sendJson(200, body);
}

void AgreementHandlers::create(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization facility = requireOrganizationOfKind(database(), context.param("id"), "");
    const domain::Caller who = policyCaller(database(), caller);
    if (!domain::mayManageSetup(who, facility.id)) {
        if (domain::isMember(who, facility.id))
            throw http::Problem::forbidden("only the facility's admins and coordinators add agreements");
        throw http::Problem::notFound("no organization " + facility.id);
    }
    if (facility.kind != "facility")
        throw http::Problem::forbidden("a facility drafts an agreement and submits it to the school");
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the agreement cannot be added as given");
    refuseUnknownMembers(body, kAgreementFields, problem);
    store::Agreement a;
    a.facilityId = facility.id;
    readAgreement(body, a, problem);
    throwIfInvalid(problem);
    a.createdBy = caller.user.id;
    const store::Agreement created = store::AgreementRepository(database()).create(a);
    Poco::JSON::Object detail;
    detail.set("school", created.schoolId);
    audit(database(), caller, context, "agreement.created", "agreement", created.id, detail);
    // An agreement is drafted with a partner: a school not yet linked becomes one.
    if (store::PartnershipRepository(database()).link(created.facilityId, created.schoolId, caller.user.id)) {
        Poco::JSON::Object linked;
        linked.set("facility", created.facilityId);
        linked.set("school", created.schoolId);
        linked.set("agreement", created.id);
        audit(database(), caller, context, "partnership.linked", "organization", created.facilityId, linked);
    }
    context.response().set("Location", "/api/v1/agreements/" + created.id);
    context.sendJson(201, agreementJson(*store::AgreementRepository(database()).findById(created.id)));
}

void AgreementHandlers::get(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    context.sendJson(200, agreementJson(requireAgreement(context.param("id"), policyCaller(database(), caller))));
}

void AgreementHandlers::update(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    store::Agreement a = requireAgreement(context.param("id"), who);
    if (!domain::mayManageSetup(who, a.facilityId))
        throw http::Problem::forbidden("only the facility's admins and coordinators change an agreement");
    if (!domain::isAgreementEditable(a.state))
        throw http::Problem(409, "Agreement not a draft",
                            "an agreement that is " + a.state + " is not changed; only drafts are edited");
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the agreement cannot be changed as given");
    refuseUnknownMembers(body, kAgreementFields, problem);
    readAgreement(body, a, problem);
    throwIfInvalid(problem);
    if (!store::AgreementRepository(database()).updateDraft(a))
        throw http::Problem(409, "Agreement not a draft", "the agreement was submitted meanwhile; load it again");
    audit(database(), caller, context, "agreement.updated", "agreement", a.id);
    context.sendJson(200, agreementJson(*store::AgreementRepository(database()).findById(a.id)));
}

void AgreementHandlers::remove(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const store::Agreement a = requireAgreement(context.param("id"), who);
    if (!domain::mayManageSetup(who, a.facilityId))
        throw http::Problem::forbidden("only the facility's admins and coordinators delete an agreement");
    if (!store::DocumentRepository(database()).listForRecord("agreement", a.id).empty() ||
        !store::AgreementRepository(database()).removeDraft(a.id))
        throw http::Problem(409, "Agreement kept",
                            "only a draft without documents is deleted; delete its documents first");
    audit(database(), caller, context, "agreement.deleted", "agreement", a.id);
    context.sendNoContent();
}

void AgreementHandlers::act(http::RequestContext& context, const std::string& action) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const store::Agreement a = requireAgreement(context.param("id"), who);
    const Poco::JSON::Object::Ptr body = context.request().getContentLength64() > 0 || context.request().getChunkedTransferEncoding()
                                             ? context.jsonBody()
                                             : Poco::JSON::Object::Ptr(new Poco::JSON::Object);
    http::Problem problem = http::Problem::validation("'" + action + "' cannot be taken as given");
    refuseUnknownMembers(body, {"reason"}, problem);
    const std::string reason = body->has("reason") ? requiredString(body, "reason", problem, 2000) : "";
    throwIfInvalid(problem);
    const domain::AgreementParties parties = partiesOf(a);
    const bool schoolAction = action == "approve" || action == "decline";
    domain::AgreementParty party;
    if (schoolAction && domain::mayDecideAgreement(who, parties)) party = domain::AgreementParty::School;
    else if (domain::mayManageSetup(who, parties.facilityId)) party = domain::AgreementParty::Facility;
    else if (domain::mayManageSetup(who, parties.schoolId)) party = domain::AgreementParty::School;
    else throw http::Problem::forbidden("only the admins and coordinators of the two organizations act on it");
    std::string to;
    const domain::AgreementRefusal refusal = domain::checkAgreementTransition(a.state, action, party, reason, to);
    if (refusal == domain::AgreementRefusal::ReasonRequired)
        throw http::Problem::validation("a reason is needed").withError("reason", domain::describeRefusal(refusal, a.state, action));
    if (refusal == domain::AgreementRefusal::WrongParty)
        throw http::Problem::forbidden(domain::describeRefusal(refusal, a.state, action));
    if (refusal != domain::AgreementRefusal::Allowed)
        throw http::Problem(409, "Agreement state", domain::describeRefusal(refusal, a.state, action));
    if (!store::AgreementRepository(database()).transition(a.id, a.state, to, action == "decline" ? reason : ""))
        throw http::Problem(409, "Agreement state", "the agreement changed meanwhile; load it again");
    Poco::JSON::Object detail;
    detail.set("from", a.state);
    detail.set("to", to);
    if (!reason.empty()) detail.set("reason", reason);
    audit(database(), caller, context, "agreement." + action, "agreement", a.id, detail);
    notify(a, action, caller.user.name, reason);
    context.sendJson(200, agreementJson(*store::AgreementRepository(database()).findById(a.id)));
}

// Tells the other side what it has to do now: the school when an agreement is
// submitted to it or taken back, the facility when the school decided.
void AgreementHandlers::notify(const store::Agreement& a, const std::string& action, const std::string& actorName,
                               const std::string& reason) {
    mail::Outbox* outbox = accounts_.outbox();
    if (outbox == nullptr) return;
    const bool toSchool = action == "submit" || action == "withdraw";
    if (!toSchool && action != "approve" && action != "decline") return;
    store::OrganizationRepository organizations(database());
    const auto facility = organizations.findById(a.facilityId);
    const auto school = organizations.findById(a.schoolId);
    if (!facility || !school) return;
    const std::string title = a.name.empty() ? "the affiliation agreement" : "the affiliation agreement \"" + a.name + "\"";
    const std::string between = " between " + facility->name + " and " + school->name + " (" + a.startDate + " to " +
                                a.endDate + ")";
    mail::Letter letter;
    if (action == "submit") {
        letter.subject = facility->name + " asks " + school->name + " to approve an affiliation agreement";
        letter.paragraphs = {actorName + " submitted " + title + between + " to your school.",
                             "An admin or coordinator of " + school->name +
                                 " reads it and approves it, or declines it with a reason."};
        letter.actionLabel = "Review the agreement";
    } else if (action == "withdraw") {
        letter.subject = facility->name + " took back an affiliation agreement";
        letter.paragraphs = {actorName + " withdrew " + title + between +
                             ". Nothing is to be decided until the facility submits it again."};
    } else if (action == "approve") {
        letter.subject = school->name + " approved the affiliation agreement";
        letter.paragraphs = {actorName + " of " + school->name + " approved " + title + between +
                                 ". It is active now: capacity it covers can be scheduled for the school."};
        letter.actionLabel = "See the agreement";
    } else {
        letter.subject = school->name + " declined the affiliation agreement";
        letter.paragraphs = {actorName + " of " + school->name + " declined " + title + between + ".",
                             "Their reason: " + reason,
                             "The facility can revise the agreement and submit it again."};
        letter.actionLabel = "Revise the agreement";
    }
    letter.actionUrl = letter.actionLabel.empty() ? "" : accounts_.settings().publicUrl + "/";
    for (const auto& email : store::AgreementRepository(database()).staffEmails(toSchool ? a.schoolId : a.facilityId)) {
        letter.to = email;
        outbox->enqueue(letter.compose());
    }
}

}  // namespace

void registerAgreementRoutes(http::Router& router, auth::AccountService& accounts) {
    auto h = std::make_shared<AgreementHandlers>(accounts);
    router.add("GET", "/api/v1/organizations/{id}/agreements",
               "A facility's agreements, or those submitted to a school (admins and coordinators)",
               [h](http::RequestContext& c) { h->list(c); });
    router.add("POST", "/api/v1/organizations/{id}/agreements", "Draft an agreement with a school (facility)",
               [h](http::RequestContext& c) { h->create(c); });
    router.add("GET", "/api/v1/agreements/{id}", "An agreement", [h](http::RequestContext& c) { h->get(c); });
    router.add("PATCH", "/api/v1/agreements/{id}", "Change a draft agreement",
               [h](http::RequestContext& c) { h->update(c); });
    router.add("DELETE", "/api/v1/agreements/{id}", "Delete a draft agreement",
               [h](http::RequestContext& c) { h->remove(c); });
    for (const auto& t : domain::agreementTransitions()) {
        if (t.party == domain::AgreementParty::System) continue;
        const std::string action = t.action;
        router.add("POST", "/api/v1/agreements/{id}/" + action,
                   "Agreement: " + action + " (" + t.from + " to " + t.to + ")",
                   [h, action](http::RequestContext& c) { h->act(c, action); });
    }
}

}  // namespace rotunda::api
