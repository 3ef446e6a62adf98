// Agreements.h — the states of an affiliation agreement and the one table of who
// may move it from which state to which.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace rotunda::domain {

/// Which side of an agreement takes a step: the facility that drafted it, the
/// school it is addressed to, or Rotunda's own background job.
enum class AgreementParty { Facility, School, System };

/// One allowed move: `action` takes an agreement from `from` to `to`, by `party`.
struct AgreementTransition {
    std::string action;  ///< submit, withdraw, approve, decline, revise, expire
    std::string from;
    std::string to;
    AgreementParty party;
    bool reasonRequired = false;
};

/// Every allowed transition:
///   submit   draft → pending     facility (sent to the school)
///   withdraw pending → draft     facility (taken back to edit, before the school decides)
///   approve  pending → active    school
///   decline  pending → declined  school, with a reason
///   revise   declined → draft    facility (to change and submit again)
///   expire   active → expired    system, after the end date
const std::vector<AgreementTransition>& agreementTransitions();

/// draft, pending, active, declined, expired.
const std::vector<std::string>& agreementStates();
bool isAgreementState(const std::string& state);
/// True for an action of the table (of any party).
bool isAgreementAction(const std::string& action);

/// Why a transition is refused; Allowed when it is not.
enum class AgreementRefusal { Allowed, UnknownAction, WrongState, WrongParty, ReasonRequired };

/// Checks `action` on an agreement in `state` taken by `party`; `reason` is the
/// text given with it (decline needs one that is not blank). On Allowed, `to`
/// is the new state.
AgreementRefusal checkAgreementTransition(const std::string& state, const std::string& action,
                                          AgreementParty party, const std::string& reason, std::string& to);

/// A sentence for a refusal, for a problem's detail.
std::string describeRefusal(AgreementRefusal refusal, const std::string& state, const std::string& action);

/// Only drafts are edited (dates, services, notes, document).
bool isAgreementEditable(const std::string& state);

}  // namespace rotunda::domain
