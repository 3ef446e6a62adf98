// LdapDirectory.cpp — sign-in against a directory, and its diagnosis for `rotunda-admin ldap test`.
#include "LdapDirectory.h"

#include "LdapText.h"

#include <ldap.h>

namespace rotunda::ldapauth {
namespace {

using plugin::AuthOutcome;
using plugin::AuthStatus;

// ppolicy errors (draft-behera-ldap-password-policy) as libldap numbers them.
constexpr int kPolicyPasswordExpired = PP_passwordExpired;
constexpr int kPolicyAccountLocked = PP_accountLocked;
constexpr int kPolicyChangeAfterReset = PP_changeAfterReset;

std::string quoted(const std::string& username) { return "'" + username + "'"; }

const char* failureId(DirectoryFailure::Kind kind) {
    switch (kind) {
        case DirectoryFailure::Kind::Unreachable: return "RTL0010 directory unreachable";
        case DirectoryFailure::Kind::Timeout: return "RTL0011 directory timed out";
        case DirectoryFailure::Kind::Tls: return "RTL0012 TLS with the directory failed";
        case DirectoryFailure::Kind::ServiceBind: return "RTL0013 service account bind refused";
        case DirectoryFailure::Kind::Operation: return "RTL0014 directory search failed";
    }
    return "RTL0010 directory unreachable";
}

// A failure of one URL is worth trying the next one for; a refused service
// account or a bad base DN is the same on every replica.
bool triesNextUrl(const DirectoryFailure& failure) {
    return failure.kind() == DirectoryFailure::Kind::Unreachable || failure.kind() == DirectoryFailure::Kind::Timeout ||
           failure.kind() == DirectoryFailure::Kind::Tls;
}

}  // namespace

std::vector<std::string> resolveGroups(LdapConnection& connection, const LdapSettings& settings,
                                       const LdapEntry& user, const Deadline& deadline) {
    switch (settings.groups) {
        case GroupMode::None: return {};
        case GroupMode::Attribute: return user.all(settings.groupAttribute);
        case GroupMode::Nested: {
            const SearchResult found = connection.search(settings.groupBaseDn, true, settings.nestedGroupFilter(user.dn),
                                                         {LDAP_NO_ATTRS}, settings.maxGroups, deadline);
            std::vector<std::string> groups;
            for (const LdapEntry& group : found.entries) groups.push_back(group.dn);
            return groups;
        }
    }
    return {};
}

plugin::Identity identityOf(const LdapSettings& settings, const LdapEntry& user) {
    const std::string id = user.first(settings.idAttribute);
    if (id.empty())
        throw std::invalid_argument("the entry " + user.dn + " has no " + settings.idAttribute +
                                    " (idAttribute); the service account may not be allowed to read it");
    plugin::Identity identity;
    identity.subject = stableIdFromValue(settings.idAttribute, id);
    identity.email = user.first(settings.emailAttribute);
    identity.displayName = user.first(settings.nameAttribute);
    identity.attributes["dn"] = user.dn;
    return identity;
}

LdapDirectory::LdapDirectory(LdapSettings settings, plugin::Logger& logger, long callTimeoutMs)
    : settings_(std::move(settings)),
      logger_(logger),
      callTimeoutMs_(callTimeoutMs),
      searchPool_(static_cast<std::size_t>(settings_.poolSize),
                  [this](const Deadline& deadline) { return openFirstReachable(true, deadline); }),
      bindPool_(static_cast<std::size_t>(settings_.poolSize),
                [this](const Deadline& deadline) { return openFirstReachable(false, deadline); }) {}

std::unique_ptr<LdapConnection> LdapDirectory::openFirstReachable(bool bindAsService, const Deadline& deadline) {
    std::string failures;
    for (const std::string& url : settings_.urls) {
        try {
            auto connection = std::make_unique<LdapConnection>(settings_, url, bindAsService, deadline);
            std::lock_guard<std::mutex> lock(stateMutex_);
            if (!failures.empty() && activeUrl_ != url)
                logger_.warning("RTL0017 failover: " + failures + "; using " + url);
            activeUrl_ = url;
            return connection;
        } catch (const DirectoryFailure& failure) {
            if (!triesNextUrl(failure) || &url == &settings_.urls.back()) {
                if (failures.empty()) throw;
                throw DirectoryFailure(failure.kind(), url, failure.code(), failures + "; " + failure.what());
            }
            failures += (failures.empty() ? "" : "; ") + std::string(failure.what());
        }
    }
    throw DirectoryFailure(DirectoryFailure::Kind::Unreachable, "", LDAP_SERVER_DOWN, "no directory URL configured");
}

void LdapDirectory::noteReachable(const std::string& url) {
    std::lock_guard<std::mutex> lock(stateMutex_);
    if (!healthy_) logger_.information("RTL0018 directory reachable again at " + url);
    healthy_ = true;
    problem_.clear();
}

SearchResult LdapDirectory::searchUsers(const std::string& filter, const Deadline& deadline) {
    for (int attempt = 0;; ++attempt) {
        ConnectionPool::Lease lease = searchPool_.acquire(deadline);
        try {
            SearchResult found = lease->search(settings_.baseDn, settings_.subtree, filter, settings_.userAttributes(),
                                               2, deadline);
            noteReachable(lease->url());
            return found;
        } catch (const DirectoryFailure& failure) {
            const bool stale = lease.reused() && failure.kind() == DirectoryFailure::Kind::Unreachable;
            lease.discard();
            // A pooled connection the directory closed (restart, idle timeout): its
            // idle siblings are likely closed too; one fresh attempt.
            if (!stale || attempt > 0) throw;
            searchPool_.clearIdle();
        }
    }
}

BindResult LdapDirectory::bindUser(const std::string& dn, const std::string& password, const Deadline& deadline) {
    for (int attempt = 0;; ++attempt) {
        ConnectionPool::Lease lease = bindPool_.acquire(deadline);
        try {
            BindResult bound = lease->bind(dn, password, deadline);
            // After a failed bind (or one under a password policy restriction) the
            // connection is not reused.
            if (bound.code != LDAP_SUCCESS || bound.policyError >= 0) lease.discard();
            return bound;
        } catch (const DirectoryFailure& failure) {
            const bool stale = lease.reused() && failure.kind() == DirectoryFailure::Kind::Unreachable;
            lease.discard();
            if (!stale || attempt > 0) throw;
            bindPool_.clearIdle();
        }
    }
}

std::vector<std::string> LdapDirectory::groupsOf(const LdapEntry& user, const Deadline& deadline) {
    if (settings_.groups == GroupMode::Attribute) return user.all(settings_.groupAttribute);
    if (settings_.groups == GroupMode::None) return {};
    ConnectionPool::Lease lease = searchPool_.acquire(deadline);
    try {
        return resolveGroups(*lease, settings_, user, deadline);
    } catch (const DirectoryFailure&) {
        lease.discard();
        throw;
    }
}

AuthOutcome LdapDirectory::refused(AuthStatus status, const std::string& line, bool warning) {
    if (warning) logger_.warning(line);
    else logger_.information(line);
    AuthOutcome outcome;
    outcome.status = status;
    outcome.detail = line;
    return outcome;
}

AuthOutcome LdapDirectory::unavailable(const DirectoryFailure& failure, const std::string& username) {
    const std::string line = std::string(failureId(failure.kind())) + " while signing in " + quoted(username) + ": " +
                             failure.what();
    logger_.error(line);
    {
        std::lock_guard<std::mutex> lock(stateMutex_);
        healthy_ = false;
        problem_ = line;
    }
    if (failure.kind() == DirectoryFailure::Kind::Unreachable || failure.kind() == DirectoryFailure::Kind::Timeout) {
        searchPool_.clearIdle();
        bindPool_.clearIdle();
    }
    AuthOutcome outcome;
    outcome.status = AuthStatus::Unavailable;
    outcome.detail = line;
    return outcome;
}

AuthOutcome LdapDirectory::authenticate(const plugin::PasswordRequest& request) {
    const std::string& username = request.username;
    if (!isAcceptableUsername(username))
        return refused(AuthStatus::InvalidCredentials,
                       "RTL0008 refused a user name of " + std::to_string(username.size()) +
                           " bytes: empty, over " + std::to_string(kMaxUsernameBytes) +
                           " bytes or with a control character; nothing was sent to the directory",
                       false);
    // An empty password would be an unauthenticated bind, which many directories
    // answer with success: it never leaves this process.
    if (request.password.empty())
        return refused(AuthStatus::InvalidCredentials,
                       "RTL0007 refused " + quoted(username) + ": empty password, no bind attempted", false);

    const Deadline deadline(callTimeoutMs_);
    try {
        const SearchResult found = searchUsers(settings_.userSearchFilter(username), deadline);
        if (found.entries.empty())
            return refused(AuthStatus::InvalidCredentials,
                           "RTL0002 refused " + quoted(username) + ": no entry under " + settings_.baseDn +
                               " matches the user filter",
                           false);
        if (found.entries.size() > 1 || found.sizeLimitExceeded)
            return refused(AuthStatus::InvalidCredentials,
                           "RTL0004 refused " + quoted(username) + ": several entries match (" + found.entries[0].dn +
                               ", " + (found.entries.size() > 1 ? found.entries[1].dn : std::string("…")) +
                               "); make loginAttributes or userFilter select one entry per person",
                           true);
        const LdapEntry& user = found.entries.front();

        const BindResult bound = bindUser(user.dn, request.password, deadline);
        const int subCode = activeDirectorySubCode(bound.diagnostic);
        const BindVerdict adVerdict = classifyActiveDirectorySubCode(subCode);
        if (bound.policyError == kPolicyAccountLocked || adVerdict == BindVerdict::Locked)
            return refused(AuthStatus::Locked,
                           "RTL0005 refused " + quoted(username) + " (" + user.dn + "): account locked (" +
                               (bound.policyError == kPolicyAccountLocked ? std::string("password policy: account locked")
                                                                          : "Active Directory " +
                                                                                describeActiveDirectorySubCode(subCode)) +
                               ")",
                           true);
        if (bound.policyError == kPolicyPasswordExpired || bound.policyError == kPolicyChangeAfterReset ||
            adVerdict == BindVerdict::Expired) {
            std::string why = bound.policyError == kPolicyPasswordExpired    ? "password policy: password expired"
                              : bound.policyError == kPolicyChangeAfterReset ? "password policy: must change after reset"
                                                                             : "Active Directory " +
                                                                                   describeActiveDirectorySubCode(subCode);
            return refused(AuthStatus::Expired,
                           "RTL0006 refused " + quoted(username) + " (" + user.dn + "): password expired or must be "
                           "changed (" + why + ")",
                           true);
        }
        if (bound.code != LDAP_SUCCESS)
            return refused(AuthStatus::InvalidCredentials,
                           "RTL0003 refused " + quoted(username) + " (" + user.dn + "): wrong password (" +
                               ldap_err2string(bound.code) +
                               (subCode >= 0 ? ", Active Directory " + describeActiveDirectorySubCode(subCode) : "") +
                               (bound.policyError >= 0 ? std::string(", password policy: ") +
                                                             ldap_passwordpolicy_err2txt(
                                                                 static_cast<LDAPPasswordPolicyError>(bound.policyError))
                                                       : "") +
                               ")",
                           false);
        if (bound.secondsBeforeExpiry >= 0 || bound.graceLoginsLeft >= 0)
            logger_.information("RTL0009 the password of " + quoted(username) + " (" + user.dn + ") " +
                                (bound.secondsBeforeExpiry >= 0
                                     ? "expires in " + std::to_string(bound.secondsBeforeExpiry) + " s"
                                     : "has expired; grace sign-ins left: " + std::to_string(bound.graceLoginsLeft)));

        AuthOutcome outcome;
        try {
            outcome.identity = identityOf(settings_, user);
        } catch (const std::invalid_argument& e) {
            const std::string line = "RTL0016 cannot sign in " + quoted(username) + ": " + e.what();
            logger_.error(line);
            return {AuthStatus::Unavailable, {}, line};
        }
        try {
            outcome.identity.groups = groupsOf(user, deadline);
        } catch (const DirectoryFailure& failure) {
            const std::string line = "RTL0015 groups of " + quoted(username) + " (" + user.dn +
                                     ") could not be resolved, sign-in refused: " + failure.what();
            logger_.error(line);
            return {AuthStatus::Unavailable, {}, line};
        }
        outcome.status = AuthStatus::Ok;
        logger_.information("RTL0001 signed in " + quoted(username) + " (" + user.dn + ", subject " +
                            outcome.identity.subject + ", " + std::to_string(outcome.identity.groups.size()) +
                            " group(s))");
        return outcome;
    } catch (const DirectoryFailure& failure) {
        return unavailable(failure, username);
    }
}

plugin::ComponentState LdapDirectory::health() const {
    std::lock_guard<std::mutex> lock(stateMutex_);
    if (healthy_) return {};
    return {false, problem_};
}

plugin::Diagnosis LdapDirectory::diagnose(const std::string& username) const {
    using plugin::DiagnosisOutcome;
    using plugin::FindingLevel;
    const LdapSettings& settings = settings_;
    plugin::Diagnosis diagnosis;
    const auto conclude = [&diagnosis](DiagnosisOutcome outcome, std::string summary) {
        diagnosis.outcome = outcome;
        diagnosis.summary = std::move(summary);
        return diagnosis;
    };
    diagnosis.add(FindingLevel::Ok, "configuration: preset " + settings.presetName() + ", base " + settings.baseDn +
                                        ", scope " + (settings.subtree ? "sub" : "one") + ", id " +
                                        settings.idAttribute + ", email " + settings.emailAttribute + ", name " +
                                        settings.nameAttribute + ", groups " + settings.groupsDescription());
    if (!isAcceptableUsername(username)) {
        diagnosis.add(FindingLevel::Error, "user name: empty, over " + std::to_string(kMaxUsernameBytes) +
                                               " bytes or with a control character; nothing was sent to the directory");
        return conclude(DiagnosisOutcome::NotFound, "this user name cannot sign in");
    }
    diagnosis.add(FindingLevel::Info, "user filter: " + settings.userSearchFilter(username));

    // Every URL is tried on its own connection (not the sign-in pools), so each
    // replica's connection, TLS and service account are reported.
    std::unique_ptr<LdapConnection> usable;
    bool serviceRefused = false;
    for (const std::string& url : settings.urls) {
        const Deadline deadline(callTimeoutMs_);
        try {
            auto connection = std::make_unique<LdapConnection>(settings, url, false, deadline);
            std::string tls = connection->tlsMode();
            FindingLevel tlsLevel = FindingLevel::Ok;
            if (tls == "none") {
                tls += " (passwords would cross the network in clear text: startTls = false)";
                tlsLevel = FindingLevel::Warning;
            } else if (!settings.verifyCertificate) {
                tls += ", certificate NOT verified (verifyCertificate = false)";
                tlsLevel = FindingLevel::Warning;
            } else {
                tls += ", certificate and host name verified against " +
                       (settings.caFile.empty() ? std::string("the system's CAs") : settings.caFile);
            }
            diagnosis.add(tlsLevel, url + ": connected, TLS: " + tls);
            const BindResult bound = connection->bind(settings.bindDn, settings.bindPassword, deadline);
            if (bound.code != LDAP_SUCCESS) {
                serviceRefused = true;
                diagnosis.add(FindingLevel::Error, url + ": RTL0013 service account bind as " + settings.bindDn +
                                                       " refused: " + ldap_err2string(bound.code) +
                                                       (bound.diagnostic.empty() ? "" : "; " + bound.diagnostic) +
                                                       "; check bindDn and bindPassword");
                continue;
            }
            diagnosis.add(FindingLevel::Ok, url + ": service account bind as " + settings.bindDn + ": ok");
            if (!usable) usable = std::move(connection);
        } catch (const DirectoryFailure& failure) {
            diagnosis.add(FindingLevel::Error,
                          url + ": " + failureId(failure.kind()) + ": " + failure.what());
        }
    }
    if (!usable)
        return serviceRefused
                   ? conclude(DiagnosisOutcome::Misconfigured,
                              "no directory URL could be used: the service account was refused")
                   : conclude(DiagnosisOutcome::Unavailable, "no directory URL could be used");

    const Deadline deadline(callTimeoutMs_);
    const std::string searchedOn = "user search on " + usable->url();
    try {
        const SearchResult found = usable->search(settings.baseDn, settings.subtree, settings.userSearchFilter(username),
                                                  settings.userAttributes(), 2, deadline);
        if (found.entries.empty()) {
            diagnosis.add(FindingLevel::Error, searchedOn + ": no entry found for " + quoted(username) + " under " +
                                                   settings.baseDn);
            return conclude(DiagnosisOutcome::NotFound, "this user cannot sign in (no such user)");
        }
        if (found.entries.size() > 1 || found.sizeLimitExceeded) {
            diagnosis.add(FindingLevel::Error, searchedOn + ": several entries match " + quoted(username) + ":");
            for (const LdapEntry& entry : found.entries) diagnosis.add(FindingLevel::Info, "match: " + entry.dn);
            return conclude(DiagnosisOutcome::NotFound,
                            "this user cannot sign in (ambiguous); narrow loginAttributes or userFilter");
        }
        const LdapEntry& user = found.entries.front();
        diagnosis.add(FindingLevel::Ok, searchedOn + ": found " + user.dn);
        plugin::Identity identity;
        try {
            identity = identityOf(settings, user);
        } catch (const std::invalid_argument& e) {
            diagnosis.add(FindingLevel::Error, std::string("subject: RTL0016 ") + e.what());
            return conclude(DiagnosisOutcome::NotFound, "this user cannot sign in (no stable id)");
        }
        diagnosis.add(FindingLevel::Info, "subject (" + settings.idAttribute + "): " + identity.subject);
        if (identity.email.empty())
            diagnosis.add(FindingLevel::Error,
                          "email (" + settings.emailAttribute + "): none: the account cannot be created without one");
        else
            diagnosis.add(FindingLevel::Ok, "email (" + settings.emailAttribute + "): " + identity.email);
        diagnosis.add(identity.displayName.empty() ? FindingLevel::Warning : FindingLevel::Info,
                      "name (" + settings.nameAttribute + "): " +
                          (identity.displayName.empty() ? std::string("(none)") : identity.displayName));
        std::vector<std::string> groups;
        try {
            groups = resolveGroups(*usable, settings, user, deadline);
        } catch (const DirectoryFailure& failure) {
            diagnosis.add(FindingLevel::Error, "groups (" + settings.groupsDescription() +
                                                   "): RTL0015 could not be resolved, so sign-in would be refused: " +
                                                   failure.what());
            return failure.kind() == DirectoryFailure::Kind::Operation
                       ? conclude(DiagnosisOutcome::Misconfigured,
                                  "the directory refused the group search: check groupBaseDn and what the service "
                                  "account may read")
                       : conclude(DiagnosisOutcome::Unavailable, "the directory stopped answering during the group search");
        }
        diagnosis.add(FindingLevel::Ok, "groups (" + std::to_string(groups.size()) + ", " +
                                            settings.groupsDescription() + "):");
        for (const std::string& group : groups) diagnosis.add(FindingLevel::Info, "group: " + group);
        if (identity.email.empty())
            return conclude(DiagnosisOutcome::NotFound, "this user cannot sign in (no email)");
        return conclude(DiagnosisOutcome::Ok, "the password was not checked: no bind as the user was made");
    } catch (const DirectoryFailure& failure) {
        diagnosis.add(FindingLevel::Error, "search: " + std::string(failureId(failure.kind())) + ": " + failure.what());
        if (failure.kind() == DirectoryFailure::Kind::Operation)
            return conclude(DiagnosisOutcome::Misconfigured,
                            "the directory refused the search: check baseDn, userFilter, groupBaseDn and what the "
                            "service account may read");
        return conclude(DiagnosisOutcome::Unavailable, "the directory stopped answering during the search");
    }
}

}  // namespace rotunda::ldapauth
