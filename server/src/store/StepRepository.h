// StepRepository.h — an organization's steps and every version of each.
#pragma once

#include "store/Database.h"

#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

/// What a person fills in for one version of a step.
struct StepVersion {
    std::string stepId;
    int version = 1;
    std::string name;
    std::string instructions;
    std::string stepType;          ///< form, document, confirmation or a plugin step type id
    std::string definition = "{}";  ///< JSON: {"fields": [...]} or {"settings": {...}}
    std::string completedBy;       ///< student, school_coordinator, faculty, facility
    bool required = true;
    int expiryDays = 0;            ///< 0: a verification never expires
    bool oncePerStudent = false;
    std::string createdBy;
    std::string createdAt;
};

/// A step: what stays the same across versions, and its current version.
struct Step {
    std::string id;
    std::string organizationId;
    std::string phase;
    int position = 0;
    int currentVersion = 1;
    bool archived = false;
    std::string createdAt;
    std::string updatedAt;
    StepVersion current;
};

class StepRepository {
public:
    explicit StepRepository(Database& database) : database_(database) {}

    /// Stores a new step (new id, last in its phase) with `first` as version 1.
    Step create(Step step, StepVersion first);
    std::optional<Step> findById(const std::string& id);
    /// The organization's steps by phase order then position; `phase` empty: all phases.
    std::vector<Step> listForOrganization(const std::string& organizationId, const std::string& phase,
                                          bool includeArchived);
    /// Every version of a step, oldest first.
    std::vector<StepVersion> versions(const std::string& stepId);
    std::optional<StepVersion> version(const std::string& stepId, int version);

    /// Overwrites the current version of a step nothing uses yet.
    void rewriteCurrent(const StepVersion& version);
    /// Adds `next` as version current+1 and makes it current, in one transaction;
    /// false when the current version is no longer `next.version - 1` (a concurrent edit).
    bool addVersion(const StepVersion& next);

    /// True when something refers to the step, so that editing it makes a new
    /// version and deleting it archives it: a service lists it, or a rotation was
    /// given it (a step completion).
    bool isInUse(const std::string& stepId);

    void setArchived(const std::string& stepId, bool archived);
    /// Deletes a step and its versions (only for steps not in use).
    void remove(const std::string& stepId);
    /// Sets positions 1..n in the order of `stepIds`, in one transaction.
    void reorder(const std::vector<std::string>& stepIds);

private:
    Database& database_;
};

}  // namespace rotunda::store
