// ImmunizationStepType.h — the "immunization-record" step type: the StepType the
// step-immunization plugin registers, over ImmunizationRecord's rules.
#pragma once

#include <rotunda/plugin/StepType.h>

namespace rotunda::immunization {

/// The step type id facilities choose in +Add Step.
constexpr const char* kStepTypeId = "immunization-record";

/// A structured immunization record (MMR, varicella, hepatitis B, TB test,
/// influenza, Tdap) that verifies itself when complete and consistent, and
/// otherwise waits for a person with every reason listed. Stateless, so
/// thread-safe. checkSettings() lets the host refuse bad step settings when a step
/// is saved; settings that get past it anyway (a host before ABI 1.2) throw
/// StepSettingsError from every other call, which the host reports as "step type
/// unavailable" with the message in its log.
class ImmunizationStepType : public plugin::StepType {
public:
    std::string id() const override;
    std::string name() const override;
    std::vector<plugin::ConfigProperty> stepSettings() const override;
    /// Only the fields of the requirements the settings enable, and the document upload.
    std::vector<plugin::FormField> fields(const plugin::ConfigValues& settings) const override;
    /// Field errors (see validateRecord).
    plugin::StepValidation validate(const plugin::StepSubmission& submission,
                                    const plugin::ConfigValues& settings) const override;
    /// Verified, expiring on the earliest lapse of the requirements, when every
    /// requirement is met; Manual with one reason per line otherwise. Never Rejected:
    /// docs/decisions/0025-immunization-rules.md.
    plugin::StepVerification verify(const plugin::StepSubmission& submission,
                                    const plugin::ConfigValues& settings) const override;
    /// Which evidence met each requirement (or why it did not), the dates judged
    /// against and the expiry, for reviewers.
    std::vector<std::pair<std::string, std::string>> record(const plugin::StepSubmission& submission,
                                                            const plugin::ConfigValues& settings) const override;
    /// Every setting that cannot be used (ImmunizationSettings::problems): the
    /// setting → "is \"<value>\": <what is allowed>"; a step that requires nothing
    /// under an empty name (the settings together).
    std::vector<std::pair<std::string, std::string>> checkSettings(const plugin::ConfigValues& settings) const override;
};

}  // namespace rotunda::immunization
