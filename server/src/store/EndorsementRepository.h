// EndorsementRepository.h — skills organizations list, and endorsements of people's skills.
#pragma once

#include "store/Database.h"

#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

/// A skill on an organization's list.
struct Skill {
    std::string id;
    std::string organizationId;
    std::string name;
    std::string createdAt;
};

/// One person vouching for another's skill.
struct Endorsement {
    std::string id;
    std::string endorserId;
    std::string endorserName;
    std::string endorsedId;
    std::string skill;
    std::string skillId;  ///< the listed skill it was chosen from; empty: free text
    bool hidden = false;
    std::string createdAt;
};

class EndorsementRepository {
public:
    explicit EndorsementRepository(Database& database) : database_(database) {}

    /// An organization's skills by name.
    std::vector<Skill> skillsOf(const std::string& organizationId);
    std::optional<Skill> findSkill(const std::string& id);
    /// Adds a skill; nullopt when the organization lists one of the same (folded) name.
    std::optional<Skill> addSkill(const std::string& organizationId, const std::string& name);
    /// False when the organization has no such skill. Endorsements made from it keep their text.
    bool removeSkill(const std::string& organizationId, const std::string& skillId);

    /// Adds an endorsement; nullopt when the endorser already endorsed this
    /// person for the same (folded) skill. Checked and written in one transaction.
    std::optional<Endorsement> add(const std::string& endorserId, const std::string& endorsedId,
                                   const std::string& skill, const std::string& skillId);
    std::optional<Endorsement> findById(const std::string& id);
    /// Endorsements of a person, by skill then time; hidden ones only with `includeHidden`.
    std::vector<Endorsement> of(const std::string& endorsedId, bool includeHidden);
    /// Hides or shows an endorsement of `endorsedId`; false when there is none.
    bool setHidden(const std::string& id, const std::string& endorsedId, bool hidden);
    /// Takes back an endorsement `endorserId` made; false when there is none.
    bool remove(const std::string& id, const std::string& endorserId);

private:
    Database& database_;
};

}  // namespace rotunda::store
