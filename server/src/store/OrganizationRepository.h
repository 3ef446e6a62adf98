// OrganizationRepository.h — facilities, schools and their memberships.
#pragma once

#include "store/Database.h"

#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

/// A facility or a school and its public profile.
struct Organization {
    std::string id;
    std::string kind;  ///< facility, school
    std::string name;
    std::string orgType;  ///< free text: "Teaching hospital", "School of Nursing" …
    std::string address;
    std::string phone;
    std::string website;
    std::string description;
    std::string logoDocumentId;  ///< empty: no logo
    std::string timeZone = "UTC";  ///< IANA zone; a facility's decides the local date of its steps
    std::string createdAt;
    std::string updatedAt;
};

/// One role a user holds in an organization.
struct Membership {
    std::string organizationId;
    std::string userId;
    std::string role;
    std::string source = "manual";  ///< manual, or directory:<authenticator>
    std::string createdAt;
};

class OrganizationRepository {
public:
    explicit OrganizationRepository(Database& database) : database_(database) {}

    /// Stores a new organization with a new id and makes `adminUserId` its admin,
    /// in one transaction. An empty `adminUserId` leaves it without members (a
    /// school a facility invited, until its first admin accepts).
    Organization create(Organization organization, const std::string& adminUserId);
    std::optional<Organization> findById(const std::string& id);
    /// How many organizations there are.
    int count();
    /// The organizations `userId` belongs to, by name.
    std::vector<Organization> listForUser(const std::string& userId);
    /// Deletes an organization that nothing refers to yet (a school created for an
    /// invitation that could not be sent, with the invitation's rows). False otherwise.
    bool removeEmpty(const std::string& id);
    /// Writes the profile fields (not kind, not id).
    void updateProfile(const Organization& organization);

    /// Every membership of one user.
    std::vector<Membership> membershipsOf(const std::string& userId);
    /// Adds a membership; false when the user already holds that role there.
    bool addMembership(Membership membership);
    /// The same, as part of `transaction`.
    bool addMembership(Poco::Data::Session& transaction, Membership membership);
    /// Removes one membership; false when there was none. With `source`, only a
    /// membership from that source (a directory never removes a manual one).
    bool removeMembership(const std::string& organizationId, const std::string& userId, const std::string& role,
                          const std::string& source = "");
    /// The same, as part of `transaction`.
    bool removeMembership(Poco::Data::Session& transaction, const std::string& organizationId,
                          const std::string& userId, const std::string& role, const std::string& source = "");

private:
    Database& database_;
};

}  // namespace rotunda::store
