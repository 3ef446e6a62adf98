// Settings.h — typed, validated reads of configuration values.
//
// Every core subsystem reads its keys through these functions so that a bad
// value stops start-up with one line naming the key, the value and what is
// allowed, instead of a default silently taking its place.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>

namespace rotunda::app {

/// Thrown for a configuration value that is missing or not allowed.
/// what() is the complete operator-facing line.
class ConfigError : public std::runtime_error {
public:
    ConfigError(const std::string& key, const std::string& value, const std::string& allowed);

    const std::string& key() const { return key_; }
    const std::string& value() const { return value_; }
    const std::string& allowed() const { return allowed_; }

private:
    std::string key_;
    std::string value_;
    std::string allowed_;
};

/// Integer in [min, max]; the default when the key is absent. Throws ConfigError.
std::int64_t readInt(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                     std::int64_t defaultValue, std::int64_t min, std::int64_t max);

/// true/false/yes/no/on/off/1/0; the default when absent. Throws ConfigError.
bool readBool(const Poco::Util::AbstractConfiguration& config, const std::string& key,
              bool defaultValue);

/// String, trimmed; the default when absent. Throws ConfigError when `required`
/// and the result is empty.
std::string readString(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                       const std::string& defaultValue, bool required = false);

/// One of `choices` (compared case-sensitively); the default when absent. Throws ConfigError.
std::string readChoice(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                       const std::string& defaultValue, std::initializer_list<const char*> choices);

}  // namespace rotunda::app
