// LdapCommands.cpp — `rotunda-admin ldap test USER`.
//
// rotunda-admin links the ldap-auth plugin's logic (rotunda_ldap-auth) rather than
// loading the plugin file: the plugin API has no diagnostic extension point, and
// this command must explain a directory that the plugin cannot yet use.
#include "auth/LdapCommands.h"

#include "app/Settings.h"

#include <LdapDirectory.h>
#include <LdapSettings.h>

namespace rotunda::auth {
namespace {

constexpr const char* kUsage = "usage: rotunda-admin ldap test USER";

}  // namespace

int runLdapCommand(const Poco::Util::AbstractConfiguration& config, const std::vector<std::string>& args,
                   std::ostream& out, std::ostream& err) {
    if (args.size() != 2 || args[0] != "test") {
        err << kUsage << std::endl;
        return 64;
    }
    const std::string prefix = std::string("plugins.") + ldapauth::kPluginId + ".";
    std::vector<std::pair<std::string, std::string>> configured;
    for (const plugin::ConfigProperty& property : ldapauth::configProperties())
        configured.emplace_back(property.name, app::readString(config, prefix + property.name, ""));
    const long callTimeoutMs = static_cast<long>(app::readInt(config, prefix + "callTimeoutMs", 5000, 1, 600000));
    if (!app::readBool(config, prefix + "enabled", false))
        out << "note: " << prefix << "enabled is false: rotundad does not use this directory until it is true"
            << std::endl;
    return ldapauth::diagnose(ldapauth::valuesWithDefaults(configured), callTimeoutMs, args[1],
                              [&out](const std::string& line) { out << line << std::endl; });
}

}  // namespace rotunda::auth
