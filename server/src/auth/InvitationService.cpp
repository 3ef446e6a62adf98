// InvitationService.cpp — inviting people to an organization, and accepting.
#include "auth/InvitationService.h"

#include "auth/PasswordHasher.h"
#include "auth/Secrets.h"
#include "domain/Policy.h"
#include "mail/Letter.h"
#include "store/AuditRepository.h"
#include "store/Clock.h"
#include "store/OutboxRepository.h"
#include "store/UserRepository.h"

#include <Poco/JSON/Object.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>
#include <Poco/UUIDGenerator.h>

#include <set>

#include <sstream>

namespace rotunda::auth {
namespace {

std::string utcIn(int seconds) { return store::utcText(Poco::Timestamp() + Poco::Timespan(seconds, 0)); }

void auditInvitation(store::Database& database, const std::string& actorId, const std::string& actorName,
                     const std::string& action, const store::Invitation& invitation, const Origin& origin) {
    Poco::JSON::Object detail;
    detail.set("invitation", invitation.id);
    detail.set("email", invitation.email);
    detail.set("role", invitation.role);
    std::ostringstream text;
    detail.stringify(text);
    store::AuditEvent event;
    event.actorId = actorId;
    event.actorName = actorName.empty() ? "anonymous" : actorName;
    event.action = action;
    event.recordType = "organization";
    event.recordId = invitation.organizationId;
    event.remoteAddress = origin.remoteAddress;
    event.requestId = origin.requestId;
    event.detail = text.str();
    store::AuditRepository(database).append(event);
}

std::string article(const std::string& role) {
    return role.empty() || std::string("aeiou").find(role[0]) == std::string::npos ? "a " + role : "an " + role;
}

}  // namespace

InvitationService::InvitationService(AccountService& accounts, mail::Outbox* outbox)
    : accounts_(accounts), outbox_(outbox) {}

std::string InvitationService::expiry() const { return utcIn(accounts_.settings().invitationDays * 24 * 3600); }

store::Invitation InvitationService::invite(const Authenticated& inviter, const store::Organization& organization,
                                            const std::string& email, const std::string& role, const Origin& origin,
                                            bool& resent, const std::string& introduction) {
    if (outbox_ == nullptr) throw std::logic_error("invitations need the mail outbox");
    std::vector<std::pair<std::string, std::string>> fields;
    const std::string address = normaliseEmail(email);
    if (address.empty()) fields.emplace_back("email", "must be an email address such as name@example.org");
    if (!domain::isRoleOf(organization.kind, role)) {
        std::string roles;
        for (const auto& r : domain::rolesOf(organization.kind)) roles += (roles.empty() ? "" : ", ") + r;
        fields.emplace_back("role", "must be one of " + roles);
    }
    if (!fields.empty()) throw ValidationFailed(fields);

    store::Database& database = accounts_.database();
    store::UserRepository users(database);
    store::OrganizationRepository organizations(database);
    store::InvitationRepository invitations(database);
    const std::optional<store::User> existing = users.findByEmail(address);
    if (existing) {
        for (const auto& m : organizations.membershipsOf(existing->id))
            if (m.organizationId == organization.id && m.role == role)
                throw AlreadyMember(address + " is already " + article(role) + " of " + organization.name);
    }
    const std::string hourAgo = store::utcText(Poco::Timestamp() - Poco::Timespan(3600, 0));
    if (invitations.countSentSince(inviter.user.id, hourAgo) >= accounts_.settings().invitationsPerHour)
        throw TooManyInvitations("you sent " + std::to_string(accounts_.settings().invitationsPerHour) +
                                 " invitations in the last hour; wait before sending more");

    if (const auto pending = invitations.findPending(organization.id, address, role)) {
        resent = true;
        if (auto renewed = resend(inviter, organization, *pending, origin)) return *renewed;
    }
    resent = false;
    if (!existing) {
        // The account exists from now on, so sign-up answers "user already exists"
        // and "Forgot password" activates it, as the help articles say.
        store::User invited;
        invited.email = address;
        invited.name = address.substr(0, address.find('@'));
        invited.status = "invited";
        try {
            users.create(invited);
        } catch (const store::DuplicateEmail&) {
            // created by a concurrent invitation: fine
        }
    }
    const std::string token = randomToken();
    store::Invitation invitation;
    invitation.organizationId = organization.id;
    invitation.email = address;
    invitation.role = role;
    invitation.tokenHash = sha256Hex(token);
    invitation.invitedBy = inviter.user.id;
    invitation.expiresAt = expiry();
    invitation = invitations.create(invitation);
    send(invitation, organization, inviter.user.name, token, introduction);
    auditInvitation(database, inviter.user.id, inviter.user.name, "invitation.created", invitation, origin);
    return invitation;
}

std::optional<store::Invitation> InvitationService::resend(const Authenticated& inviter,
                                                           const store::Organization& organization,
                                                           const store::Invitation& invitation, const Origin& origin) {
    if (outbox_ == nullptr) throw std::logic_error("invitations need the mail outbox");
    const std::string token = randomToken();
    store::InvitationRepository invitations(accounts_.database());
    if (!invitations.renew(invitation.id, sha256Hex(token), expiry())) return std::nullopt;
    const auto renewed = invitations.findById(invitation.id);
    send(*renewed, organization, inviter.user.name, token);
    auditInvitation(accounts_.database(), inviter.user.id, inviter.user.name, "invitation.resent", *renewed, origin);
    return renewed;
}

bool InvitationService::revoke(const Authenticated& who, const store::Invitation& invitation, const Origin& origin) {
    if (!store::InvitationRepository(accounts_.database()).revoke(invitation.id)) return false;
    auditInvitation(accounts_.database(), who.user.id, who.user.name, "invitation.revoked", invitation, origin);
    return true;
}

void InvitationService::send(const store::Invitation& invitation, const store::Organization& organization,
                             const std::string& inviterName, const std::string& token,
                             const std::string& introduction) {
    mail::Letter letter;
    letter.to = invitation.email;
    letter.subject = "You are invited to join " + organization.name + " on Rotunda";
    letter.paragraphs = {introduction.empty()
                             ? inviterName + " invited you to join " + organization.name + " as " +
                                   article(invitation.role) + " on Rotunda, where clinical rotations are arranged."
                             : introduction,
                         "Open this link within " + std::to_string(accounts_.settings().invitationDays) +
                             " days to accept:"};
    letter.actionLabel = "Accept the invitation";
    letter.actionUrl = accounts_.settings().publicUrl + "/accept-invitation.html?token=" + token;
    letter.after = {"The link works once and replaces any earlier invitation link. If you did not expect this, "
                    "ignore this message."};
    outbox_->enqueue(letter.compose());
}

InvitationPreview InvitationService::preview(const std::string& token) {
    InvitationPreview result;
    if (token.empty() || token.size() > 200) return result;
    store::Database& database = accounts_.database();
    const auto invitation = store::InvitationRepository(database).findByTokenHash(sha256Hex(token));
    if (!invitation) return result;
    result.invitation = *invitation;
    if (auto organization = store::OrganizationRepository(database).findById(invitation->organizationId))
        result.organization = *organization;
    const auto user = store::UserRepository(database).findByEmail(invitation->email);
    result.needsPassword = !user || user->passwordHash.empty();
    if (invitation->state == "accepted") result.refusal = InvitationRefusal::Accepted;
    else if (invitation->state == "revoked") result.refusal = InvitationRefusal::Revoked;
    else if (invitation->expiresAt <= store::utcNow()) result.refusal = InvitationRefusal::Expired;
    else result.refusal = InvitationRefusal::None;
    return result;
}

Acceptance InvitationService::accept(const std::string& token, const std::optional<Authenticated>& signedIn,
                                     const std::string& password, const std::string& name, const Origin& origin) {
    Acceptance result;
    const InvitationPreview found = preview(token);
    result.refusal = found.refusal;
    result.invitation = found.invitation;
    if (found.refusal != InvitationRefusal::None) return result;

    store::Database& database = accounts_.database();
    store::UserRepository users(database);
    store::InvitationRepository invitations(database);
    std::optional<store::User> member;
    if (signedIn) {
        member = signedIn->user;
    } else {
        member = users.findByEmail(found.invitation.email);
        if (member && !member->passwordHash.empty()) {
            result.refusal = InvitationRefusal::SignInFirst;
            return result;
        }
        if (!member || member->status == "disabled") {
            result.refusal = InvitationRefusal::Unknown;
            return result;
        }
        const std::string newName = Poco::trim(name).empty() ? member->name : Poco::trim(name);
        std::vector<std::pair<std::string, std::string>> fields;
        if (newName.size() > 200) fields.emplace_back("name", "must be at most 200 bytes");
        for (const auto& problem :
             passwordProblems(password, member->email, newName, accounts_.settings().passwordMinLength))
            fields.emplace_back("password", problem);
        if (!fields.empty()) throw ValidationFailed(fields);
        member->name = newName;
    }
    // Claimed in one conditional statement: two tabs racing with one link cannot both join.
    if (!invitations.accept(found.invitation.id, member->id)) {
        result.refusal = InvitationRefusal::Accepted;
        return result;
    }
    if (!signedIn) {
        users.updateProfile(*member);
        users.setPasswordHash(member->id, PasswordHasher::hash(password));
        users.setStatus(member->id, "active");
        member->status = "active";
    }
    store::OrganizationRepository(database).addMembership(
        {found.invitation.organizationId, member->id, found.invitation.role, "manual", ""});
    result.invitation = *invitations.findById(found.invitation.id);
    auditInvitation(database, member->id, member->name, "invitation.accepted", result.invitation, origin);
    if (!signedIn) result.signIn = accounts_.openSession(*member, origin, "invitation");
    return result;
}

std::size_t InvitationService::inviteMany(Poco::Data::Session& transaction, const Authenticated& inviter,
                                          const store::Organization& organization, const std::string& role,
                                          const std::vector<std::string>& emails) {
    if (outbox_ == nullptr) throw std::logic_error("invitations need the mail outbox");
    store::InvitationRepository repository(accounts_.database());
    const auto pending = repository.pendingEmails(transaction, organization.id, role);
    const std::set<std::string> skip(pending.begin(), pending.end());
    std::vector<store::Invitation> invitations;
    std::vector<store::OutboxMessage> mail;
    const std::string expires = expiry();
    for (const std::string& email : emails) {
        if (skip.count(email)) continue;
        const std::string token = randomToken();
        store::Invitation invitation;
        invitation.organizationId = organization.id;
        invitation.email = email;
        invitation.role = role;
        invitation.tokenHash = sha256Hex(token);
        invitation.invitedBy = inviter.user.id;
        invitation.expiresAt = expires;
        mail::Letter letter;
        letter.to = email;
        letter.subject = "You are invited to join " + organization.name + " on Rotunda";
        letter.paragraphs = {inviter.user.name + " invited you to join " + organization.name + " as " +
                                 article(role) + " on Rotunda, where clinical rotations are arranged.",
                             "Open this link within " + std::to_string(accounts_.settings().invitationDays) +
                                 " days to accept:"};
        letter.actionLabel = "Accept the invitation";
        letter.actionUrl = accounts_.settings().publicUrl + "/accept-invitation.html?token=" + token;
        letter.after = {"The link works once. If you did not expect this, ignore this message."};
        const mail::MailMessage message = letter.compose();
        store::OutboxMessage row;
        row.recipient = email;
        row.subject = message.subject();
        row.textBody = message.textBody();
        row.htmlBody = message.htmlBody();
        row.messageId = Poco::UUIDGenerator::defaultGenerator().createRandom().toString() + "@rotunda";
        mail.push_back(std::move(row));
        invitations.push_back(std::move(invitation));
    }
    repository.createMany(transaction, std::move(invitations));
    store::OutboxRepository(accounts_.database()).enqueueMany(transaction, mail);
    return mail.size();
}

}  // namespace rotunda::auth
