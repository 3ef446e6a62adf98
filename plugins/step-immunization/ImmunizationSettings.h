// ImmunizationSettings.h — what a facility configures on each immunization step:
// which requirements apply and their periods, declared as the step type's settings
// and read back strictly, so a bad value names the setting, the value and what is allowed.
#pragma once

#include <rotunda/plugin/Config.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace rotunda::immunization {

/// A step setting that cannot be used. what() is one line: the setting, the value
/// and what is allowed.
class StepSettingsError : public std::invalid_argument {
public:
    /// `name` is "<value>": `allowed`.
    StepSettingsError(const std::string& name, const std::string& value, const std::string& allowed);
    /// `name` `detail`, e.g. (tbDays, "is not a setting of immunization-record").
    StepSettingsError(const std::string& name, const std::string& detail);
    /// A problem of the settings together, not of one of them.
    explicit StepSettingsError(const std::string& message);

    /// The setting at fault; empty when the problem is of the settings together.
    const std::string& setting() const { return setting_; }
    /// what() without the leading "step setting <name> ", for a message shown
    /// beside the setting (StepType::checkSettings); the whole message when no
    /// setting is named.
    const std::string& detail() const { return detail_; }

private:
    std::string setting_;
    std::string detail_;
};

/// The validated settings of one immunization step.
struct ImmunizationSettings {
    bool mmr = true;          ///< measles, mumps, rubella: two doses or a positive titer
    bool varicella = false;   ///< two doses or a positive titer
    bool hepatitisB = false;  ///< a complete series or a positive titer
    bool tb = true;           ///< a TB test within tbValidityDays before the rotation start
    bool influenza = true;    ///< a vaccination in the season of the rotation start
    bool tdap = false;        ///< a Tdap within tdapValidityYears
    int tbValidityDays = 365;
    unsigned fluSeasonStartMonth = 8;  ///< seasons run from the 1st of this month
    int tdapValidityYears = 10;
    bool birthDate = true;        ///< ask for the birth date, so a first dose before the first birthday is caught
    bool requireDocument = false; ///< a copy of the record must be attached

    /// Reads every value (a missing or empty one takes its default) and checks it.
    /// Throws the first of problems(values).
    static ImmunizationSettings fromValues(const plugin::ConfigValues& values);

    /// Every reason `values` cannot be used, in the order fromValues checks them;
    /// empty when fromValues accepts them. What the step type answers when a
    /// facility saves a step (checkSettings).
    static std::vector<StepSettingsError> problems(const plugin::ConfigValues& values);
};

/// The settings the step type declares (stepSettings()), with their defaults.
std::vector<plugin::ConfigProperty> settingProperties();

/// The values the host would pass: every declared default, overridden by `given`.
/// For the unit suites.
plugin::ConfigValues settingValues(const std::vector<std::pair<std::string, std::string>>& given);

}  // namespace rotunda::immunization
