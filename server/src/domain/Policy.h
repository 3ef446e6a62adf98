// Policy.h — who may do what to which record, decided from memberships alone.
#pragma once

#include <string>
#include <vector>

namespace rotunda::domain {

/// One role held in one organization.
struct Role {
    std::string organizationId;
    std::string role;
};

/// The person asking, as the policy needs them.
struct Caller {
    std::string userId;
    bool administrator = false;  ///< Rotunda's own administrator (break-glass)
    std::vector<Role> roles;
};

/// Roles an organization of `kind` allows: facility admin|coordinator|preceptor,
/// school admin|coordinator|faculty|student. Empty for an unknown kind.
const std::vector<std::string>& rolesOf(const std::string& kind);
bool isOrganizationKind(const std::string& kind);
bool isRoleOf(const std::string& kind, const std::string& role);

/// True when `caller` holds any role in the organization.
bool isMember(const Caller& caller, const std::string& organizationId);
/// True when `caller` holds one of `roles` in the organization.
bool hasRole(const Caller& caller, const std::string& organizationId, const std::vector<std::string>& roles);

/// Organization profiles are public to every signed-in user (students browse
/// them); only the organization's admins change them.
bool mayEditOrganization(const Caller& caller, const std::string& organizationId);

/// Admins invite to any role of their organization; coordinators invite to every
/// role except admin. Nobody else invites.
bool mayInvite(const Caller& caller, const std::string& organizationId, const std::string& role);

/// What a caller may do with the documents of one record.
struct DocumentAccess {
    bool read = false;   ///< list, download
    bool write = false;  ///< upload, delete
};

/// Record types that documents may belong to.
bool isDocumentRecordType(const std::string& recordType);

/// Documents follow their record: a user's own documents are theirs alone; an
/// organization's (logo, profile attachments) are readable by every signed-in
/// user and written by its admins and coordinators. Unknown types: no access.
DocumentAccess documentAccess(const Caller& caller, const std::string& recordType, const std::string& recordId);

}  // namespace rotunda::domain
