// LdapAuthPlugin.cpp — the ldap-auth plugin: a PasswordAuthenticator that signs users in
// against LDAP or Active Directory (search as a service account, then bind as the user).
#include "LdapDirectory.h"
#include "LdapSettings.h"
#include "LdapText.h"

#include <rotunda/plugin/Plugin.h>

#include <memory>

namespace {

using namespace rotunda::plugin;
using rotunda::ldapauth::LdapDirectory;
using rotunda::ldapauth::LdapSettings;

class LdapAuthenticator : public PasswordAuthenticator {
public:
    LdapAuthenticator(LdapSettings settings, HostContext& context)
        : directory_(std::move(settings), context.logger(), context.callTimeoutMs()) {}

    std::string displayName() const override { return directory_.settings().displayName; }
    AuthOutcome authenticate(const PasswordRequest& request) override { return directory_.authenticate(request); }
    ComponentState health() override { return directory_.health(); }
    Diagnosis diagnose(const std::string& username) override { return directory_.diagnose(username); }

private:
    LdapDirectory directory_;
};

std::unique_ptr<PasswordAuthenticator> createAuthenticator(HostContext& context) {
    LdapSettings settings = LdapSettings::fromConfig(context.config(), context.callTimeoutMs());
    for (const std::string& url : settings.urls) {
        if (rotunda::ldapauth::lowerAscii(url).rfind("ldap://", 0) == 0 && !settings.startTls)
            context.logger().warning("RTL0020 " + url + " is used without StartTLS (startTls = false): passwords "
                                     "cross the network in clear text");
    }
    if (!settings.verifyCertificate)
        context.logger().warning("RTL0021 the directory's certificate is not verified (verifyCertificate = false): "
                                 "anyone on the path can pose as the directory");
    context.logger().information("RTL0022 directory sign-in ready: " + std::to_string(settings.urls.size()) +
                                 " URL(s), first " + settings.urls.front() + ", preset " + settings.presetName() +
                                 ", base " + settings.baseDn + ", groups " + settings.groupsDescription());
    return std::make_unique<LdapAuthenticator>(std::move(settings), context);
}

void registerLdap(Registrar& registrar) {
    for (const ConfigProperty& property : rotunda::ldapauth::configProperties()) registrar.declareConfig(property);
    registrar.addPasswordAuthenticator("directory", createAuthenticator);
}

}  // namespace

ROTUNDA_PLUGIN("ldap-auth", "1.0.0", "Sign-in against LDAP or Active Directory (search, then bind as the user)",
               registerLdap);
