// Registrar.h — how a plugin declares its configuration and its component factories.
#pragma once

#include "rotunda/plugin/Authenticator.h"
#include "rotunda/plugin/Config.h"
#include "rotunda/plugin/CredentialChecker.h"
#include "rotunda/plugin/DocumentStore.h"
#include "rotunda/plugin/HostContext.h"
#include "rotunda/plugin/StepType.h"

#include <functional>
#include <memory>
#include <string>

namespace rotunda::plugin {

/// Creates one component once the host has validated the configuration
/// (Keycloak's ProviderFactory). May throw: the plugin is then refused.
template <class Component>
using Factory = std::function<std::unique_ptr<Component>(HostContext& context)>;

/// Passed to registerComponents. Registration declares and creates nothing yet:
/// the host validates the declared configuration first, then calls the factories.
/// New extension points are appended at the end (an ABI minor bump).
class Registrar {
public:
    virtual ~Registrar() = default;
    /// Declares one configuration property (plugins.<id>.<name>).
    virtual void declareConfig(const ConfigProperty& property) = 0;
    virtual void addPasswordAuthenticator(const std::string& name, Factory<PasswordAuthenticator> factory) = 0;
    virtual void addRedirectAuthenticator(const std::string& name, Factory<RedirectAuthenticator> factory) = 0;
    virtual void addDocumentStore(const std::string& name, Factory<DocumentStore> factory) = 0;
    virtual void addCredentialChecker(const std::string& name, Factory<CredentialChecker> factory) = 0;
    virtual void addStepType(const std::string& name, Factory<StepType> factory) = 0;
};

}  // namespace rotunda::plugin
