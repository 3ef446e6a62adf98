// DirectoryRoles.h — memberships that follow directory groups (LDAP, SAML, OIDC).
#pragma once

#include "store/Database.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <map>
#include <string>
#include <vector>

namespace rotunda::auth {

/// One line plugins.<id>.groups.map.<n> = <group> -> <kind>:<organization id>:<role>.
struct GroupMapping {
    std::string key;    ///< the configuration key, for messages
    std::string group;  ///< as the directory reports it (DN or name), compared case-insensitively
    std::string kind;   ///< facility or school
    std::string organizationId;
    std::string role;
};

/// Every plugins.<id>.groups.map.* line, by plugin id. Throws app::ConfigError
/// naming the key for a line that does not read as a mapping or names a role the
/// kind does not have.
std::map<std::string, std::vector<GroupMapping>> readGroupMappings(const Poco::Util::AbstractConfiguration& config);

/// What a sign-in changed.
struct MembershipChanges {
    std::vector<std::string> added;    ///< "organization:role"
    std::vector<std::string> removed;  ///< "organization:role"
    std::vector<std::string> skipped;  ///< mappings whose organization is missing or of another kind
};

/// Makes the memberships of `userId` that came from directory `source`
/// ("directory:<plugin id>") match `groups` under `mappings`: adds those a group
/// now grants and removes those no group backs any more. Memberships granted by
/// people (source manual) are never added, changed or removed here.
MembershipChanges syncDirectoryMemberships(store::Database& database, const std::string& userId,
                                           const std::string& source, const std::vector<std::string>& groups,
                                           const std::vector<GroupMapping>& mappings);

}  // namespace rotunda::auth
