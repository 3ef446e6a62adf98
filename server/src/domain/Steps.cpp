// Steps.cpp — what a step may be: phases, built-in types, who completes it, form fields.
#include "domain/Steps.h"

#include <algorithm>
#include <set>

namespace rotunda::domain {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

const std::vector<std::string>& stepPhases() {
    static const std::vector<std::string> phases{"application", "onboarding", "active", "offboarding", "evaluation"};
    return phases;
}

bool isStepPhase(const std::string& phase) { return contains(stepPhases(), phase); }

const std::vector<std::string>& builtInStepTypes() {
    static const std::vector<std::string> types{"form", "document", "confirmation"};
    return types;
}

bool isBuiltInStepType(const std::string& type) { return contains(builtInStepTypes(), type); }

const std::vector<std::string>& stepCompleters() {
    static const std::vector<std::string> who{"student", "school_coordinator", "faculty", "facility"};
    return who;
}

bool isStepCompleter(const std::string& who) { return contains(stepCompleters(), who); }

const std::vector<std::string>& stepFieldTypes() {
    static const std::vector<std::string> types{"text", "number", "date", "choice", "yesno"};
    return types;
}

std::vector<std::pair<std::string, std::string>> checkStepFields(const std::vector<StepField>& fields) {
    std::vector<std::pair<std::string, std::string>> errors;
    if (fields.empty()) errors.emplace_back("fields", "a form needs at least one field");
    if (fields.size() > 100) errors.emplace_back("fields", "a form has at most 100 fields");
    std::set<std::string> names;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const StepField& f = fields[i];
        const std::string at = "fields[" + std::to_string(i) + "]";
        if (f.name.empty()) errors.emplace_back(at + ".name", "is required");
        else if (!names.insert(f.name).second) errors.emplace_back(at + ".name", "is used by another field");
        if (f.label.empty()) errors.emplace_back(at + ".label", "is required");
        if (!contains(stepFieldTypes(), f.type))
            errors.emplace_back(at + ".type", "must be one of text, number, date, choice, yesno");
        if (f.type == "choice" && f.options.empty())
            errors.emplace_back(at + ".options", "a choice needs at least one option");
        if (f.type != "choice" && !f.options.empty()) errors.emplace_back(at + ".options", "only a choice has options");
        std::set<std::string> distinct(f.options.begin(), f.options.end());
        if (distinct.size() != f.options.size() || distinct.count("") > 0)
            errors.emplace_back(at + ".options", "must be distinct and not empty");
    }
    return errors;
}

bool isStepExpiryDays(long long days) { return days >= 1 && days <= 3650; }

}  // namespace rotunda::domain
