// AccountService.cpp — sign-up, sign-in (local and plugin authenticators), sessions, lockout.
#include "auth/AccountService.h"

#include "app/Settings.h"
#include "auth/PasswordHasher.h"
#include "auth/Secrets.h"
#include "mail/Letter.h"
#include "store/AuditRepository.h"
#include "store/Clock.h"
#include "store/OrganizationRepository.h"

#include <Poco/Data/Session.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>
#include <Poco/RegularExpression.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Timespan.h>
#include <Poco/UTF8String.h>

#include <algorithm>
#include <sstream>

using namespace Poco::Data::Keywords;

namespace rotunda::auth {
namespace {

Poco::Logger& log() { return Poco::Logger::get("rotunda.auth"); }

std::string utcIn(int seconds) { return store::utcText(Poco::Timestamp() + Poco::Timespan(seconds, 0)); }

std::string json(std::initializer_list<std::pair<const char*, std::string>> fields) {
    Poco::JSON::Object object;
    for (const auto& [key, value] : fields) object.set(key, value);
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

bool hasControlCharacters(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

store::AuditEvent userEvent(const std::string& action, const std::string& userId, const std::string& actorName,
                            const Origin& origin, const std::string& detail) {
    store::AuditEvent event;
    event.actorId = userId;
    event.actorName = actorName.empty() ? "anonymous" : actorName;
    event.action = action;
    event.recordType = "user";
    event.recordId = userId.empty() ? "-" : userId;
    event.remoteAddress = origin.remoteAddress;
    event.requestId = origin.requestId;
    event.detail = detail;
    return event;
}

}  // namespace

AuthSettings AuthSettings::fromConfiguration(const Poco::Util::AbstractConfiguration& config) {
    AuthSettings s;
    s.groupMappings = readGroupMappings(config);
    s.passwordMinLength = static_cast<std::size_t>(app::readInt(config, "auth.passwordMinLength", 12, 8, 64));
    s.sessionIdleMinutes = static_cast<int>(app::readInt(config, "auth.sessionIdleMinutes", 30, 1, 7 * 24 * 60));
    s.sessionAbsoluteHours = static_cast<int>(app::readInt(config, "auth.sessionAbsoluteHours", 12, 1, 24 * 90));
    s.sessionCacheSeconds = static_cast<int>(app::readInt(config, "auth.sessionCacheSeconds", 5, 0, 60));
    s.lockoutThreshold = static_cast<int>(app::readInt(config, "auth.lockoutThreshold", 5, 1, 100));
    s.lockoutBaseSeconds = static_cast<int>(app::readInt(config, "auth.lockoutBaseSeconds", 30, 1, 3600));
    s.signInsPerMinutePerAddress =
        static_cast<int>(app::readInt(config, "auth.signInsPerMinutePerAddress", 20, 1, 10000));
    s.allowSignUp = app::readBool(config, "auth.allowSignUp", true);
    s.secureCookies = app::readBool(config, "auth.secureCookies", false);
    Poco::StringTokenizer ids(app::readString(config, "auth.authenticatorOrder", ""), ",",
                              Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    s.authenticatorOrder.assign(ids.begin(), ids.end());
    s.resetTokenMinutes = static_cast<int>(app::readInt(config, "auth.resetTokenMinutes", 60, 5, 7 * 24 * 60));
    s.invitationDays = static_cast<int>(app::readInt(config, "auth.invitationDays", 14, 1, 90));
    s.invitationsPerHour = static_cast<int>(app::readInt(config, "auth.invitationsPerHour", 200, 1, 100000));
    s.publicUrl = app::readString(config, "http.publicUrl", "http://127.0.0.1:8080", true);
    while (!s.publicUrl.empty() && s.publicUrl.back() == '/') s.publicUrl.pop_back();
    if (s.publicUrl.rfind("http://", 0) != 0 && s.publicUrl.rfind("https://", 0) != 0)
        throw app::ConfigError("http.publicUrl", s.publicUrl, "an http:// or https:// URL");
    return s;
}

std::string normaliseEmail(const std::string& email) {
    const std::string trimmed = Poco::UTF8::toLower(Poco::trim(email));
    static const Poco::RegularExpression shape("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");
    if (trimmed.size() > 254 || hasControlCharacters(trimmed) || !shape.match(trimmed)) return "";
    return trimmed;
}

AccountService::AccountService(store::Database& database, plugins::PluginHost* plugins, mail::Outbox* outbox,
                               AuthSettings settings)
    : database_(database),
      unknownNames_(settings.lockoutThreshold, settings.lockoutBaseSeconds),
      plugins_(plugins),
      outbox_(outbox),
      settings_(settings),
      sessions_(database, std::chrono::seconds(settings.sessionCacheSeconds), 100000) {}

void AccountService::validateNewAccount(const std::string& email, const std::string& name,
                                        const std::string& password) {
    std::vector<std::pair<std::string, std::string>> fields;
    if (normaliseEmail(email).empty()) fields.emplace_back("email", "must be an email address such as name@example.org");
    const std::string trimmedName = Poco::trim(name);
    if (trimmedName.empty()) fields.emplace_back("name", "must not be empty");
    else if (trimmedName.size() > 200 || hasControlCharacters(trimmedName))
        fields.emplace_back("name", "must be at most 200 characters, without control characters");
    for (const std::string& problem : passwordProblems(password, email, name, settings_.passwordMinLength))
        fields.emplace_back("password", problem);
    if (!fields.empty()) throw ValidationFailed(fields);
}

store::User AccountService::createLocalAccount(const std::string& email, const std::string& name,
                                              const std::string& password, bool administrator) {
    validateNewAccount(email, name, password);
    store::User user;
    user.email = normaliseEmail(email);
    user.name = Poco::trim(name);
    user.passwordHash = PasswordHasher::hash(password);
    user.status = "active";
    user.administrator = administrator;
    return store::UserRepository(database_).create(user);
}

SignInResult AccountService::signUp(const std::string& email, const std::string& name, const std::string& password,
                                    const Origin& origin) {
    const store::User user = createLocalAccount(email, name, password, false);
    audit("user.signed_up", user.id, user.name, origin);
    return startSession(user, origin, "sign-up");
}

store::User AccountService::createAdministrator(const std::string& email, const std::string& name,
                                                const std::string& password) {
    const store::User user = createLocalAccount(email, name, password, true);
    audit("user.administrator_created", user.id, "rotunda-admin", Origin{"local", "rotunda-admin", ""});
    return user;
}

bool AccountService::rateLimited(const std::string& address, int& retryAfterSeconds) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(limiterMutex_);
    auto& attempts = attemptsByAddress_[address];
    while (!attempts.empty() && now - attempts.front() > std::chrono::minutes(1)) attempts.pop_front();
    if (static_cast<int>(attempts.size()) >= settings_.signInsPerMinutePerAddress) {
        retryAfterSeconds = static_cast<int>(
            std::chrono::duration_cast<std::chrono::seconds>(attempts.front() + std::chrono::minutes(1) - now).count()) + 1;
        return true;
    }
    attempts.push_back(now);
    return false;
}

SignInResult AccountService::signIn(const std::string& email, const std::string& password, const Origin& origin) {
    SignInResult result;
    if (rateLimited(origin.remoteAddress, result.retryAfterSeconds)) {
        result.outcome = SignInResult::Outcome::RateLimited;
        audit("auth.rate_limited", "", "", origin);
        return result;
    }
    // An empty password never reaches a directory (no unauthenticated binds).
    const std::string normalised = normaliseEmail(email);
    if (password.empty()) return result;

    store::UserRepository users(database_);
    const std::optional<store::User> found = normalised.empty() ? std::nullopt : users.findByEmail(normalised);
    if (found && !found->lockedUntil.empty() && found->lockedUntil > store::utcNow()) {
        result.outcome = SignInResult::Outcome::Locked;
        result.retryAfterSeconds = settings_.lockoutBaseSeconds;
        audit("auth.locked_out", found->id, found->name, origin);
        return result;
    }
    if (found && !found->passwordHash.empty()) {
        if (found->status == "active" && PasswordHasher::verify(found->passwordHash, password)) {
            return startSession(*found, origin, "password",
                                [&users](Poco::Data::Session& transaction, store::User& account) {
                                    users.clearFailedSignIns(transaction, account.id);
                                });
        }
        recordWrongPassword(*found, origin);
        return result;
    }
    // Same time as a wrong local password, but only when no directory is asked: a
    // directory's round trips already take their time, and the hash must not be
    // paid on every directory sign-in (docs/decisions/0006-ldap-sign-in-timing.md).
    const bool asksDirectories = plugins_ != nullptr && !plugins_->passwordAuthenticators().empty();
    if (!found && !asksDirectories) {
        // An email without an account locks like one that has, so lockout tells nobody which exist.
        const std::string name = normalised.empty() ? Poco::trim(email) : normalised;
        if (unknownNames_.lockedFor(name) > 0) {
            result.outcome = SignInResult::Outcome::Locked;
            result.retryAfterSeconds = settings_.lockoutBaseSeconds;  // as for an account
            audit("auth.locked_out", "", name, origin);
            return result;
        }
        PasswordHasher::verify(PasswordHasher::decoyHash(), password);
        const bool locks = unknownNames_.recordFailure(name) > 0;
        audit(locks ? "auth.account_locked" : "auth.sign_in_failed", "", name, origin);
        return result;
    }
    return signInWithPlugins(normalised.empty() ? Poco::trim(email) : normalised, password, origin);
}

void AccountService::recordWrongPassword(const store::User& user, const Origin& origin) {
    const int failures = user.failedSignIns + 1;
    std::string lockedUntil;
    if (failures >= settings_.lockoutThreshold) {
        const int doublings = std::min(failures - settings_.lockoutThreshold, 7);
        lockedUntil = utcIn(std::min(settings_.lockoutBaseSeconds << doublings, 3600));
    }
    store::UserRepository(database_).recordFailedSignIn(user.id, lockedUntil);
    audit(lockedUntil.empty() ? "auth.sign_in_failed" : "auth.account_locked", user.id, user.name, origin,
          json({{"failures", std::to_string(failures)}}));
}

SignInResult AccountService::signInWithPlugins(const std::string& username, const std::string& password,
                                               const Origin& origin) {
    SignInResult result;
    if (plugins_ == nullptr) return result;
    bool unavailable = false;
    // Configured order first (auth.authenticatorOrder), then the rest in directory order.
    std::vector<const plugins::LoadedComponent<plugin::PasswordAuthenticator>*> ordered;
    for (const auto& loaded : plugins_->passwordAuthenticators()) ordered.push_back(&loaded);
    const auto& order = settings_.authenticatorOrder;
    std::stable_sort(ordered.begin(), ordered.end(), [&order](const auto* a, const auto* b) {
        const auto rank = [&order](const std::string& id) {
            return static_cast<std::size_t>(std::find(order.begin(), order.end(), id) - order.begin());
        };
        return rank(a->pluginId) < rank(b->pluginId);
    });
    for (const auto* entry : ordered) {
        const auto& loaded = *entry;
        plugin::AuthOutcome outcome;
        try {
            outcome = plugins_->guard(loaded.pluginId, "authenticate", [&] {
                return loaded.component->authenticate({username, password, origin.remoteAddress});
            });
        } catch (const plugins::PluginCallError&) {
            unavailable = true;  // logged and counted by the guard
            continue;
        }
        const std::string authenticator = loaded.pluginId + ":" + loaded.name;
        switch (outcome.status) {
            case plugin::AuthStatus::Ok: break;
            case plugin::AuthStatus::Unavailable:
                unavailable = true;
                log().warning("RTA0002 " + authenticator + " unavailable: " + outcome.detail);
                continue;
            case plugin::AuthStatus::Locked:
                result.outcome = SignInResult::Outcome::Locked;
                audit("auth.locked_out", "", username, origin, json({{"authenticator", authenticator}}));
                return result;
            case plugin::AuthStatus::Expired:
                result.outcome = SignInResult::Outcome::Expired;
                result.passwordChangeUrl = plugins_->passwordChangeUrl(loaded.pluginId);
                audit("auth.password_expired", "", username, origin, json({{"authenticator", authenticator}}));
                return result;
            case plugin::AuthStatus::InvalidCredentials:
                audit("auth.sign_in_failed", "", username, origin, json({{"authenticator", authenticator}}));
                continue;
        }
        // Linked by the directory's stable id, never by name.
        std::string subject = outcome.identity.subject;
        std::string source = authenticator;
        store::UserRepository users(database_);
        const std::string membershipSource = "directory:" + loaded.pluginId;
        std::vector<std::pair<std::string, std::string>> heldRoles;  // from this directory
        std::optional<store::User> user = users.findByExternalIdentity(source, subject, membershipSource, heldRoles);
        const std::string email = normaliseEmail(outcome.identity.email);
        enum class Link { None, ToExisting, ToCreated } link = Link::None;
        if (!user) {
            // An account that already has this email is only linked when the operator
            // allows it (plugins.<id>.linkByEmail), and never when another subject of
            // the same authenticator is linked to it already.
            std::optional<store::User> existing = email.empty() ? std::nullopt : users.findByEmail(email);
            int linkedAlready = 0;
            if (existing) {
                Poco::Data::Session session = database_.session();
                std::string existingId = existing->id;
                session << "SELECT COUNT(*) FROM external_identities WHERE authenticator = $1 AND user_id = $2",
                    use(source), use(existingId), into(linkedAlready), now;
            }
            if (email.empty() || (existing && (!plugins_->linksByEmail(loaded.pluginId) || linkedAlready > 0))) {
                log().warning("RTA0003 " + authenticator + " signed in subject " + subject +
                              (email.empty() ? " without an email" : " whose email already belongs to an account") +
                              "; not linked (plugins." + loaded.pluginId + ".linkByEmail allows linking by email)");
                audit("auth.link_refused", "", username, origin, json({{"authenticator", authenticator}}));
                return result;
            }
            if (existing) {
                user = existing;
                link = Link::ToExisting;
                for (const auto& membership : store::OrganizationRepository(database_).membershipsOf(existing->id))
                    if (membership.source == membershipSource)
                        heldRoles.emplace_back(membership.organizationId, membership.role);
            } else {
                user = store::User();
                user->email = email;
                user->name = outcome.identity.displayName.empty() ? email : outcome.identity.displayName;
                user->status = "active";
                link = Link::ToCreated;
            }
        }
        // Everything is read and decided first; what changed is then written with the
        // session, in one transaction (one fsync), and nothing when nothing changed.
        const DirectoryRefresh refresh =
            link == Link::ToCreated ? DirectoryRefresh{} : refreshOf(*user, email, outcome.identity.displayName);
        const bool active = user->status == "active";
        std::optional<MembershipPlan> roles;
        if (active) roles = planDirectoryRoles(user->id, loaded.pluginId, outcome.identity.groups, heldRoles);
        bool emailKept = false;
        const auto directoryWrites = [&](Poco::Data::Session& transaction, store::User& account) {
            if (link == Link::ToCreated) {
                account = users.create(transaction, account);
                if (roles) roles->userId = account.id;
            }
            if (link != Link::None) {
                std::string at = store::utcNow();
                transaction << "INSERT INTO external_identities (authenticator, subject, user_id, created_at) "
                               "VALUES ($1, $2, $3, $4)",
                    use(source), use(subject), use(account.id), use(at), now;
                audit(transaction, link == Link::ToExisting ? "user.linked_to_directory" : "user.created_from_directory",
                      account.id, account.name, origin, json({{"authenticator", authenticator}}));
            }
            emailKept = !applyRefresh(transaction, account, refresh);
            if (roles) applyDirectoryRoles(transaction, account, loaded.pluginId, *roles, origin);
        };
        if (!active) {
            if (link != Link::None || !refresh.empty())
                database_.writeTogether([&](Poco::Data::Session& transaction) { directoryWrites(transaction, *user); });
            if (emailKept) logEmailKept(*user, refresh.email, authenticator);
            return result;
        }
        const bool writesSomething = link != Link::None || !refresh.empty() || !roles->empty();
        result = startSession(*user, origin, authenticator, writesSomething ? directoryWrites : SessionWrites());
        if (emailKept) logEmailKept(result.signedIn.user, refresh.email, authenticator);
        if (!roles->skipped.empty()) logSkippedMappings(result.signedIn.user, roles->skipped);
        return result;
    }
    if (unavailable) result.outcome = SignInResult::Outcome::Unavailable;
    return result;
}

AccountService::DirectoryRefresh AccountService::refreshOf(const store::User& user, const std::string& email,
                                                           const std::string& name) {
    DirectoryRefresh refresh;
    const std::string trimmedName = Poco::trim(name);
    if (!trimmedName.empty() && trimmedName.size() <= 200 && !hasControlCharacters(trimmedName) &&
        trimmedName != user.name)
        refresh.name = trimmedName;
    if (!email.empty() && email != user.email) refresh.email = email;
    return refresh;
}

bool AccountService::applyRefresh(Poco::Data::Session& transaction, store::User& user,
                                  const DirectoryRefresh& refresh) {
    store::UserRepository users(database_);
    if (!refresh.name.empty()) {
        users.setName(transaction, user.id, refresh.name);
        user.name = refresh.name;
    }
    if (refresh.email.empty()) return true;
    try {
        users.setEmail(transaction, user.id, refresh.email);
        user.email = refresh.email;
        return true;
    } catch (const store::DuplicateEmail&) {
        return false;
    }
}

void AccountService::logEmailKept(const store::User& user, const std::string& email,
                                  const std::string& authenticator) {
    log().warning("RTA0004 " + authenticator + " reports " + email + " for user " + user.id +
                  ", but another account has that email; the account keeps " + user.email);
}

MembershipPlan AccountService::planDirectoryRoles(const std::string& userId, const std::string& pluginId,
                                                  const std::vector<std::string>& groups,
                                                  const std::vector<std::pair<std::string, std::string>>& held) {
    static const std::vector<GroupMapping> none;
    const auto found = settings_.groupMappings.find(pluginId);
    // Without mappings the plan is still made: it removes what an earlier mapping granted.
    return planDirectoryMemberships(database_, userId, "directory:" + pluginId, groups,
                                    found == settings_.groupMappings.end() ? none : found->second, held);
}

void AccountService::applyDirectoryRoles(Poco::Data::Session& transaction, const store::User& user,
                                         const std::string& pluginId, const MembershipPlan& plan,
                                         const Origin& origin) {
    if (plan.empty()) return;
    const MembershipChanges changes = applyDirectoryMemberships(database_, transaction, plan);
    for (const auto& added : changes.added)
        audit(transaction, "membership.granted_by_directory", user.id, user.name, origin,
              json({{"membership", added}, {"authenticator", pluginId}}));
    for (const auto& removed : changes.removed)
        audit(transaction, "membership.removed_by_directory", user.id, user.name, origin,
              json({{"membership", removed}, {"authenticator", pluginId}}));
}

void AccountService::logSkippedMappings(const store::User& user, const std::vector<std::string>& keys) {
    for (const auto& key : keys)
        log().warning("RTA0005 " + key + " maps a group of user " + user.id +
                      " to an organization that does not exist or is of another kind; correct the mapping");
}

SignInResult AccountService::openSession(const store::User& user, const Origin& origin, const std::string& how) {
    return startSession(user, origin, how);
}

SignInResult AccountService::startSession(store::User user, const Origin& origin, const std::string& how,
                                          const SessionWrites& alsoWrite) {
    SignInResult result;
    result.token = randomToken();
    store::SessionRecord record;
    record.tokenHash = sha256Hex(result.token);
    record.csrfToken = randomToken(24);
    record.createdAt = record.lastSeenAt = store::utcNow();
    record.expiresAt = utcIn(settings_.sessionAbsoluteHours * 3600);
    record.remoteAddress = origin.remoteAddress;
    record.userAgent = origin.userAgent.substr(0, 300);
    const std::string detail = json({{"method", how}});
    store::SessionRecord stored;
    // The session, its audit event and what belongs with them in one commit: one
    // fsync on SQLite (shared with the sign-ins committing at the same moment), and
    // never a session without its record or a record of a session that was not made.
    database_.writeTogether([&](Poco::Data::Session& transaction) {
        if (alsoWrite) alsoWrite(transaction, user);
        record.userId = user.id;
        stored = store::SessionRepository(database_).create(transaction, record);
        audit(transaction, "auth.signed_in", user.id, user.name, origin, detail);
    });
    result.signedIn = {user, stored};
    result.outcome = SignInResult::Outcome::SignedIn;
    return result;
}

std::optional<Authenticated> AccountService::authenticate(const std::string& token) {
    if (token.empty() || token.size() > 100) return std::nullopt;
    const std::string hash = sha256Hex(token);
    const std::string now_ = store::utcNow();
    // Kept for seconds (decision 0019); one request reads a session that all
    // connections of a browser present at once. Unknown tokens are not kept.
    std::optional<Authenticated> found = sessions_.get(
        hash, [&] { return readSession(hash, now_); }, [](const std::optional<Authenticated>& a) { return a.has_value(); });
    if (found && found->session.expiresAt <= now_) {
        sessions_.forget(hash);
        return std::nullopt;
    }
    return found;
}

std::optional<Authenticated> AccountService::readSession(const std::string& tokenHash, const std::string& now_) {
    store::SessionRepository sessions(database_);
    const std::string idleSince = store::utcText(Poco::Timestamp() - Poco::Timespan(settings_.sessionIdleMinutes * 60, 0));
    std::optional<store::SessionRecord> session = sessions.findActive(tokenHash, now_, idleSince);
    if (!session) return std::nullopt;
    std::optional<store::User> user = store::UserRepository(database_).findById(session->userId);
    if (!user || user->status != "active") return std::nullopt;
    // Last seen is written at most once a minute: idle expiry does not need more,
    // and reads stay reads. A kept session is read again within seconds, so the
    // minute holds with the cache too.
    if (store::utcText(Poco::Timestamp() - Poco::Timespan(60, 0)) > session->lastSeenAt) {
        sessions.touch(session->id, now_);
        session->lastSeenAt = now_;
    }
    return Authenticated{*user, *session};
}

void AccountService::requestPasswordReset(const std::string& email, const Origin& origin) {
    if (outbox_ == nullptr) throw std::logic_error("password reset needs the mail outbox");
    const std::string normalised = normaliseEmail(email);
    const std::optional<store::User> user =
        normalised.empty() ? std::nullopt : store::UserRepository(database_).findByEmail(normalised);
    if (!user || user->status == "disabled") {
        audit("auth.reset_requested_unknown", "", normalised.empty() ? "invalid email" : normalised, origin);
        return;
    }
    const std::string token = issueToken(user->id, "reset", "");
    mail::Letter letter;
    letter.to = user->email;
    letter.subject = "Set your Rotunda password";
    letter.greeting = "Hello " + user->name + ",";
    letter.paragraphs = {"Someone (we hope you) asked to set a new password for your Rotunda account. Open this link "
                         "within " + std::to_string(settings_.resetTokenMinutes) + " minutes to choose one:"};
    letter.actionLabel = "Set a new password";
    letter.actionUrl = settings_.publicUrl + "/reset-password.html?token=" + token;
    letter.after = {"The link works once. If you did not ask for this, ignore this message: your password stays as "
                    "it is."};
    outbox_->enqueue(letter.compose());
    audit("auth.reset_requested", user->id, user->name, origin);
}

std::string AccountService::issueToken(const std::string& userId, const std::string& purpose,
                                       const std::string& newEmail) {
    const std::string token = randomToken();
    std::string hash = sha256Hex(token), user = userId, kind = purpose, created = store::utcNow();
    std::string expires = utcIn(settings_.resetTokenMinutes * 60);
    Poco::Nullable<std::string> address;
    if (!newEmail.empty()) address = newEmail;
    Poco::Data::Session session = database_.session();
    session << "INSERT INTO password_tokens (token_hash, user_id, purpose, new_email, created_at, expires_at) "
               "VALUES ($1, $2, $3, $4, $5, $6)",
        use(hash), use(user), use(kind), use(address), use(created), use(expires), now;
    return token;
}

AccountService::ResetRefusal AccountService::checkToken(const std::string& token, const std::string& purpose,
                                                        std::string& userId, std::string& newEmail) {
    std::string hash = sha256Hex(token), kind = purpose, expires;
    Poco::Nullable<std::string> used, address;
    Poco::Data::Session session = database_.session();
    session << "SELECT user_id, expires_at, used_at, new_email FROM password_tokens "
               "WHERE token_hash = $1 AND purpose = $2",
        use(hash), use(kind), into(userId), into(expires), into(used), into(address), now;
    if (userId.empty()) return ResetRefusal::Unknown;
    if (!used.isNull()) return ResetRefusal::Used;
    if (expires <= store::utcNow()) return ResetRefusal::Expired;
    newEmail = address.isNull() ? "" : address.value();
    return ResetRefusal::None;
}

bool AccountService::useToken(const std::string& token) {
    std::string hash = sha256Hex(token), at = store::utcNow();
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement claim(session);
    claim << "UPDATE password_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL", use(at), use(hash);
    return claim.execute() == 1;
}

AccountService::ResetRefusal AccountService::resetPassword(const std::string& token, const std::string& password,
                                                           const Origin& origin) {
    std::string userId, unused;
    const ResetRefusal refusal = checkToken(token, "reset", userId, unused);
    if (refusal != ResetRefusal::None) return refusal;
    store::UserRepository users(database_);
    const std::optional<store::User> user = users.findById(userId);
    if (!user || user->status == "disabled") return ResetRefusal::Unknown;
    std::vector<std::pair<std::string, std::string>> fields;
    for (const std::string& problem : passwordProblems(password, user->email, user->name, settings_.passwordMinLength))
        fields.emplace_back("password", problem);
    if (!fields.empty()) throw ValidationFailed(fields);

    // Used up in one conditional statement, so two requests racing with one link
    // cannot both set a password.
    if (!useToken(token)) return ResetRefusal::Used;
    users.setPasswordHash(user->id, PasswordHasher::hash(password));
    if (user->status == "invited") users.setStatus(user->id, "active");
    const int ended = store::SessionRepository(database_).removeAllForUser(user->id, 0);
    audit("auth.password_reset", user->id, user->name, origin, json({{"sessionsEnded", std::to_string(ended)}}));
    return ResetRefusal::None;
}

void AccountService::requestEmailChange(const Authenticated& who, const std::string& newEmail,
                                        const std::string& currentPassword, const Origin& origin) {
    if (outbox_ == nullptr) throw std::logic_error("an email change needs the mail outbox");
    // A session left open on a ward computer must not be enough to take the account.
    if (who.user.passwordHash.empty()) throw ValidationFailed(std::vector<std::pair<std::string, std::string>>{
        {"email", "comes from your organization's directory; change it there"}});
    if (!PasswordHasher::verify(who.user.passwordHash, currentPassword)) {
        recordWrongPassword(who.user, origin);
        throw ValidationFailed(std::vector<std::pair<std::string, std::string>>{{"currentPassword", "is not correct"}});
    }
    const std::string address = normaliseEmail(newEmail);
    if (address.empty()) throw ValidationFailed(
        std::vector<std::pair<std::string, std::string>>{{"email", "must be an email address such as name@example.org"}});
    if (address == who.user.email) throw ValidationFailed(
        std::vector<std::pair<std::string, std::string>>{{"email", "is already your email address"}});
    if (store::UserRepository(database_).findByEmail(address))
        throw store::DuplicateEmail("an account with this email already exists");
    const std::string token = issueToken(who.user.id, "email_change", address);
    mail::Letter confirm;
    confirm.to = address;
    confirm.subject = "Confirm your new Rotunda email address";
    confirm.greeting = "Hello " + who.user.name + ",";
    confirm.paragraphs = {"Open this link within " + std::to_string(settings_.resetTokenMinutes) +
                          " minutes to make " + address + " the email address of your Rotunda account:"};
    confirm.actionLabel = "Confirm this address";
    confirm.actionUrl = settings_.publicUrl + "/confirm-email.html?token=" + token;
    confirm.after = {"If you did not ask for this, ignore this message."};
    outbox_->enqueue(confirm.compose());
    mail::Letter notice;
    notice.to = who.user.email;
    notice.subject = "Your Rotunda email address is about to change";
    notice.greeting = "Hello " + who.user.name + ",";
    notice.paragraphs = {"Someone signed in as you asked to change the email address of your Rotunda account to " +
                         address + ". Nothing changes until that address confirms."};
    notice.after = {"If this was not you, change your password and tell your coordinator."};
    outbox_->enqueue(notice.compose());
    audit("user.email_change_requested", who.user.id, who.user.name, origin, json({{"newEmail", address}}));
}

AccountService::ResetRefusal AccountService::confirmEmailChange(const std::string& token, const Origin& origin) {
    std::string userId, address;
    const ResetRefusal refusal = checkToken(token, "email_change", userId, address);
    if (refusal != ResetRefusal::None) return refusal;
    store::UserRepository users(database_);
    const std::optional<store::User> user = users.findById(userId);
    if (!user || user->status == "disabled") return ResetRefusal::Unknown;
    if (!useToken(token)) return ResetRefusal::Used;
    users.setEmail(user->id, address);  // throws DuplicateEmail if taken meanwhile
    audit("user.email_changed", user->id, user->name, origin, json({{"from", user->email}, {"to", address}}));
    return ResetRefusal::None;
}

std::vector<store::SessionRecord> AccountService::sessionsOf(const Authenticated& who) {
    return store::SessionRepository(database_).listForUser(who.user.id, store::utcNow());
}

void AccountService::signOut(const Authenticated& who, const Origin& origin) {
    store::SessionRepository(database_).remove(who.session.id, who.user.id);
    sessions_.forget(who.session.tokenHash);
    audit("auth.signed_out", who.user.id, who.user.name, origin);
}

int AccountService::signOutElsewhere(const Authenticated& who, const Origin& origin) {
    const int ended = store::SessionRepository(database_).removeAllForUser(who.user.id, who.session.id);
    audit("auth.signed_out_elsewhere", who.user.id, who.user.name, origin, json({{"sessions", std::to_string(ended)}}));
    return ended;
}

void AccountService::audit(const std::string& action, const std::string& userId, const std::string& actorName,
                           const Origin& origin, const std::string& detail) {
    store::AuditRepository(database_).append(userEvent(action, userId, actorName, origin, detail));
}

void AccountService::audit(Poco::Data::Session& transaction, const std::string& action, const std::string& userId,
                           const std::string& actorName, const Origin& origin, const std::string& detail) {
    store::AuditRepository(database_).append(transaction, userEvent(action, userId, actorName, origin, detail));
}

}  // namespace rotunda::auth
