// InvitationRoutes.cpp — inviting people to an organization, and accepting an invitation.
#include "api/InvitationRoutes.h"

#include "api/AuthRoutes.h"
#include "api/Common.h"
#include "domain/Policy.h"

#include <Poco/JSON/Array.h>
#include <Poco/Net/NameValueCollection.h>

namespace rotunda::api {
namespace {

Poco::JSON::Object invitationJson(const store::Invitation& i) {
    Poco::JSON::Object json;
    json.set("id", i.id);
    json.set("organizationId", i.organizationId);
    json.set("email", i.email);
    json.set("role", i.role);
    json.set("state", i.state);
    json.set("sends", i.sends);
    json.set("createdAt", i.createdAt);
    json.set("sentAt", i.sentAt);
    json.set("expiresAt", i.expiresAt);
    json.set("finishedAt", i.finishedAt.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(i.finishedAt));
    return json;
}

/// The path's organization, when the caller may manage its invitations: 404 for
/// an organization that does not exist or the caller is not a member of, 403 for
/// a member who cannot invite to it.
store::Organization requireInviter(http::RequestContext& context, store::Database& database,
                                   const auth::Authenticated& caller, const std::string& role = "") {
    const auto organization = store::OrganizationRepository(database).findById(context.param("id"));
    if (!organization) throw http::Problem::notFound("no organization " + context.param("id"));
    const domain::Caller who = policyCaller(database, caller);
    if (!domain::isMember(who, organization->id))  // others learn nothing of its invitations
        throw http::Problem::notFound("no organization " + context.param("id"));
    if (!domain::mayInvite(who, organization->id, role.empty() ? "student" : role))
        throw http::Problem::forbidden(role == "admin" ? "only the organization's admins invite admins"
                                                       : "only the organization's admins and coordinators invite");
    return *organization;
}

store::Invitation requireInvitation(http::RequestContext& context, store::Database& database,
                                    const store::Organization& organization) {
    const auto invitation = store::InvitationRepository(database).findById(context.param("invitationId"));
    if (!invitation || invitation->organizationId != organization.id)
        throw http::Problem::notFound("no invitation " + context.param("invitationId") + " in this organization");
    return *invitation;
}

// The refusal of a link, with the way forward.
void throwIfRefused(const auth::InvitationPreview& preview) {
    const std::string org = preview.organization.name.empty() ? "the organization" : preview.organization.name;
    switch (preview.refusal) {
        case auth::InvitationRefusal::None: return;
        case auth::InvitationRefusal::Unknown:
            throw http::Problem::badRequest("this invitation link is not valid; a newer invitation may have replaced "
                                            "it: use the latest one, or ask to be invited again")
                .withError("token", "unknown");
        case auth::InvitationRefusal::Accepted:
            throw http::Problem::badRequest("this invitation was accepted already; sign in to continue")
                .withError("token", "used");
        case auth::InvitationRefusal::Revoked:
            throw http::Problem::badRequest(org + " withdrew this invitation; ask them if you still need access")
                .withError("token", "revoked");
        case auth::InvitationRefusal::Expired:
            throw http::Problem::badRequest("this invitation has expired; ask " + org + " to send a new one")
                .withError("token", "expired");
        case auth::InvitationRefusal::SignInFirst:
            throw http::Problem(409, "Sign in first",
                                preview.invitation.email + " already has a Rotunda account: sign in (with that "
                                "account or the one you want to use), then open the invitation link again; "
                                "\"Forgot password\" helps if you do not know its password")
                .withError("token", "sign in first");
    }
}

std::optional<auth::Authenticated> optionalCaller(http::RequestContext& context, auth::AccountService& accounts) {
    Poco::Net::NameValueCollection cookies;
    context.request().getCookies(cookies);
    if (!cookies.has(kSessionCookie) || !accounts.authenticate(cookies.get(kSessionCookie))) return std::nullopt;
    return requireCaller(context, accounts);  // checks the CSRF header as for any signed-in change
}

void handleInvite(http::RequestContext& context, auth::AccountService& accounts, auth::InvitationService& service) {
    const auth::Authenticated caller = requireCaller(context, accounts);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the invitation cannot be sent as given");
    refuseUnknownMembers(body, {"email", "role"}, problem);
    const std::string email = requiredString(body, "email", problem, 254);
    const std::string role = requiredString(body, "role", problem, 20);
    if (!email.empty() && auth::normaliseEmail(email).empty())
        problem.withError("email", "must be an email address such as name@example.org");
    throwIfInvalid(problem);
    const store::Organization organization = requireInviter(context, accounts.database(), caller, role);
    bool resent = false;
    store::Invitation invitation;
    try {
        invitation = service.invite(caller, organization, email, role, originOf(context), resent);
    } catch (const auth::ValidationFailed& e) {
        for (const auto& [field, message] : e.fields()) problem.withError(field, message);
        throw problem;
    } catch (const auth::AlreadyMember& e) {
        throw http::Problem(409, "Already a member", e.what()).withError("email", "already holds this role");
    } catch (const auth::TooManyInvitations& e) {
        throw http::Problem(429, "Too Many Requests", e.what()).withHeader("Retry-After", "3600");
    }
    context.response().set("Location",
                           "/api/v1/organizations/" + organization.id + "/invitations/" + invitation.id);
    Poco::JSON::Object answer = invitationJson(invitation);
    answer.set("resent", resent);
    context.sendJson(resent ? 200 : 201, answer);
}

void handleAccept(http::RequestContext& context, auth::AccountService& accounts, auth::InvitationService& service) {
    const std::optional<auth::Authenticated> caller = optionalCaller(context, accounts);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the invitation cannot be accepted as given");
    const std::string token = requiredString(body, "token", problem, 200);
    const std::string password = caller ? "" : requiredString(body, "password", problem, 4096);
    const std::string name = optionalString(body, "name", problem, "", 200);
    throwIfInvalid(problem);
    auth::Acceptance accepted;
    try {
        accepted = service.accept(token, caller, password, name, originOf(context));
    } catch (const auth::ValidationFailed& e) {
        for (const auto& [field, message] : e.fields()) problem.withError(field, message);
        throw problem;
    }
    if (accepted.refusal != auth::InvitationRefusal::None) {
        auth::InvitationPreview preview = service.preview(token);
        preview.refusal = accepted.refusal;
        throwIfRefused(preview);
    }
    if (!caller) {
        answerSignedIn(context, accounts, accepted.signIn, 200);
        return;
    }
    context.sendJson(200, invitationJson(accepted.invitation));
}

}  // namespace

void registerInvitationRoutes(http::Router& router, auth::AccountService& accounts,
                              auth::InvitationService& invitations) {
    router.add("POST", "/api/v1/organizations/{id}/invitations",
               "Invite an email to a role (admins and coordinators); re-sends a pending one",
               [&](http::RequestContext& context) { handleInvite(context, accounts, invitations); });
    router.add("GET", "/api/v1/organizations/{id}/invitations", "The organization's invitations, newest first",
               [&](http::RequestContext& context) {
                   const auth::Authenticated caller = requireCaller(context, accounts);
                   const store::Organization organization = requireInviter(context, accounts.database(), caller);
                   Poco::JSON::Array items;
                   for (const auto& i : store::InvitationRepository(accounts.database()).listForOrganization(organization.id))
                       items.add(invitationJson(i));
                   Poco::JSON::Object body;
                   body.set("items", items);
                   context.sendJson(200, body);
               });
    router.add("POST", "/api/v1/organizations/{id}/invitations/{invitationId}/resend",
               "Send a pending invitation again, with a new link",
               [&](http::RequestContext& context) {
                   const auth::Authenticated caller = requireCaller(context, accounts);
                   const store::Organization organization = requireInviter(context, accounts.database(), caller);
                   const store::Invitation invitation = requireInvitation(context, accounts.database(), organization);
                   requireInviter(context, accounts.database(), caller, invitation.role);
                   const auto renewed = invitations.resend(caller, organization, invitation, originOf(context));
                   if (!renewed)
                       throw http::Problem(409, "Conflict", "this invitation is " + invitation.state +
                                                                "; invite the person again instead");
                   context.sendJson(200, invitationJson(*renewed));
               });
    router.add("DELETE", "/api/v1/organizations/{id}/invitations/{invitationId}", "Withdraw a pending invitation",
               [&](http::RequestContext& context) {
                   const auth::Authenticated caller = requireCaller(context, accounts);
                   const store::Organization organization = requireInviter(context, accounts.database(), caller);
                   const store::Invitation invitation = requireInvitation(context, accounts.database(), organization);
                   if (!invitations.revoke(caller, invitation, originOf(context)))
                       throw http::Problem(409, "Conflict", "this invitation is " + invitation.state +
                                                                " and can no longer be withdrawn");
                   context.sendNoContent();
               });
    router.add("POST", "/api/v1/invitations/preview", "What an invitation link offers, before accepting it",
               [&](http::RequestContext& context) {
                   const Poco::JSON::Object::Ptr body = context.jsonBody();
                   http::Problem problem = http::Problem::validation("the preview needs the link's token");
                   const std::string token = requiredString(body, "token", problem, 200);
                   throwIfInvalid(problem);
                   const auth::InvitationPreview preview = invitations.preview(token);
                   throwIfRefused(preview);
                   Poco::JSON::Object answer;
                   answer.set("organization", preview.organization.name);
                   answer.set("kind", preview.organization.kind);
                   answer.set("role", preview.invitation.role);
                   answer.set("email", preview.invitation.email);
                   answer.set("expiresAt", preview.invitation.expiresAt);
                   answer.set("needsPassword", preview.needsPassword);
                   context.sendJson(200, answer);
               });
    router.add("POST", "/api/v1/invitations/accept",
               "Accept an invitation: sets the password of the invited account, or adds the signed-in account",
               [&](http::RequestContext& context) { handleAccept(context, accounts, invitations); });
}

}  // namespace rotunda::api
