// InvitationService.h — inviting people to an organization, and accepting.
#pragma once

#include "auth/AccountService.h"
#include "mail/Outbox.h"
#include "store/InvitationRepository.h"
#include "store/OrganizationRepository.h"

#include <optional>
#include <string>

namespace rotunda::auth {

/// Thrown by invite() when the person already holds the role.
class AlreadyMember : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Thrown by invite() when the inviter sent auth.invitationsPerHour already.
class TooManyInvitations : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Why an invitation link cannot be used.
enum class InvitationRefusal {
    None,
    Unknown,      ///< no such link (never sent, or replaced by a newer one)
    Accepted,     ///< used already
    Revoked,      ///< withdrawn by the organization
    Expired,
    SignInFirst   ///< the invited account has a password: sign in as it, then accept
};

/// What an invitation link shows before it is accepted.
struct InvitationPreview {
    InvitationRefusal refusal = InvitationRefusal::Unknown;
    store::Invitation invitation;
    store::Organization organization;
    bool needsPassword = false;  ///< the invited account has no password yet
};

/// The outcome of accepting.
struct Acceptance {
    InvitationRefusal refusal = InvitationRefusal::None;
    store::Invitation invitation;
    SignInResult signIn;  ///< a new session when the link set the password
};

/// Invitations: an organization's admin or coordinator invites an email to a
/// role; the mail carries a single-use link that expires (auth.invitationDays).
/// An email without an account gets an invited account (status invited, no
/// password), activated when the link sets its password — or by "Forgot
/// password", which activates invited accounts too. Thread-safe.
class InvitationService {
public:
    /// `outbox` null: invitations are refused (std::logic_error).
    InvitationService(AccountService& accounts, mail::Outbox* outbox);

    /// Invites `email` to `role`, or re-sends the pending invitation of the same
    /// email and role (a new link that replaces the old one). The caller has
    /// checked the policy. Throws ValidationFailed, AlreadyMember, TooManyInvitations.
    /// `introduction`, when given, opens the mail instead of "X invited you to join …"
    /// (a facility inviting a partner school says who it is and why).
    store::Invitation invite(const Authenticated& inviter, const store::Organization& organization,
                             const std::string& email, const std::string& role, const Origin& origin,
                             bool& resent, const std::string& introduction = "");
    /// Re-sends a pending invitation; nullopt when it is not pending.
    std::optional<store::Invitation> resend(const Authenticated& inviter, const store::Organization& organization,
                                            const store::Invitation& invitation, const Origin& origin);
    /// Withdraws a pending invitation; false when it is not pending.
    bool revoke(const Authenticated& who, const store::Invitation& invitation, const Origin& origin);

    /// Invites many emails to `role` at once (a roster import) as part of
    /// `transaction`: invitation rows and their mail are written in bulk and exist
    /// if and only if the transaction commits. Emails with a pending invitation to
    /// the role are skipped (their link still works). No per-hour limit: the
    /// caller has checked the policy. Accepting works as for any invitation.
    /// Returns how many were invited.
    std::size_t inviteMany(Poco::Data::Session& transaction, const Authenticated& inviter,
                           const store::Organization& organization, const std::string& role,
                           const std::vector<std::string>& emails);

    /// What the link of `token` shows.
    InvitationPreview preview(const std::string& token);

    /// Accepts: with `signedIn`, that account joins; without, the invited account
    /// gets `password` (and `name` when given), becomes active, joins and is signed
    /// in. Throws ValidationFailed for a password that breaks the rules.
    Acceptance accept(const std::string& token, const std::optional<Authenticated>& signedIn,
                      const std::string& password, const std::string& name, const Origin& origin);

private:
    void send(const store::Invitation& invitation, const store::Organization& organization,
              const std::string& inviterName, const std::string& token, const std::string& introduction = "");
    std::string expiry() const;

    AccountService& accounts_;
    mail::Outbox* outbox_;
};

}  // namespace rotunda::auth
