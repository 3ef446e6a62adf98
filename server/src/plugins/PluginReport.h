// PluginReport.h — `rotunda-admin plugins`: what is in the plugin directory and why.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <ostream>

namespace rotunda::plugins {

/// Checks every file of plugins.directory as rotundad would (without creating
/// components) and prints, per plugin: id, version, file, extension points,
/// enabled/required, loaded or refused with the reason, and the declared
/// configuration with its current values, secrets masked. Returns 0, or 1 when a
/// plugin is refused.
int printPluginReport(const Poco::Util::AbstractConfiguration& config, std::ostream& out);

}  // namespace rotunda::plugins
