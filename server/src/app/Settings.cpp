// Settings.cpp — typed, validated reads of configuration values.
#include "app/Settings.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace rotunda::app {

ConfigError::ConfigError(const std::string& key, const std::string& value,
                         const std::string& allowed)
    : std::runtime_error("configuration key '" + key + "' has value '" + value +
                         "'; allowed: " + allowed),
      key_(key),
      value_(value),
      allowed_(allowed) {}

std::int64_t readInt(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                     std::int64_t defaultValue, std::int64_t min, std::int64_t max) {
    const std::string allowed =
        "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (!config.hasProperty(key)) return defaultValue;
    const std::string raw = Poco::trim(config.getRawString(key));
    Poco::Int64 value = 0;
    if (!Poco::NumberParser::tryParse64(raw, value) || value < min || value > max)
        throw ConfigError(key, raw, allowed);
    return value;
}

bool readBool(const Poco::Util::AbstractConfiguration& config, const std::string& key,
              bool defaultValue) {
    if (!config.hasProperty(key)) return defaultValue;
    const std::string raw = Poco::toLower(Poco::trim(config.getRawString(key)));
    if (raw == "true" || raw == "yes" || raw == "on" || raw == "1") return true;
    if (raw == "false" || raw == "no" || raw == "off" || raw == "0") return false;
    throw ConfigError(key, raw, "true or false");
}

std::string readString(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                       const std::string& defaultValue, bool required) {
    // getString expands ${...} references; an unknown reference is a bad value too.
    std::string value;
    try {
        value = Poco::trim(config.getString(key, defaultValue));
    } catch (const Poco::Exception& e) {
        throw ConfigError(key, config.getRawString(key, ""), "a value whose ${...} references exist");
    }
    if (required && value.empty()) throw ConfigError(key, value, "a non-empty value");
    return value;
}

std::string readChoice(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                       const std::string& defaultValue, std::initializer_list<const char*> choices) {
    const std::string value = readString(config, key, defaultValue);
    std::string allowed;
    for (const char* choice : choices) {
        if (value == choice) return value;
        allowed += allowed.empty() ? "" : ", ";
        allowed += choice;
    }
    throw ConfigError(key, value, "one of " + allowed);
}

}  // namespace rotunda::app
