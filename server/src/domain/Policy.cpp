// Policy.cpp — who may do what to which record, decided from memberships alone.
#include "domain/Policy.h"

#include <algorithm>

namespace rotunda::domain {

const std::vector<std::string>& rolesOf(const std::string& kind) {
    static const std::vector<std::string> facility{"admin", "coordinator", "preceptor"};
    static const std::vector<std::string> school{"admin", "coordinator", "faculty", "student"};
    static const std::vector<std::string> none;
    if (kind == "facility") return facility;
    if (kind == "school") return school;
    return none;
}

bool isOrganizationKind(const std::string& kind) { return kind == "facility" || kind == "school"; }

bool isRoleOf(const std::string& kind, const std::string& role) {
    const auto& roles = rolesOf(kind);
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool isMember(const Caller& caller, const std::string& organizationId) {
    return std::any_of(caller.roles.begin(), caller.roles.end(),
                       [&](const Role& r) { return r.organizationId == organizationId; });
}

bool hasRole(const Caller& caller, const std::string& organizationId, const std::vector<std::string>& roles) {
    return std::any_of(caller.roles.begin(), caller.roles.end(), [&](const Role& r) {
        return r.organizationId == organizationId && std::find(roles.begin(), roles.end(), r.role) != roles.end();
    });
}

bool mayEditOrganization(const Caller& caller, const std::string& organizationId) {
    return hasRole(caller, organizationId, {"admin"});
}

bool mayInvite(const Caller& caller, const std::string& organizationId, const std::string& role) {
    if (hasRole(caller, organizationId, {"admin"})) return true;
    return role != "admin" && hasRole(caller, organizationId, {"coordinator"});
}

bool isDocumentRecordType(const std::string& recordType) {
    return recordType == "user" || recordType == "organization";
}

DocumentAccess documentAccess(const Caller& caller, const std::string& recordType, const std::string& recordId) {
    if (caller.userId.empty()) return {};
    if (recordType == "user") {
        const bool own = recordId == caller.userId;
        return {own, own};
    }
    if (recordType == "organization") return {true, hasRole(caller, recordId, {"admin", "coordinator"})};
    return {};
}

}  // namespace rotunda::domain
