// AuthenticatorDiagnosis.h — `rotunda-admin ldap test USER`: asks an installed
// authenticator plugin to explain whether a user could sign in.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <ostream>
#include <string>
#include <vector>

namespace rotunda::plugins {

/// Runs `<command> test USER [--plugin ID]` (`args` without the command name).
/// Loads the plugin directory exactly as rotundad does (the same configuration
/// layers, components created), takes the PasswordAuthenticator(s) of plugin
/// `ID` (default `defaultPluginId`), calls diagnose(USER) through the host's
/// guard and prints every finding and the result to `out`. Nothing here knows
/// the directory's protocol: the plugin does the work.
///
/// Returns 0 when the user could sign in, 1 when not (unknown, ambiguous,
/// unusable), when the plugin offers no diagnostics or its diagnose() threw,
/// 64 for a usage error, 69 when the source cannot be reached, and 78 when the
/// plugin is missing, not enabled, refused (its configuration, with the
/// refusal line) or reports itself misconfigured.
int runAuthenticatorTest(const Poco::Util::AbstractConfiguration& config, const std::string& command,
                         const std::string& defaultPluginId, const std::vector<std::string>& args,
                         std::ostream& out, std::ostream& err);

}  // namespace rotunda::plugins
