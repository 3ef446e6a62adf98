// StepCompletionRepository.h — the steps of a rotation as people work on them:
// each completion with the step version it is pinned to, conditional state
// changes that append the rotation's activity in the same transaction, and the
// rotation job's expiry question.
#pragma once

#include "store/Database.h"
#include "store/RotationRepository.h"

#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

/// One completion with what its pinned step version says.
struct StepOnRotation {
    StepCompletion completion;
    std::string name;
    std::string instructions;
    std::string stepType;           ///< form, document, confirmation or a plugin step type id
    std::string definition = "{}";  ///< the version's JSON: {"fields": [...]} or {"settings": {...}}
    std::string ownerId;            ///< the organization that owns the step
    int expiryDays = 0;             ///< 0: a verification never expires
    bool oncePerStudent = false;
};

class StepCompletionRepository {
public:
    explicit StepCompletionRepository(Database& database) : database_(database) {}

    /// The rotation's steps in order (phase, then position).
    std::vector<StepOnRotation> forRotation(const std::string& rotationId);
    /// The completion of `stepId` on the rotation.
    std::optional<StepOnRotation> find(const std::string& rotationId, const std::string& stepId);
    /// A completion by its own id (documents belong to it).
    std::optional<StepOnRotation> findById(const std::string& completionId);

    /// Writes the state and the fields that go with it (answers, documents,
    /// submitter, verifier, reason, expiry, facts, review reasons) when the completion is still in
    /// `fromState`, and appends `event` to the rotation's activity, in one
    /// transaction. False when the state changed meanwhile (nothing written).
    bool update(const StepCompletion& after, const std::string& fromState, const RotationEvent& event);

    /// The completion a new rotation of `studentId` would carry `stepId` over from
    /// on `today` (RotationRepository::create's choice), with its step version.
    std::optional<StepOnRotation> carryOverSource(const std::string& studentId, const std::string& stepId,
                                                  const std::string& today);

    /// Verified completions whose verification lapsed before `today` (YYYY-MM-DD).
    std::vector<StepCompletion> dueToExpire(const std::string& today);

private:
    std::vector<StepOnRotation> select(const std::string& where, std::vector<std::string> values);

    Database& database_;
};

}  // namespace rotunda::store
