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

MembershipPlan planDirectoryMemberships(store::Database& database, const std::string& userId,
                                        const std::string& source, const std::vector<std::string>& groups,
                                        const std::vector<GroupMapping>& mappings,
                                        const std::vector<std::pair<std::string, std::string>>& heldNow) {
    MembershipPlan plan;
    plan.userId = userId;
    plan.source = source;
    std::set<std::string> memberOf;
    for (const auto& group : groups) memberOf.insert(Poco::toLower(Poco::trim(group)));

    store::OrganizationRepository organizations(database);
    const std::set<std::pair<std::string, std::string>> held(heldNow.begin(), heldNow.end());

    std::set<std::pair<std::string, std::string>> wanted;
    for (const auto& mapping : mappings) {
        if (!memberOf.count(Poco::toLower(mapping.group))) continue;
        const std::pair<std::string, std::string> membership{mapping.organizationId, mapping.role};
        // Held from this directory already: added after the same check, and an
        // organization keeps its kind; a sign-in that changes nothing reads nothing more.
        if (!held.count(membership)) {
            const auto organization = organizations.findById(mapping.organizationId);
            if (!organization || organization->kind != mapping.kind) {
                plan.skipped.push_back(mapping.key);
                continue;
            }
        }
        wanted.insert(membership);
    }
    for (const auto& membership : held)
        if (!wanted.count(membership)) plan.remove.push_back(membership);
    for (const auto& membership : wanted)
        if (!held.count(membership)) plan.add.push_back(membership);
    return plan;
}

MembershipChanges applyDirectoryMemberships(store::Database& database, Poco::Data::Session& transaction,
                                            const MembershipPlan& plan) {
    MembershipChanges changes;
    changes.skipped = plan.skipped;
    store::OrganizationRepository organizations(database);
    for (const auto& [organizationId, role] : plan.remove) {
        if (organizations.removeMembership(transaction, organizationId, plan.userId, role, plan.source))
            changes.removed.push_back(organizationId + ":" + role);
    }
    for (const auto& [organizationId, role] : plan.add) {
        if (organizations.addMembership(transaction, {organizationId, plan.userId, role, plan.source, ""}))
            changes.added.push_back(organizationId + ":" + role);
    }
    return changes;
}

}  // namespace rotunda::auth
