// PartnerRoutes.cpp — the schools a facility works with: link one already in
// Rotunda, invite one by email, end a partnership; both sides see the list.
#include "api/PartnerRoutes.h"

#include "api/AuthRoutes.h"
#include "api/Common.h"
#include "domain/Policy.h"
#include "mail/Letter.h"
#include "store/AgreementRepository.h"
#include "store/InvitationRepository.h"
#include "store/OrganizationRepository.h"
#include "store/PartnershipRepository.h"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>

namespace rotunda::api {
namespace {

class PartnerHandlers {
public:
    PartnerHandlers(auth::AccountService& accounts, auth::InvitationService* invitations)
        : accounts_(accounts), invitations_(invitations) {}

    void list(http::RequestContext& context);
    void add(http::RequestContext& context);
    void end(http::RequestContext& context);

private:
    store::Database& database() { return accounts_.database(); }
    store::Organization requireOrganization(const std::string& id, const domain::Caller& who);
    Poco::JSON::Object partnershipJson(const store::Partnership& p, const std::string& viewedFrom, bool manager);
    void link(http::RequestContext& context, const auth::Authenticated& caller, const store::Organization& facility,
              const std::string& schoolId);
    void invite(http::RequestContext& context, const auth::Authenticated& caller, const store::Organization& facility,
                const std::string& email, const std::string& schoolName);
    void notifyLinked(const store::Organization& facility, const store::Organization& school);

    auth::AccountService& accounts_;
    auth::InvitationService* invitations_;
};

// The organization of the path, for its members; others learn nothing (404).
store::Organization PartnerHandlers::requireOrganization(const std::string& id, const domain::Caller& who) {
    const auto found = store::OrganizationRepository(database()).findById(id);
    if (!found || !domain::isMember(who, found->id)) throw http::Problem::notFound("no organization " + id);
    return *found;
}

Poco::JSON::Object PartnerHandlers::partnershipJson(const store::Partnership& p, const std::string& viewedFrom,
                                                    bool manager) {
    const std::string partnerId = viewedFrom == p.facilityId ? p.schoolId : p.facilityId;
    Poco::JSON::Object partner;
    if (const auto o = store::OrganizationRepository(database()).findById(partnerId)) {
        partner.set("id", o->id);
        partner.set("kind", o->kind);
        partner.set("name", o->name);
        partner.set("orgType", o->orgType);
        partner.set("logoDocumentId", o->logoDocumentId.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(o->logoDocumentId));
    }
    Poco::JSON::Object json;
    json.set("facilityId", p.facilityId);
    json.set("schoolId", p.schoolId);
    json.set("partner", partner);
    json.set("state", p.state);
    json.set("since", p.createdAt);
    json.set("endedAt", p.endedAt.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(p.endedAt));
    // Who was invited, and whether they came, is for the facility's managers.
    if (manager && viewedFrom == p.facilityId && !p.invitationId.empty()) {
        if (const auto i = store::InvitationRepository(database()).findById(p.invitationId)) {
            Poco::JSON::Object invitation;
            invitation.set("id", i->id);
            invitation.set("email", i->email);
            invitation.set("state", i->state);
            invitation.set("expiresAt", i->expiresAt);
            json.set("invitation", invitation);
        }
    }
    return json;
}

void PartnerHandlers::list(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const store::Organization o = requireOrganization(context.param("id"), who);
    const std::string state = context.query("state");
    if (!state.empty() && state != "active" && state != "all")
        throw http::Problem::validation("the list cannot be filtered as asked").withError("state", "must be active or all");
    const bool manager = domain::mayManagePartnerships(who, o.id);
    Poco::JSON::Array items;
    for (const auto& p : store::PartnershipRepository(database()).listFor(o.id, state != "all"))
        items.add(partnershipJson(p, o.id, manager));
    Poco::JSON::Object body;
    body.set("items", items);
    context.sendJson(200, body);
}

void PartnerHandlers::add(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const store::Organization facility = requireOrganization(context.param("id"), who);
    if (facility.kind != "facility")
        throw http::Problem::forbidden("a facility adds its partner schools; a school sees the facilities that added it");
    if (!domain::mayManagePartnerships(who, facility.id))
        throw http::Problem::forbidden("only the facility's admins and coordinators add partner schools");
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the partner cannot be added as given");
    refuseUnknownMembers(body, {"schoolId", "email", "schoolName"}, problem);
    const std::string schoolId = optionalString(body, "schoolId", problem, "", 64);
    const std::string email = optionalString(body, "email", problem, "", 320);
    const std::string schoolName = optionalString(body, "schoolName", problem, "", 200);
    if (schoolId.empty() && email.empty())
        problem.withError("schoolId", "give schoolId to link a school already in Rotunda, or email and schoolName to invite one");
    if (!schoolId.empty() && (!email.empty() || !schoolName.empty()))
        problem.withError("schoolId", "give either schoolId, or email and schoolName, not both");
    if (!email.empty() && auth::normaliseEmail(email).empty())
        problem.withError("email", "must be an email address such as name@example.org");
    if (schoolId.empty() && !email.empty() && schoolName.empty())
        problem.withError("schoolName", "is required when inviting by email");
    throwIfInvalid(problem);
    if (!schoolId.empty()) link(context, caller, facility, schoolId);
    else invite(context, caller, facility, auth::normaliseEmail(email), schoolName);
}

void PartnerHandlers::link(http::RequestContext& context, const auth::Authenticated& caller,
                           const store::Organization& facility, const std::string& schoolId) {
    const auto school = store::OrganizationRepository(database()).findById(schoolId);
    if (!school || school->kind != "school")
        throw http::Problem::validation("the partner cannot be added as given").withError("schoolId", "is not a school in Rotunda");
    store::PartnershipRepository partnerships(database());
    if (!partnerships.link(facility.id, school->id, caller.user.id))
        throw http::Problem(409, "Already partners", facility.name + " and " + school->name + " are partners already");
    Poco::JSON::Object detail;
    detail.set("facility", facility.id);
    detail.set("school", school->id);
    audit(database(), caller, context, "partnership.linked", "organization", facility.id, detail);
    notifyLinked(facility, *school);
    context.response().set("Location", "/api/v1/organizations/" + facility.id + "/partners/" + school->id);
    context.sendJson(201, partnershipJson(*partnerships.find(facility.id, school->id), facility.id, true));
}

void PartnerHandlers::invite(http::RequestContext& context, const auth::Authenticated& caller,
                             const store::Organization& facility, const std::string& email,
                             const std::string& schoolName) {
    if (invitations_ == nullptr) throw http::Problem::unavailable("this server sends no mail, so it cannot invite");
    store::PartnershipRepository partnerships(database());
    store::InvitationRepository invitationRows(database());
    store::OrganizationRepository organizations(database());
    // The same school invited again (a lost mail): a new link, no second school.
    for (const auto& p : partnerships.listFor(facility.id, true)) {
        if (p.invitationId.empty()) continue;
        const auto pending = invitationRows.findById(p.invitationId);
        if (!pending || pending->state != "pending" || pending->email != email) continue;
        const auto school = organizations.findById(p.schoolId);
        if (!school || !invitations_->resend(caller, *school, *pending, originOf(context))) continue;
        context.sendJson(200, partnershipJson(*partnerships.find(facility.id, p.schoolId), facility.id, true));
        return;
    }
    store::Organization draft;
    draft.kind = "school";
    draft.name = schoolName;
    const store::Organization school = organizations.create(draft, "");
    store::Invitation invitation;
    bool resent = false;
    const std::string introduction =
        caller.user.name + " of " + facility.name + " invites " + schoolName +
        " to work with them on Rotunda, where clinical rotations are arranged. Accepting makes you the school's "
        "first admin: you complete its profile, invite your coordinators and students, and see " + facility.name +
        " among your partners.";
    try {
        invitation = invitations_->invite(caller, school, email, "admin", originOf(context), resent, introduction);
    } catch (const auth::TooManyInvitations& e) {
        organizations.removeEmpty(school.id);
        throw http::Problem(429, "Too Many Requests", e.what()).withHeader("Retry-After", "3600");
    } catch (...) {
        organizations.removeEmpty(school.id);
        throw;
    }
    partnerships.link(facility.id, school.id, caller.user.id, invitation.id);
    Poco::JSON::Object detail;
    detail.set("facility", facility.id);
    detail.set("school", school.id);
    detail.set("email", email);
    audit(database(), caller, context, "partnership.invited", "organization", facility.id, detail);
    context.response().set("Location", "/api/v1/organizations/" + facility.id + "/partners/" + school.id);
    context.sendJson(201, partnershipJson(*partnerships.find(facility.id, school.id), facility.id, true));
}

void PartnerHandlers::notifyLinked(const store::Organization& facility, const store::Organization& school) {
    mail::Outbox* outbox = accounts_.outbox();
    if (outbox == nullptr) return;
    for (const auto& email : store::AgreementRepository(database()).staffEmails(school.id)) {
        mail::Letter letter;
        letter.to = email;
        letter.subject = facility.name + " added " + school.name + " as a partner school";
        letter.paragraphs = {facility.name + " added " + school.name +
                                 " to its partner schools on Rotunda. You will find it under your school's partners; "
                                 "its affiliation agreements and scheduled capacity will reach you there.",
                             "If your school does not work with " + facility.name +
                                 ", an admin or coordinator of your school can end the partnership."};
        letter.actionLabel = "See your partners";
        letter.actionUrl = accounts_.settings().publicUrl + "/";
        outbox->enqueue(letter.compose());
    }
}

void PartnerHandlers::end(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const store::Organization o = requireOrganization(context.param("id"), who);
    const std::string partnerId = context.param("partnerId");
    const std::string facilityId = o.kind == "facility" ? o.id : partnerId;
    const std::string schoolId = o.kind == "facility" ? partnerId : o.id;
    store::PartnershipRepository partnerships(database());
    const auto p = partnerships.find(facilityId, schoolId);
    if (!p || p->state != "active") throw http::Problem::notFound("no active partnership with " + partnerId);
    if (!domain::mayManagePartnerships(who, o.id))
        throw http::Problem::forbidden("only the admins and coordinators of either side end a partnership");
    const auto open = partnerships.openAgreements(facilityId, schoolId);
    if (!open.empty()) {
        std::string ids;
        for (const auto& id : open) ids += (ids.empty() ? "" : ", ") + id;
        throw http::Problem(409, "Partnership in use",
                            "agreements between the two are pending or active (" + ids +
                                "); the facility withdraws pending ones, active ones end at their end date");
    }
    partnerships.end(facilityId, schoolId, caller.user.id);
    Poco::JSON::Object detail;
    detail.set("facility", facilityId);
    detail.set("school", schoolId);
    audit(database(), caller, context, "partnership.ended", "organization", o.id, detail);
    context.sendNoContent();
}

}  // namespace

void registerPartnerRoutes(http::Router& router, auth::AccountService& accounts, auth::InvitationService* invitations) {
    auto h = std::make_shared<PartnerHandlers>(accounts, invitations);
    router.add("GET", "/api/v1/organizations/{id}/partners",
               "The partner schools of a facility, or the facilities a school works with (members; ?state=all adds ended)",
               [h](http::RequestContext& c) { h->list(c); });
    router.add("POST", "/api/v1/organizations/{id}/partners",
               "Link a school already in Rotunda (schoolId) or invite one by email (email, schoolName): facility "
               "admins and coordinators",
               [h](http::RequestContext& c) { h->add(c); });
    router.add("DELETE", "/api/v1/organizations/{id}/partners/{partnerId}",
               "End a partnership (admins and coordinators of either side; not while agreements are pending or active)",
               [h](http::RequestContext& c) { h->end(c); });
}

}  // namespace rotunda::api
