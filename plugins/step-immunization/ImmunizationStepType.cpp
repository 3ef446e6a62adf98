// ImmunizationStepType.cpp — the immunization-record step type.
#include "ImmunizationStepType.h"

#include "ImmunizationRecord.h"
#include "ImmunizationSettings.h"

namespace rotunda::immunization {

using namespace rotunda::plugin;

std::string ImmunizationStepType::id() const { return kStepTypeId; }

std::string ImmunizationStepType::name() const {
    return "Immunization record (MMR, varicella, hepatitis B, TB test, influenza, Tdap; verified by its rules)";
}

std::vector<ConfigProperty> ImmunizationStepType::stepSettings() const { return settingProperties(); }

std::vector<FormField> ImmunizationStepType::fields(const ConfigValues& settings) const {
    return recordFields(ImmunizationSettings::fromValues(settings));
}

StepValidation ImmunizationStepType::validate(const StepSubmission& submission, const ConfigValues& settings) const {
    return validateRecord(submission, ImmunizationSettings::fromValues(settings));
}

StepVerification ImmunizationStepType::verify(const StepSubmission& submission, const ConfigValues& settings) const {
    const ImmunizationSettings parsed = ImmunizationSettings::fromValues(settings);
    StepVerification verification;
    const StepValidation validation = validateRecord(submission, parsed);
    if (!validation.ok()) {
        // The host verifies only what validated; a person looks at anything else.
        for (const auto& [field, message] : validation.errors)
            verification.reason += (verification.reason.empty() ? "" : "\n") + field + " " + message;
        return verification;
    }
    const Assessment assessment = assessRecord(submission, parsed);
    if (!assessment.complete()) {
        verification.reason = assessment.reasons();
        return verification;
    }
    verification.verdict = StepVerdict::Verified;
    if (const auto expiry = assessment.expiry()) verification.expiresAt = isoDate(*expiry);
    return verification;
}

std::vector<std::pair<std::string, std::string>> ImmunizationStepType::record(const StepSubmission& submission,
                                                                               const ConfigValues& settings) const {
    const Assessment assessment = assessRecord(submission, ImmunizationSettings::fromValues(settings));
    const ReferenceDates& dates = assessment.dates;
    std::vector<std::pair<std::string, std::string>> facts;
    facts.emplace_back("today", isoDate(dates.today) + (dates.todayFromHost ? " (the facility's date)"
                                                                             : " (UTC: the server gave no local date)"));
    facts.emplace_back("rotationStart", isoDate(dates.rotationStart) +
                                            (dates.startFromHost ? "" : " (taken as today: the server gave none)"));
    for (const RuleOutcome& rule : assessment.rules) {
        std::string text = rule.met ? "met: " + rule.evidence : "for review: ";
        if (!rule.met)
            for (std::size_t i = 0; i < rule.reasons.size(); ++i) text += (i ? "; " : "") + rule.reasons[i];
        facts.emplace_back("rule." + rule.id, text);
    }
    const auto expiry = assessment.expiry();
    facts.emplace_back("expiresAt", !assessment.complete() ? "(set when verified)"
                                    : expiry              ? isoDate(*expiry)
                                                          : "never (no required item lapses)");
    return facts;
}

std::vector<std::pair<std::string, std::string>> ImmunizationStepType::checkSettings(
    const ConfigValues& settings) const {
    std::vector<std::pair<std::string, std::string>> errors;
    for (const StepSettingsError& problem : ImmunizationSettings::problems(settings))
        errors.emplace_back(problem.setting(), problem.detail());
    return errors;
}

}  // namespace rotunda::immunization
