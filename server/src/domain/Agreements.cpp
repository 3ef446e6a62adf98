// Agreements.cpp — the states of an affiliation agreement and who may move them.
#include "domain/Agreements.h"

#include <algorithm>

namespace rotunda::domain {

const std::vector<AgreementTransition>& agreementTransitions() {
    static const std::vector<AgreementTransition> table{
        {"submit", "draft", "pending", AgreementParty::Facility, false},
        {"withdraw", "pending", "draft", AgreementParty::Facility, false},
        {"approve", "pending", "active", AgreementParty::School, false},
        {"decline", "pending", "declined", AgreementParty::School, true},
        {"revise", "declined", "draft", AgreementParty::Facility, false},
        {"expire", "active", "expired", AgreementParty::System, false},
    };
    return table;
}

const std::vector<std::string>& agreementStates() {
    static const std::vector<std::string> states{"draft", "pending", "active", "declined", "expired"};
    return states;
}

bool isAgreementState(const std::string& state) {
    const auto& states = agreementStates();
    return std::find(states.begin(), states.end(), state) != states.end();
}

bool isAgreementAction(const std::string& action) {
    const auto& table = agreementTransitions();
    return std::any_of(table.begin(), table.end(), [&](const AgreementTransition& t) { return t.action == action; });
}

AgreementRefusal checkAgreementTransition(const std::string& state, const std::string& action,
                                          AgreementParty party, const std::string& reason, std::string& to) {
    if (!isAgreementAction(action)) return AgreementRefusal::UnknownAction;
    for (const auto& t : agreementTransitions()) {
        if (t.action != action) continue;
        if (t.party != party) return AgreementRefusal::WrongParty;
        if (t.from != state) return AgreementRefusal::WrongState;
        if (t.reasonRequired && reason.find_first_not_of(" \t\r\n") == std::string::npos)
            return AgreementRefusal::ReasonRequired;
        to = t.to;
        return AgreementRefusal::Allowed;
    }
    return AgreementRefusal::UnknownAction;
}

std::string describeRefusal(AgreementRefusal refusal, const std::string& state, const std::string& action) {
    switch (refusal) {
        case AgreementRefusal::Allowed: return "";
        case AgreementRefusal::UnknownAction: return "there is no action '" + action + "' on agreements";
        case AgreementRefusal::WrongState: return "'" + action + "' is not possible on an agreement that is " + state;
        case AgreementRefusal::WrongParty:
            return action == "approve" || action == "decline"
                       ? "only the school the agreement is addressed to may " + action + " it"
                       : action == "expire" ? "agreements expire by themselves after their end date"
                                            : "only the facility that drafted the agreement may " + action + " it";
        case AgreementRefusal::ReasonRequired: return "say why the agreement is declined";
    }
    return "";
}

bool isAgreementEditable(const std::string& state) { return state == "draft"; }

}  // namespace rotunda::domain
