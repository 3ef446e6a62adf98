// AccountService.h — sign-up, sign-in (local and plugin authenticators), sessions, lockout.
#pragma once

#include "auth/DirectoryRoles.h"
#include "auth/FailureCounter.h"
#include "mail/Outbox.h"
#include "plugins/PluginHost.h"
#include "store/Database.h"
#include "store/ReadCache.h"
#include "store/SessionRepository.h"
#include "store/UserRepository.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace rotunda::auth {

/// The auth.* configuration, validated.
struct AuthSettings {
    std::size_t passwordMinLength = 12;
    int sessionIdleMinutes = 30;
    int sessionAbsoluteHours = 12;
    int lockoutThreshold = 5;       ///< failed sign-ins before the account locks
    int lockoutBaseSeconds = 30;    ///< first lock; doubles with each further failure, at most an hour
    int signInsPerMinutePerAddress = 20;
    bool allowSignUp = true;
    bool secureCookies = false;     ///< set when users reach Rotunda over HTTPS (through a proxy)
    /// Plugin ids whose password authenticators are asked first, in this order;
    /// the others follow in plugin directory order.
    std::vector<std::string> authenticatorOrder;
    int resetTokenMinutes = 60;     ///< how long a password reset link works
    std::string publicUrl = "http://127.0.0.1:8080";  ///< how users reach Rotunda, for links in mail
    int invitationDays = 14;        ///< how long an invitation link works
    int invitationsPerHour = 200;   ///< invitations one person may send in an hour
    /// How long a checked session is kept in memory (0: every request reads the
    /// database); any write through this server drops it at once (decision 0019).
    int sessionCacheSeconds = 5;
    /// plugins.<id>.groups.map.*: directory groups that grant memberships, by plugin id.
    std::map<std::string, std::vector<GroupMapping>> groupMappings;

    static AuthSettings fromConfiguration(const Poco::Util::AbstractConfiguration& config);
};

/// Input that breaks a rule, with one message per field.
class ValidationFailed : public std::runtime_error {
public:
    explicit ValidationFailed(std::vector<std::pair<std::string, std::string>> fields)
        : std::runtime_error("invalid input"), fields_(std::move(fields)) {}
    const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

/// Who is asking, for the audit trail and the rate limit.
struct Origin {
    std::string remoteAddress;
    std::string userAgent;
    std::string requestId;
};

/// A signed-in user and the session that proves it.
struct Authenticated {
    store::User user;
    store::SessionRecord session;
};

/// How a sign-in attempt ended.
struct SignInResult {
    enum class Outcome { SignedIn, Invalid, Locked, RateLimited, Unavailable, Expired };
    Outcome outcome = Outcome::Invalid;
    Authenticated signedIn;  ///< for SignedIn
    std::string token;       ///< for SignedIn: the session token for the cookie (never stored)
    int retryAfterSeconds = 0;
    std::string passwordChangeUrl;  ///< for Expired: where to change it (plugins.<id>.passwordChangeUrl), may be empty
};

/// Normalises an email (trimmed, lower-case); empty when it is not a plausible address.
std::string normaliseEmail(const std::string& email);

/// Accounts and sessions. Thread-safe.
class AccountService {
public:
    /// `plugins` may be null (no plugin authenticators), `outbox` too (no mail:
    /// password resets are then refused).
    AccountService(store::Database& database, plugins::PluginHost* plugins, mail::Outbox* outbox,
                   AuthSettings settings);

    const AuthSettings& settings() const { return settings_; }
    store::Database& database() { return database_; }
    /// Where notifications go; null when the server has no mail.
    mail::Outbox* outbox() { return outbox_; }

    /// The user's sessions that have not expired.
    std::vector<store::SessionRecord> sessionsOf(const Authenticated& who);

    /// Creates an active account and signs it in. Throws ValidationFailed, and
    /// store::DuplicateEmail when the email has an account already.
    SignInResult signUp(const std::string& email, const std::string& name, const std::string& password,
                        const Origin& origin);

    /// Checks the local account first, then every enabled password authenticator
    /// plugin in order. Never says which of email or password was wrong.
    SignInResult signIn(const std::string& email, const std::string& password, const Origin& origin);

    /// The session of `token` if it is valid; extends its idle time.
    std::optional<Authenticated> authenticate(const std::string& token);

    void signOut(const Authenticated& who, const Origin& origin);
    /// Ends every other session of the user; returns how many.
    int signOutElsewhere(const Authenticated& who, const Origin& origin);

    /// Counts an attempt from `address` against auth.signInsPerMinutePerAddress;
    /// true (with the seconds to wait) when it is over the limit.
    bool rateLimited(const std::string& address, int& retryAfterSeconds);

    /// Mails a single-use reset link when `email` has an account that is not
    /// disabled; does nothing visible otherwise (the caller answers the same either way).
    void requestPasswordReset(const std::string& email, const Origin& origin);

    /// Why a mailed link's token was refused.
    enum class ResetRefusal { None, Unknown, Used, Expired };

    /// Sets a new password with a reset token: the token is used up, every session
    /// of the user ends, a lockout is lifted and an invited account becomes active.
    /// Throws ValidationFailed for a password that breaks the policy.
    ResetRefusal resetPassword(const std::string& token, const std::string& password, const Origin& origin);

    /// Mails a single-use confirmation link to `newEmail` and a notice to the current
    /// address. Throws ValidationFailed for a malformed address and
    /// store::DuplicateEmail when another account has it.
    /// `currentPassword` must be the account's password (a wrong one counts towards
    /// the lockout); accounts without a local password get their email from a directory.
    void requestEmailChange(const Authenticated& who, const std::string& newEmail, const std::string& currentPassword,
                            const Origin& origin);

    /// Applies the email change of a confirmation token; the address must still be free.
    ResetRefusal confirmEmailChange(const std::string& token, const Origin& origin);

    /// Starts a session for `user` (already proven), recorded as signed in by `how`.
    SignInResult openSession(const store::User& user, const Origin& origin, const std::string& how);

    /// Creates an administrator with a local password (rotunda-admin users create-admin).
    store::User createAdministrator(const std::string& email, const std::string& name, const std::string& password);

private:
    /// What a session's transaction writes besides the session and its audit event:
    /// given the transaction and the account, which it may complete (a new account
    /// gets its id) or refresh.
    using SessionWrites = std::function<void(Poco::Data::Session&, store::User&)>;
    /// The name and email a directory reports that differ from the account's (empty: unchanged).
    struct DirectoryRefresh {
        std::string name;
        std::string email;
        bool empty() const { return name.empty() && email.empty(); }
    };

    /// The memberships a directory's groups grant or no longer back, given those the
    /// user holds from it (`held`: organization, role).
    MembershipPlan planDirectoryRoles(const std::string& userId, const std::string& pluginId,
                                      const std::vector<std::string>& groups,
                                      const std::vector<std::pair<std::string, std::string>>& held);
    /// Writes `plan` and its audit events as part of `transaction`.
    void applyDirectoryRoles(Poco::Data::Session& transaction, const store::User& user, const std::string& pluginId,
                             const MembershipPlan& plan, const Origin& origin);
    void logSkippedMappings(const store::User& user, const std::vector<std::string>& keys);
    /// Counts a wrong password against the account and locks it on the lockout schedule.
    void recordWrongPassword(const store::User& user, const Origin& origin);
    /// Stores a new session and its "auth.signed_in" audit event in one transaction
    /// (Database::writeTogether), after `alsoWrite` (optional) has written what belongs with them.
    SignInResult startSession(store::User user, const Origin& origin, const std::string& how,
                              const SessionWrites& alsoWrite = {});
    SignInResult signInWithPlugins(const std::string& email, const std::string& password, const Origin& origin);
    /// What of the directory's current name and email (normalised; empty: keep) an
    /// account linked to it must take; reads nothing.
    static DirectoryRefresh refreshOf(const store::User& user, const std::string& email, const std::string& name);
    /// Writes `refresh` into `user` as part of `transaction`; false when the new email
    /// belongs to another account (the account keeps its email; the rest is written).
    bool applyRefresh(Poco::Data::Session& transaction, store::User& user, const DirectoryRefresh& refresh);
    void logEmailKept(const store::User& user, const std::string& email, const std::string& authenticator);
    void audit(const std::string& action, const std::string& userId, const std::string& actorName,
               const Origin& origin, const std::string& detail = "{}");
    /// The same event, written as part of `transaction`.
    void audit(Poco::Data::Session& transaction, const std::string& action, const std::string& userId,
               const std::string& actorName, const Origin& origin, const std::string& detail = "{}");
    /// An active account with a local password; throws ValidationFailed or store::DuplicateEmail.
    store::User createLocalAccount(const std::string& email, const std::string& name, const std::string& password,
                                   bool administrator);
    /// The session with this token hash and its user, when both are usable now
    /// (from the database; authenticate() keeps the answer for seconds).
    std::optional<Authenticated> readSession(const std::string& tokenHash, const std::string& now);
    /// Stores a single-use token for `userId` and returns the token itself.
    std::string issueToken(const std::string& userId, const std::string& purpose, const std::string& newEmail);
    /// Looks a token up: its user and new email when it is usable, else why not.
    ResetRefusal checkToken(const std::string& token, const std::string& purpose, std::string& userId,
                            std::string& newEmail);
    /// Marks a token used in one conditional statement; false when it was used already.
    bool useToken(const std::string& token);
    void validateNewAccount(const std::string& email, const std::string& name, const std::string& password);

    store::Database& database_;
    FailureCounter unknownNames_;  ///< lockout for emails without an account
    plugins::PluginHost* plugins_;
    mail::Outbox* outbox_;
    AuthSettings settings_;
    store::ReadCache<std::optional<Authenticated>> sessions_;  ///< checked sessions by token hash
    std::mutex limiterMutex_;
    std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> attemptsByAddress_;
};

}  // namespace rotunda::auth
