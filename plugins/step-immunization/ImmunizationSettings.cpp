// ImmunizationSettings.cpp — declared step settings and their strict reading.
#include "ImmunizationSettings.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace rotunda::immunization {

using plugin::ConfigProperty;
using plugin::ConfigType;
using plugin::ConfigValues;

StepSettingsError::StepSettingsError(const std::string& name, const std::string& value, const std::string& allowed)
    : StepSettingsError(name, "is \"" + value + "\": " + allowed) {}

StepSettingsError::StepSettingsError(const std::string& name, const std::string& detail)
    : std::invalid_argument("step setting " + name + " " + detail), setting_(name), detail_(detail) {}

StepSettingsError::StepSettingsError(const std::string& message) : std::invalid_argument(message), detail_(message) {}

namespace {

const char* const kRequirementNames[] = {"requireMmr", "requireVaricella", "requireHepatitisB",
                                         "requireTb",  "requireInfluenza", "requireTdap"};

std::string valueOf(const ConfigValues& values, const std::string& name) {
    const auto found = values.all().find(name);
    if (found != values.all().end() && !found->second.empty()) return found->second;
    for (const ConfigProperty& p : settingProperties())
        if (p.name == name) return p.defaultValue;
    return "";
}

bool booleanOf(const ConfigValues& values, const std::string& name) {
    std::string text = valueOf(values, name);
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (text == "true" || text == "yes" || text == "on" || text == "1") return true;
    if (text == "false" || text == "no" || text == "off" || text == "0") return false;
    throw StepSettingsError(name, valueOf(values, name), "expected true or false");
}

long integerOf(const ConfigValues& values, const std::string& name, long low, long high, const std::string& unit) {
    const std::string text = valueOf(values, name);
    const std::string allowed =
        "expected a whole number of " + unit + " from " + std::to_string(low) + " to " + std::to_string(high);
    if (text.empty() || text.size() > 9 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
        throw StepSettingsError(name, text, allowed);
    const long value = std::stol(text);
    if (value < low || value > high) throw StepSettingsError(name, text, allowed);
    return value;
}

}  // namespace

namespace {

// Reads every setting; one that cannot be used keeps its default and is added to
// `problems`, so that callers may refuse the first or report them all.
ImmunizationSettings readSettings(const ConfigValues& values, std::vector<StepSettingsError>& problems) {
    const auto declared = settingProperties();
    for (const auto& [name, value] : values.all()) {
        if (std::none_of(declared.begin(), declared.end(), [&](const ConfigProperty& p) { return p.name == name; }))
            problems.emplace_back(name, "is not a setting of immunization-record");
    }
    const auto read = [&](auto& target, auto&& reader) {
        try {
            target = reader();
        } catch (const StepSettingsError& e) {
            problems.push_back(e);
        }
    };
    const auto boolean = [&](const char* name) { return [&values, name] { return booleanOf(values, name); }; };
    ImmunizationSettings s;
    read(s.mmr, boolean("requireMmr"));
    read(s.varicella, boolean("requireVaricella"));
    read(s.hepatitisB, boolean("requireHepatitisB"));
    read(s.tb, boolean("requireTb"));
    read(s.influenza, boolean("requireInfluenza"));
    read(s.tdap, boolean("requireTdap"));
    read(s.tbValidityDays, [&] { return static_cast<int>(integerOf(values, "tbValidityDays", 1, 3650, "days")); });
    read(s.fluSeasonStartMonth, [&] {
        return static_cast<unsigned>(integerOf(values, "fluSeasonStartMonth", 1, 12, "months (1 = January)"));
    });
    read(s.tdapValidityYears, [&] { return static_cast<int>(integerOf(values, "tdapValidityYears", 1, 30, "years")); });
    read(s.birthDate, boolean("askBirthDate"));
    read(s.requireDocument, boolean("requireDocument"));
    if (!(s.mmr || s.varicella || s.hepatitisB || s.tb || s.influenza || s.tdap)) {
        std::string names;
        for (const char* name : kRequirementNames) names += (names.empty() ? "" : ", ") + std::string(name);
        problems.emplace_back("step settings require nothing: set at least one of " + names + " to true");
    }
    return s;
}

}  // namespace

ImmunizationSettings ImmunizationSettings::fromValues(const ConfigValues& values) {
    std::vector<StepSettingsError> problems;
    const ImmunizationSettings s = readSettings(values, problems);
    if (!problems.empty()) throw problems.front();
    return s;
}

std::vector<StepSettingsError> ImmunizationSettings::problems(const ConfigValues& values) {
    std::vector<StepSettingsError> problems;
    readSettings(values, problems);
    return problems;
}

std::vector<ConfigProperty> settingProperties() {
    return {
        {"requireMmr", "Measles, mumps, rubella",
         "true: two MMR doses at least 28 days apart (the first on or after the first birthday) or a positive titer",
         ConfigType::Boolean, "true", false, false},
        {"requireVaricella", "Varicella",
         "true: two varicella doses at least 28 days apart or a positive titer", ConfigType::Boolean, "false", false,
         false},
        {"requireHepatitisB", "Hepatitis B",
         "true: a complete hepatitis B series (three doses, or two of Heplisav-B) or a positive anti-HBs titer",
         ConfigType::Boolean, "false", false, false},
        {"requireTb", "Tuberculosis test",
         "true: a negative TST or IGRA within tbValidityDays before the rotation starts", ConfigType::Boolean, "true",
         false, false},
        {"tbValidityDays", "TB test valid for (days)",
         "how many days before the rotation start a TB test may be (1 to 3650); it lapses that many days after it was "
         "taken",
         ConfigType::Integer, "365", false, false},
        {"requireInfluenza", "Influenza",
         "true: an influenza vaccination in the season of the rotation start", ConfigType::Boolean, "true", false,
         false},
        {"fluSeasonStartMonth", "Influenza season starts (month)",
         "the month (1 to 12) whose first day starts an influenza season; 8: seasons run 1 August to 31 July",
         ConfigType::Integer, "8", false, false},
        {"requireTdap", "Tdap", "true: a Tdap within tdapValidityYears", ConfigType::Boolean, "false", false, false},
        {"tdapValidityYears", "Tdap valid for (years)", "how long a Tdap counts (1 to 30 years)", ConfigType::Integer,
         "10", false, false},
        {"askBirthDate", "Ask for the birth date",
         "true: the form asks for the birth date, and an MMR or varicella first dose before the first birthday goes "
         "to review",
         ConfigType::Boolean, "true", false, false},
        {"requireDocument", "Require a copy",
         "true: a copy of the record (a scan) must be attached to the step", ConfigType::Boolean, "false", false, false},
    };
}

ConfigValues settingValues(const std::vector<std::pair<std::string, std::string>>& given) {
    std::map<std::string, std::string> values;
    for (const ConfigProperty& p : settingProperties()) values[p.name] = p.defaultValue;
    for (const auto& [name, value] : given) values[name] = value;
    return ConfigValues(values);
}

}  // namespace rotunda::immunization
