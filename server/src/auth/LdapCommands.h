// LdapCommands.h — `rotunda-admin ldap test USER`: checks the ldap-auth plugin's directory for one user.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <ostream>
#include <string>
#include <vector>

namespace rotunda::auth {

/// Runs `ldap test USER` with the plugins.ldap-auth.* configuration from `config`
/// (the same layers rotundad reads): configuration, each URL with its TLS, the
/// service account, the user search and the user's groups, printed to `out`.
/// Never binds as the user. Returns 0 when the user could sign in with the right
/// password, 1 when not, 64 for a usage error, 69 when no directory answers, 78 for
/// bad configuration.
int runLdapCommand(const Poco::Util::AbstractConfiguration& config, const std::vector<std::string>& args,
                   std::ostream& out, std::ostream& err);

}  // namespace rotunda::auth
