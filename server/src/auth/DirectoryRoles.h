// DirectoryRoles.h — memberships that follow directory groups (LDAP, SAML, OIDC).
#pragma once

#include "store/Database.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <map>
#include <string>
#include <utility>
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

/// The membership writes a sign-in needs, worked out from reads alone.
struct MembershipPlan {
    std::string userId;
    std::string source;  ///< "directory:<plugin id>"
    std::vector<std::pair<std::string, std::string>> add;     ///< (organization, role) a group grants
    std::vector<std::pair<std::string, std::string>> remove;  ///< (organization, role) no group backs any more
    std::vector<std::string> skipped;  ///< mappings whose organization is missing or of another kind

    bool empty() const { return add.empty() && remove.empty(); }
};

/// Works out how the memberships of `userId` that came from directory `source`
/// ("directory:<plugin id>"), `held` (organization, role), must change to match
/// `groups` under `mappings`: those a group now grants are added, those no group
/// backs any more removed. Memberships granted by people (source manual) are never
/// added, changed or removed. Reads an organization only when a membership in it
/// would be added, so a sign-in that changes nothing reads nothing; writes nothing.
MembershipPlan planDirectoryMemberships(store::Database& database, const std::string& userId,
                                        const std::string& source, const std::vector<std::string>& groups,
                                        const std::vector<GroupMapping>& mappings,
                                        const std::vector<std::pair<std::string, std::string>>& held);

/// Writes `plan` as part of `transaction` (a session of store::Database::WriteTransaction
/// or writeTogether) and says what changed.
MembershipChanges applyDirectoryMemberships(store::Database& database, Poco::Data::Session& transaction,
                                            const MembershipPlan& plan);

}  // namespace rotunda::auth
