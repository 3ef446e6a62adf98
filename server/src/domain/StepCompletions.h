// StepCompletions.h — a step on a rotation: the one table of who moves its state
// from which state to which, what a submission of each built-in type must hold,
// and who the step is waiting on (docs/rotations.md, "Steps on a rotation").
#pragma once

#include "domain/Steps.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rotunda::domain {

/// Who acts on a step of a rotation: the party that completes it (the step's
/// completedBy), the organization that owns it (the facility, or the school for
/// its own steps), or Rotunda's own rotation job.
enum class StepParty { Completer, Owner, System };

/// One allowed move of a step completion.
struct StepTransition {
    std::string action;
    std::vector<std::string> from;
    std::string to;
    StepParty party;
    bool reasonRequired = false;
};

/// Every allowed move:
///   submit   todo | rejected | expired → submitted                completer (rejected, expired: resubmit)
///   verify   submitted → verified                                 owner
///   reject   submitted → rejected                                 owner, with a reason
///   waive    todo | submitted | rejected | expired → waived       owner
///   expire   verified → expired                                   system (past expires_at)
/// A plugin step type that verifies a submission by itself turns submit into
/// verified or rejected in the same move (stepStateAfterSubmit).
const std::vector<StepTransition>& stepTransitions();

/// todo, submitted, verified, rejected, waived, expired.
const std::vector<std::string>& stepStates();
bool isStepAction(const std::string& action);

enum class StepRefusal { Allowed, UnknownAction, WrongState, WrongParty, ReasonRequired };

/// Checks `action` on a completion in `state` by `party` with `reason`; on
/// Allowed, `to` is the new state.
StepRefusal checkStepTransition(const std::string& state, const std::string& action, StepParty party,
                                const std::string& reason, std::string& to);

/// A sentence for a refusal, for a problem's detail.
std::string describeStepRefusal(StepRefusal refusal, const std::string& state, const std::string& action);

/// What a plugin's automatic verification decided about a submission.
enum class AutomaticVerdict { Manual, Verified, Rejected };

/// The state a submission ends in: submitted (a person verifies it), or verified
/// or rejected when a plugin step type decided by itself.
std::string stepStateAfterSubmit(AutomaticVerdict verdict);

/// Steps of a rotation are worked on while it is neither cancelled, declined nor completed.
bool stepsOpen(const std::string& rotationStatus);

/// Whom a step waits on: its completer ("student", "school_coordinator",
/// "faculty", "facility") while todo, rejected or expired; its owner ("facility"
/// or "school") while submitted; nobody ("") once verified or waived.
std::string waitingOn(const std::string& state, const std::string& completedBy, const std::string& ownerParty);

/// True when a verification expiring on `expiresAt` (YYYY-MM-DD…; empty: never)
/// lapses before the rotation's last day `endDate`.
bool expiresBefore(const std::string& expiresAt, const std::string& endDate);

/// A verified step is expired once the day after `expiresAt` has come (the
/// verification holds through its expiry date).
bool isExpiredOn(const std::string& expiresAt, const std::string& today);

/// The expiry of a verification made on `verifiedOn` (YYYY-MM-DD) for a step
/// version with `expiryDays` (0: never, ""); `verifiedOn` plus the days.
std::string expiryOf(const std::string& verifiedOn, int expiryDays);

/// One answer of a submission as the JSON body held it.
struct Answer {
    enum class Kind { Text, Number, Boolean, Null, Other };
    Kind kind = Kind::Null;
    std::string text;  ///< the string, the number as written, "true"/"false"
};

/// What a person submitted for a step of a built-in type.
struct Submission {
    std::map<std::string, Answer> answers;
    std::vector<std::string> documentIds;
    std::optional<bool> confirmed;
};

/// Field errors of a submission, as (field path, message):
///   form          every answer names a field of the version; required fields are
///                 answered (not null, not blank); text ≤ 4000 characters, number a
///                 JSON number, date YYYY-MM-DD, choice one of the options, yesno a
///                 boolean; no documents, no confirmation;
///   document      at least one document, each uploaded to this completion
///                 (`documentsOfCompletion`), no duplicates; no answers;
///   confirmation  "confirmed": true; no answers, no documents.
/// Paths: "answers.<name>", "documentIds", "documentIds[i]", "confirmed".
std::vector<std::pair<std::string, std::string>> checkSubmission(const std::string& type,
                                                                 const std::vector<StepField>& fields,
                                                                 const Submission& submission,
                                                                 const std::vector<std::string>& documentsOfCompletion);

/// Limits on what a plugin step type keeps with a submission (StepType::record).
inline constexpr std::size_t kMostStepFacts = 32;
inline constexpr std::size_t kLongestStepFactName = 64;
inline constexpr std::size_t kLongestStepFactValue = 4096;
/// Limit on the reasons a plugin gives a reviewer (a Manual verdict), in bytes.
inline constexpr std::size_t kLongestReviewReasons = 8192;

/// What is wrong with the facts a plugin recorded, for the operator; empty when
/// they are acceptable: at most kMostStepFacts, each name 1–64 characters of
/// [A-Za-z0-9_.-] and unique, each value at most 4096 bytes of UTF-8 text
/// without control characters other than tab and line breaks.
std::string checkStepFacts(const std::vector<std::pair<std::string, std::string>>& facts);

/// The same for a Manual verdict's reasons (one per line): at most
/// kLongestReviewReasons bytes of UTF-8 text without control characters other
/// than tab and line breaks.
std::string checkReviewReasons(const std::string& reasons);

/// The reasons as lines, without blank ones and surrounding spaces.
std::vector<std::string> reviewReasonLines(const std::string& reasons);

}  // namespace rotunda::domain
