// PluginHost.h — loads plugin libraries, checks them, and guards every call into them.
#pragma once

#include "app/Metrics.h"
#include "plugins/PluginRecord.h"

#include <rotunda/plugin/Abi.h>
#include <rotunda/plugin/Registrar.h>

#include <Poco/Util/AbstractConfiguration.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace rotunda::plugins {

/// What the host checks plugins against; defaults are this server's own values.
struct HostIdentity {
    std::uint16_t abiMajor = ROTUNDA_PLUGIN_ABI_MAJOR;
    std::uint16_t abiMinor = ROTUNDA_PLUGIN_ABI_MINOR;
    std::string fingerprint = ROTUNDA_PLUGIN_FINGERPRINT;
    std::string serverVersion;
};

/// A call into a plugin that threw. what() names the plugin, the operation and the error.
class PluginCallError : public std::runtime_error {
public:
    PluginCallError(const std::string& pluginId, const std::string& operation, const std::string& error);
    const std::string& pluginId() const { return pluginId_; }

private:
    std::string pluginId_;
};

/// A component created by a plugin. It keeps its library loaded for as long as it lives.
template <class Component>
struct LoadedComponent {
    using element_type = Component;
    std::string pluginId;
    std::string name;
    std::shared_ptr<Component> component;
};

/// Loads every *.so in plugins.directory with Boost.DLL and checks each, in this
/// order: file readable, symbol `rotunda_plugin` present, cookie, ABI major, ABI
/// minor, descriptor size, build fingerprint, id valid and unique; then, for
/// plugins with plugins.<id>.enabled = true: registration, configuration against
/// the declared properties, component creation. Each refusal is one log line
/// (RTP0001…) naming the file, what was found, what was expected and what to do.
/// Refused plugins are disabled; the host goes on with the others.
class PluginHost {
public:
    /// `createComponents` false: check and register only (rotunda-admin plugins).
    PluginHost(const Poco::Util::AbstractConfiguration& config, app::Metrics& metrics,
               HostIdentity identity = HostIdentity(), bool createComponents = true);
    ~PluginHost();
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    /// Loads the directory. Throws app::StartupError with the refusal line when a
    /// plugin marked plugins.<id>.required = true is refused or missing, and
    /// app::ConfigError for a bad plugins.* value of the host itself.
    void loadAll();

    /// The plugin directory in use.
    const std::string& directory() const { return directory_; }
    /// Every file seen, in name order.
    std::vector<PluginRecord> records() const;

    const std::vector<LoadedComponent<plugin::PasswordAuthenticator>>& passwordAuthenticators() const { return passwordAuthenticators_; }
    const std::vector<LoadedComponent<plugin::RedirectAuthenticator>>& redirectAuthenticators() const { return redirectAuthenticators_; }
    const std::vector<LoadedComponent<plugin::DocumentStore>>& documentStores() const { return documentStores_; }
    const std::vector<LoadedComponent<plugin::CredentialChecker>>& credentialCheckers() const { return credentialCheckers_; }
    const std::vector<LoadedComponent<plugin::StepType>>& stepTypes() const { return stepTypes_; }

    /// plugins.<id>.linkByEmail: whether a first sign-in through this plugin may link
    /// the directory identity to an existing account with the same email (default false).
    bool linksByEmail(const std::string& pluginId) const;
    /// plugins.<id>.passwordChangeUrl: where users change an expired directory password; may be empty.
    std::string passwordChangeUrl(const std::string& pluginId) const;

    /// Asks an authenticator to explain whether `username` could sign in
    /// (`rotunda-admin ldap test`), through the guard. A plugin built against ABI
    /// 1.0 has no diagnose() in its virtual table: it is not called, and the
    /// answer is Unsupported, saying to rebuild the plugin. Throws PluginCallError
    /// when the plugin throws.
    plugin::Diagnosis diagnose(const LoadedComponent<plugin::PasswordAuthenticator>& authenticator,
                               const std::string& username);

    /// Asks a step type for the facts to keep with an accepted submission
    /// (StepType::record), through the guard. A plugin built before ABI 1.2 has no
    /// record() in its virtual table: it is not called and records nothing.
    /// Throws PluginCallError when the plugin throws.
    std::vector<std::pair<std::string, std::string>> recordStep(const LoadedComponent<plugin::StepType>& stepType,
                                                                const plugin::StepSubmission& submission,
                                                                const plugin::ConfigValues& settings);

    /// Asks a step type whether it can use a step's `settings` (StepType::checkSettings),
    /// through the guard: setting name → message, empty when usable. A plugin built
    /// before ABI 1.2 has no checkSettings() in its virtual table: it is not called and
    /// nothing is refused. Throws PluginCallError when the plugin throws.
    std::vector<std::pair<std::string, std::string>> checkStepSettings(
        const LoadedComponent<plugin::StepType>& stepType, const plugin::ConfigValues& settings);

    /// Runs `call` (a call into plugin `pluginId`) through the guard: exceptions
    /// are caught, logged and rethrown as PluginCallError; every call is counted in
    /// metrics, and one that overran plugins.<id>.callTimeoutMs counts as a failure
    /// and is logged. The guard cannot interrupt a call: components receive the
    /// budget through HostContext::callTimeoutMs and apply it to their own I/O.
    template <class Call>
    auto guard(const std::string& pluginId, const std::string& operation, Call&& call) -> decltype(call()) {
        const auto started = std::chrono::steady_clock::now();
        try {
            if constexpr (std::is_void_v<decltype(call())>) {
                call();
                finishCall(pluginId, operation, started, "");
            } else {
                auto result = call();
                finishCall(pluginId, operation, started, "");
                return result;
            }
        } catch (const std::exception& e) {
            finishCall(pluginId, operation, started, e.what());
            throw PluginCallError(pluginId, operation, e.what());
        } catch (...) {
            finishCall(pluginId, operation, started, "an exception that is not a std::exception");
            throw PluginCallError(pluginId, operation, "an exception that is not a std::exception");
        }
    }

private:
    struct Plugin;
    class Registration;
    class Context;

    void loadFile(const std::string& path);
    void activate(Plugin& plugin);
    void refuse(Plugin& plugin, const std::string& line);
    void finishCall(const std::string& pluginId, const std::string& operation,
                    std::chrono::steady_clock::time_point started, const std::string& error);

    const Poco::Util::AbstractConfiguration& config_;
    app::Metrics& metrics_;
    HostIdentity identity_;
    bool createComponents_;
    std::string directory_;
    std::string dataDirectory_;
    std::vector<std::unique_ptr<Plugin>> plugins_;
    std::map<std::string, long> callTimeoutMs_;
    std::map<std::string, bool> linkByEmail_;
    std::map<std::string, std::string> passwordChangeUrl_;
    std::vector<LoadedComponent<plugin::PasswordAuthenticator>> passwordAuthenticators_;
    std::vector<LoadedComponent<plugin::RedirectAuthenticator>> redirectAuthenticators_;
    std::vector<LoadedComponent<plugin::DocumentStore>> documentStores_;
    std::vector<LoadedComponent<plugin::CredentialChecker>> credentialCheckers_;
    std::vector<LoadedComponent<plugin::StepType>> stepTypes_;
};

}  // namespace rotunda::plugins
