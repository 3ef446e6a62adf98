// Steps.h — what a step may be: phases, built-in types, who completes it, form fields.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace rotunda::domain {

/// application, onboarding, active, offboarding, evaluation (in that order).
const std::vector<std::string>& stepPhases();
bool isStepPhase(const std::string& phase);

/// form, document, confirmation: the types every server has; plugins add more.
const std::vector<std::string>& builtInStepTypes();
bool isBuiltInStepType(const std::string& type);

/// student, school_coordinator, faculty, facility.
const std::vector<std::string>& stepCompleters();
bool isStepCompleter(const std::string& who);

/// A field of a form step.
struct StepField {
    std::string name;
    std::string label;
    std::string type;  ///< text, number, date, choice, yesno
    std::string help;
    bool required = false;
    std::vector<std::string> options;  ///< for choice
};

/// text, number, date, choice, yesno.
const std::vector<std::string>& stepFieldTypes();

/// Field errors of a form's fields, as (field path, message), e.g.
/// ("fields[1].options", "a choice needs at least one option"). A form needs at
/// least one field; names are unique; choices have options and others none.
std::vector<std::pair<std::string, std::string>> checkStepFields(const std::vector<StepField>& fields);

/// Expiry after verification: empty (never) or 1 to 3650 days.
bool isStepExpiryDays(long long days);

}  // namespace rotunda::domain
