// DirectoryRoles.cpp — memberships that follow directory groups.
#include "auth/DirectoryRoles.h"

#include "app/Settings.h"
#include "domain/Policy.h"
#include "store/OrganizationRepository.h"

#include <Poco/String.h>

#include <algorithm>
#include <set>

namespace rotunda::auth {
namespace {

const char* const kMappingForm = "<group DN or name> -> facility|school:<organization id>:<role>";

GroupMapping parseMapping(const std::string& key, const std::string& value) {
    const auto arrow = value.rfind("->");
    if (arrow == std::string::npos) throw app::ConfigError(key, value, kMappingForm);
    GroupMapping mapping;
    mapping.key = key;
    mapping.group = Poco::trim(value.substr(0, arrow));
    const std::string target = Poco::trim(value.substr(arrow + 2));
    const auto first = target.find(':');
    const auto last = target.rfind(':');
    if (mapping.group.empty() || first == std::string::npos || first == last)
        throw app::ConfigError(key, value, kMappingForm);
    mapping.kind = target.substr(0, first);
    mapping.organizationId = target.substr(first + 1, last - first - 1);
    mapping.role = target.substr(last + 1);
    if (!domain::isOrganizationKind(mapping.kind) || mapping.organizationId.empty())
        throw app::ConfigError(key, value, kMappingForm);
    if (!domain::isRoleOf(mapping.kind, mapping.role)) {
        std::string roles;
        for (const auto& role : domain::rolesOf(mapping.kind)) roles += (roles.empty() ? "" : ", ") + role;
        throw app::ConfigError(key, value, "a " + mapping.kind + " role (" + roles + ") after the last ':'");
    }
    return mapping;
}

}  // namespace

std::map<std::string, std::vector<GroupMapping>> readGroupMappings(const Poco::Util::AbstractConfiguration& config) {
    std::map<std::string, std::vector<GroupMapping>> mappings;
    // has() is false for a key that only has keys below it: list the keys instead.
    Poco::Util::AbstractConfiguration::Keys plugins;
    config.keys("plugins", plugins);
    for (const auto& id : plugins) {
        const std::string prefix = "plugins." + id + ".groups.map";
        Poco::Util::AbstractConfiguration::Keys lines;
        config.keys(prefix, lines);
        for (const auto& line : lines) {
            const std::string key = prefix + "." + line;
            mappings[id].push_back(parseMapping(key, config.getRawString(key, "")));
        }
    }
    return mappings;
}

MembershipChanges syncDirectoryMemberships(store::Database& database, const std::string& userId,
                                           const std::string& source, const std::vector<std::string>& groups,
                                           const std::vector<GroupMapping>& mappings) {
    MembershipChanges changes;
    std::set<std::string> memberOf;
    for (const auto& group : groups) memberOf.insert(Poco::toLower(Poco::trim(group)));

    store::OrganizationRepository organizations(database);
    std::set<std::pair<std::string, std::string>> wanted;
    for (const auto& mapping : mappings) {
        if (!memberOf.count(Poco::toLower(mapping.group))) continue;
        const auto organization = organizations.findById(mapping.organizationId);
        if (!organization || organization->kind != mapping.kind) {
            changes.skipped.push_back(mapping.key);
            continue;
        }
        wanted.insert({mapping.organizationId, mapping.role});
    }
    for (const auto& membership : organizations.membershipsOf(userId)) {
        if (membership.source != source) continue;
        const std::pair<std::string, std::string> held{membership.organizationId, membership.role};
        if (wanted.erase(held) > 0) continue;  // still backed by a group
        organizations.removeMembership(membership.organizationId, userId, membership.role, source);
        changes.removed.push_back(membership.organizationId + ":" + membership.role);
    }
    for (const auto& [organizationId, role] : wanted) {
        if (organizations.addMembership({organizationId, userId, role, source, ""}))
            changes.added.push_back(organizationId + ":" + role);
    }
    return changes;
}

}  // namespace rotunda::auth
