// DirectoryRepository.h — the staff directory: people's directory settings, one
// person's card and the ranked search over everyone listed.
#pragma once

#include "store/Database.h"

#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

/// The directory part of a person's profile.
struct DirectoryProfile {
    std::optional<bool> listed;  ///< what they chose; nullopt: the default for their roles
    std::string specialty;
    std::string location;
    bool shareEmail = false;
    bool sharePhone = false;
};

/// One role of a person, with the organization's name.
struct DirectoryRole {
    std::string organizationId;
    std::string organizationName;
    std::string organizationKind;
    std::string role;
};

/// One person as the directory shows them (before the policy hides fields).
struct DirectoryEntry {
    std::string userId;
    std::string name;
    std::string email;
    std::string phone;
    std::string title;
    std::string pronouns;
    std::string photoDocumentId;
    std::string status;
    DirectoryProfile profile;
    std::vector<DirectoryRole> roles;
    int tier = 0;  ///< the search tier that found them (domain::SearchTier)
    std::string nameFolded;
};

/// A directory search. Text fields are folded (store::searchFold) by the caller.
struct DirectoryQuery {
    std::string viewerId;  ///< people blocked either way are left out
    std::string text;      ///< empty: everyone listed, by name
    std::string organizationId;
    std::string role;
    std::string specialty;  ///< part of, case-insensitive
    std::string location;   ///< part of, case-insensitive
    std::vector<std::string> matchingRoles;  ///< roles whose name holds the text (the substring tier)
    int afterTier = 0;      ///< cursor: continue in this tier …
    std::string afterName;  ///< … after this folded name …
    std::string afterId;    ///< … and id; empty: from the start of the tier
    int limit = 20;
};

class DirectoryRepository {
public:
    explicit DirectoryRepository(Database& database) : database_(database) {}

    /// The directory settings of one user (defaults when there is no such user).
    DirectoryProfile profileOf(const std::string& userId);
    void setProfile(const std::string& userId, const DirectoryProfile& profile);

    /// One person with every role, or nullopt (no such user, or disabled).
    std::optional<DirectoryEntry> person(const std::string& userId);

    /// Listed, not disabled people matching the query: exact folded-name matches,
    /// then names beginning with the text, then the text anywhere in the name,
    /// the specialty or the location (users.directory_text), an organization's
    /// name or a role (query.matchingRoles); each tier
    /// by folded name and id. The first two tiers are index ranges on
    /// users.name_lower; only the third scans.
    std::vector<DirectoryEntry> search(const DirectoryQuery& query);

private:
    /// The people of `ids`, in that order, on `session` (one pooled session per search).
    std::vector<DirectoryEntry> load(Poco::Data::Session& session, const std::vector<std::string>& ids);

    Database& database_;
};

}  // namespace rotunda::store
