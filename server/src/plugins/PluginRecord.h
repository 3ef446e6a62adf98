// PluginRecord.h — what the host knows about one file of the plugin directory.
#pragma once

#include <rotunda/plugin/Config.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rotunda::plugins {

/// Where a plugin file ended up.
enum class PluginState {
    Loaded,    ///< checks passed, configuration valid, components created (or creatable)
    Disabled,  ///< valid, but plugins.<id>.enabled is not true
    Refused    ///< a check failed: `reason` says which
};

/// The name of a state as shown in /health and listings.
const char* stateName(PluginState state);

/// One plugin file and its fate; shown by /health and rotunda-admin plugins.
struct PluginRecord {
    std::string file;         ///< absolute path
    std::string id;           ///< from the descriptor; empty when refused before it was read
    std::string version;
    std::string description;
    std::uint16_t abiMajor = 0;  ///< the plugin API it was built against; 0.0 when refused before it was read
    std::uint16_t abiMinor = 0;
    PluginState state = PluginState::Refused;
    std::string reason;       ///< the refusal line (with its RTP id); empty otherwise
    bool enabled = false;     ///< plugins.<id>.enabled
    bool required = false;    ///< plugins.<id>.required
    std::vector<std::string> extensionPoints;  ///< "PasswordAuthenticator:ldap" …
    std::vector<plugin::ConfigProperty> config;  ///< as declared
};

}  // namespace rotunda::plugins
