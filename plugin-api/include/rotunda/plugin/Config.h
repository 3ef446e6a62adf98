// Config.h — what a plugin declares about its configuration, and the validated values it gets.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace rotunda::plugin {

/// The type a configuration value must have. The host refuses the plugin when a
/// configured value does not parse as its type.
enum class ConfigType {
    String,   ///< any text
    Integer,  ///< a signed 64-bit decimal integer
    Boolean,  ///< true/false, yes/no, on/off, 1/0
    Path,     ///< a file system path (not checked for existence)
    Url       ///< text containing "://"
};

/// One configuration key of a plugin, read from plugins.<id>.<name>
/// (Keycloak's ConfigProperty). Admin listings are generated from it.
struct ConfigProperty {
    std::string name;          ///< key below plugins.<id>., e.g. "bindPassword"
    std::string label;         ///< short human name
    std::string help;          ///< what it does and what it allows
    ConfigType type = ConfigType::String;
    std::string defaultValue;  ///< used when not configured; empty: none
    bool required = false;     ///< refuse the plugin when neither configured nor defaulted
    bool secret = false;       ///< never logged or shown; listings print ********
};

/// Thrown by ConfigValues for a name the plugin did not declare.
class ConfigLookupError : public std::out_of_range {
public:
    using std::out_of_range::out_of_range;
};

/// The validated configuration of one plugin: every declared property with its
/// configured value or default. Values have been checked against their types.
class ConfigValues {
public:
    ConfigValues() = default;
    explicit ConfigValues(std::map<std::string, std::string> values) : values_(std::move(values)) {}

    /// True when the property has a value (configured or default).
    bool has(const std::string& name) const {
        const auto found = values_.find(name);
        return found != values_.end() && !found->second.empty();
    }

    /// The text value; throws ConfigLookupError for an undeclared name.
    const std::string& getString(const std::string& name) const {
        const auto found = values_.find(name);
        if (found == values_.end()) throw ConfigLookupError("undeclared configuration property: " + name);
        return found->second;
    }

    /// An Integer property's value (0 when empty).
    std::int64_t getInt(const std::string& name) const {
        const std::string& text = getString(name);
        return text.empty() ? 0 : std::stoll(text);
    }

    /// A Boolean property's value (false when empty).
    bool getBool(const std::string& name) const {
        const std::string& text = getString(name);
        return text == "true" || text == "yes" || text == "on" || text == "1";
    }

    /// Every value, by property name.
    const std::map<std::string, std::string>& all() const { return values_; }

private:
    std::map<std::string, std::string> values_;
};

}  // namespace rotunda::plugin
