// LdapSettings.h — the ldap-auth plugin's configuration: declared properties, presets
// for OpenLDAP and Active Directory, validation, and the filters built from it.
#pragma once

#include <rotunda/plugin/Config.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace rotunda::ldapauth {

/// The plugin id, which names its keys: plugins.ldap-auth.*.
constexpr const char* kPluginId = "ldap-auth";

/// A configuration value that cannot be used. what() is one line naming the key,
/// the value and what is allowed.
class LdapConfigError : public std::invalid_argument {
public:
    LdapConfigError(const std::string& name, const std::string& value, const std::string& allowed);
};

/// Which kind of directory the defaults are for.
enum class Preset { OpenLdap, ActiveDirectory };

/// How a user's groups are found.
enum class GroupMode {
    Attribute,  ///< the values of an attribute of the user's entry (memberOf)
    Nested,     ///< a search with AD's transitive rule 1.2.840.113556.1.4.1941 (nested groups)
    None        ///< no groups
};

/// The validated settings. Attribute names are as configured (or the preset's).
struct LdapSettings {
    std::vector<std::string> urls;  ///< ldap:// or ldaps://, tried in order
    bool startTls = true;           ///< for ldap:// URLs: StartTLS before anything else
    std::string caFile;             ///< PEM file of the CAs to trust; empty: the system's
    bool verifyCertificate = true;  ///< check the server's certificate and host name
    std::string bindDn;             ///< the service account that searches
    std::string bindPassword;       ///< its password (secret)
    std::string baseDn;             ///< where users are searched
    bool subtree = true;            ///< scope: sub (true) or one level (false)
    Preset preset = Preset::OpenLdap;
    std::vector<std::string> loginAttributes;  ///< the user name is matched against each
    std::string userFilter;                    ///< extra condition on user entries; may be empty
    std::string idAttribute;                   ///< stable id: entryUUID, objectGUID
    std::string emailAttribute;
    std::string nameAttribute;
    GroupMode groups = GroupMode::Attribute;
    std::string groupAttribute;  ///< for GroupMode::Attribute
    std::string groupBaseDn;     ///< for GroupMode::Nested; defaults to baseDn
    int maxGroups = 1000;
    long networkTimeoutMs = 3000;    ///< connecting (TCP and TLS handshake)
    long operationTimeoutMs = 3000;  ///< each search or bind
    bool referrals = false;
    int poolSize = 8;  ///< connections kept open for searches, and as many for user binds
    std::string displayName = "Directory account";

    /// Reads and checks every value. `callTimeoutMs` (the host's budget for one
    /// call) caps both timeouts. Throws LdapConfigError.
    static LdapSettings fromConfig(const plugin::ConfigValues& values, long callTimeoutMs);

    /// The search filter for a user name: (&<userFilter>(|(a1=v)(a2=v)…)) with the
    /// name escaped per RFC 4515. The name must be acceptable (isAcceptableUsername).
    std::string userSearchFilter(const std::string& username) const;
    /// The AD filter that finds every group `userDn` belongs to, directly or through
    /// other groups: (member:1.2.840.113556.1.4.1941:=<dn escaped>).
    std::string nestedGroupFilter(const std::string& userDn) const;
    /// Attributes the user search asks for.
    std::vector<std::string> userAttributes() const;
    /// "openldap" or "activedirectory".
    std::string presetName() const;
    /// "attribute memberOf", "nested under …" or "none", for diagnostics.
    std::string groupsDescription() const;
};

/// Every configuration property the plugin declares, in a sensible reading order.
std::vector<plugin::ConfigProperty> configProperties();

/// Builds the values the host would pass from raw configured text (name → text,
/// missing names get their declared default). For the unit suites and the benchmark.
plugin::ConfigValues valuesWithDefaults(const std::vector<std::pair<std::string, std::string>>& configured);

}  // namespace rotunda::ldapauth
