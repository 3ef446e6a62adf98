// LdapDirectory.h — sign-in against a directory (search as the service account, then
// bind as the user), its outcomes and log lines, and the diagnosis behind
// `rotunda-admin ldap test`.
#pragma once

#include "LdapConnection.h"
#include "LdapSettings.h"

#include <rotunda/plugin/Authenticator.h>

#include <mutex>
#include <string>
#include <vector>

namespace rotunda::ldapauth {

/// The groups of a user entry as `settings` says to resolve them: the values of the
/// group attribute, or (nested) the DNs a transitive-membership search finds through
/// `connection`, which must be bound as the service account. Throws DirectoryFailure.
std::vector<std::string> resolveGroups(LdapConnection& connection, const LdapSettings& settings,
                                       const LdapEntry& user, const Deadline& deadline);

/// The identity of a user entry (subject from the id attribute, email, name, groups
/// are not filled in). Throws std::invalid_argument when the entry has no usable id.
plugin::Identity identityOf(const LdapSettings& settings, const LdapEntry& user);

/// Signs users in against one directory (several URLs for failover). Thread-safe.
///
/// Log lines (logger plugin.ldap-auth), one per outcome, never a password:
///   RTL0001 signed in            RTL0002 no such user        RTL0003 wrong password
///   RTL0004 ambiguous user name  RTL0005 account locked      RTL0006 password expired / must change
///   RTL0007 empty password       RTL0008 unusable user name  RTL0009 password expires soon / grace login
///   RTL0010 unreachable          RTL0011 timed out           RTL0012 TLS failed
///   RTL0013 service bind refused RTL0014 search failed       RTL0015 group resolution failed
///   RTL0016 entry without id     RTL0017 failover to another URL
///   RTL0018 reachable again
class LdapDirectory {
public:
    LdapDirectory(LdapSettings settings, plugin::Logger& logger, long callTimeoutMs);

    const LdapSettings& settings() const { return settings_; }
    /// Checks a user name and password. Never throws for expected failures.
    plugin::AuthOutcome authenticate(const plugin::PasswordRequest& request);
    /// Whether the directory answered at the last attempt (no network I/O).
    plugin::ComponentState health() const;
    /// `rotunda-admin ldap test USER` (PasswordAuthenticator::diagnose): every URL on
    /// a connection of its own (connection, TLS, service account bind), the user
    /// search, the identity and the groups. Never binds as the user; leaves the
    /// sign-in pools and the health state alone. Outcomes: Ok; NotFound when the
    /// user is unknown, ambiguous, or lacks an id or email; Unavailable when no URL
    /// answers (or TLS fails); Misconfigured when the service account is refused or
    /// the directory refuses the search.
    plugin::Diagnosis diagnose(const std::string& username) const;

private:
    std::unique_ptr<LdapConnection> openFirstReachable(bool bindAsService, const Deadline& deadline);
    SearchResult searchUsers(const std::string& filter, const Deadline& deadline);
    BindResult bindUser(const std::string& dn, const std::string& password, const Deadline& deadline);
    std::vector<std::string> groupsOf(const LdapEntry& user, const Deadline& deadline);
    plugin::AuthOutcome unavailable(const DirectoryFailure& failure, const std::string& username);
    plugin::AuthOutcome refused(plugin::AuthStatus status, const std::string& line, bool warning);
    void noteReachable(const std::string& url);

    const LdapSettings settings_;
    plugin::Logger& logger_;
    const long callTimeoutMs_;
    ConnectionPool searchPool_;
    ConnectionPool bindPool_;
    mutable std::mutex stateMutex_;
    bool healthy_ = true;
    std::string problem_;
    std::string activeUrl_;
};

}  // namespace rotunda::ldapauth
