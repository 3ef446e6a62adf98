// PluginHost.cpp — loads plugin libraries, checks them, and guards every call into them.
#include "plugins/PluginHost.h"

#include "app/Logging.h"
#include "app/Settings.h"
#include "app/StartupError.h"
#include "rotunda/BuildInfo.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/String.h>

#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <cstddef>
#include <dlfcn.h>
#include <iomanip>
#include <set>
#include <sstream>

namespace rotunda::plugins {
namespace {

Poco::Logger& hostLog() { return Poco::Logger::get("rotunda.plugins"); }

std::string hex32(std::uint32_t value) {
    std::ostringstream out;
    out << "0x" << std::hex << std::uppercase << std::setw(8) << std::setfill('0') << value;
    return out.str();
}

bool isValidId(const char* id) {
    if (id == nullptr || *id == '\0') return false;
    std::size_t length = 0;
    for (const char* c = id; *c != '\0'; ++c, ++length)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-') || length >= 64)
            return false;
    return true;
}

const char* typeName(plugin::ConfigType type) {
    switch (type) {
        case plugin::ConfigType::String: return "a string";
        case plugin::ConfigType::Integer: return "an integer";
        case plugin::ConfigType::Boolean: return "true or false";
        case plugin::ConfigType::Path: return "a path";
        case plugin::ConfigType::Url: return "a URL (scheme://…)";
    }
    return "a value";
}

// Normalises a configured value to its type; false when it does not parse.
bool normalise(plugin::ConfigType type, std::string& value) {
    switch (type) {
        case plugin::ConfigType::Integer: {
            Poco::Int64 parsed = 0;
            if (!Poco::NumberParser::tryParse64(value, parsed)) return false;
            value = std::to_string(parsed);
            return true;
        }
        case plugin::ConfigType::Boolean: {
            const std::string lower = Poco::toLower(value);
            if (lower == "true" || lower == "yes" || lower == "on" || lower == "1") value = "true";
            else if (lower == "false" || lower == "no" || lower == "off" || lower == "0") value = "false";
            else return false;
            return true;
        }
        case plugin::ConfigType::Url:
            return value.find("://") != std::string::npos;
        case plugin::ConfigType::String:
        case plugin::ConfigType::Path:
            return true;
    }
    return false;
}

// The descriptor fields this server reads; a plugin reporting a smaller
// structSize was built against a descriptor this server cannot read.
constexpr std::uint32_t kRequiredDescriptorSize =
    offsetof(rotunda_plugin_descriptor, registerComponents) + sizeof(void (*)(rotunda::plugin::Registrar&));

// Whether a plugin built against ABI `major`.`minor` has PasswordAuthenticator::diagnose
// in its virtual tables (appended in 1.1). Calling it on an older plugin would jump
// past the end of a virtual table.
bool hasDiagnose(std::uint16_t major, std::uint16_t minor) { return major > 1 || (major == 1 && minor >= 1); }

// The same for StepType::record and StepType::checkSettings (appended in 1.2).
bool hasStepRecord(std::uint16_t major, std::uint16_t minor) { return major > 1 || (major == 1 && minor >= 2); }

}  // namespace

const char* stateName(PluginState state) {
    switch (state) {
        case PluginState::Loaded: return "loaded";
        case PluginState::Disabled: return "disabled";
        case PluginState::Refused: return "refused";
    }
    return "unknown";
}

PluginCallError::PluginCallError(const std::string& pluginId, const std::string& operation,
                                 const std::string& error)
    : std::runtime_error("plugin '" + pluginId + "' failed in " + operation + ": " + error),
      pluginId_(pluginId) {}

// One plugin file. The library is declared first so it is destroyed last, after
// every object whose code lives in it.
struct PluginHost::Plugin {
    std::shared_ptr<boost::dll::shared_library> library;
    std::unique_ptr<Context> context;
    std::unique_ptr<Registration> registration;
    PluginRecord record;
};

class PluginHost::Registration : public plugin::Registrar {
public:
    void declareConfig(const plugin::ConfigProperty& property) override { properties.push_back(property); }
    void addPasswordAuthenticator(const std::string& name, plugin::Factory<plugin::PasswordAuthenticator> f) override {
        passwordAuthenticators.emplace_back(name, std::move(f));
    }
    void addRedirectAuthenticator(const std::string& name, plugin::Factory<plugin::RedirectAuthenticator> f) override {
        redirectAuthenticators.emplace_back(name, std::move(f));
    }
    void addDocumentStore(const std::string& name, plugin::Factory<plugin::DocumentStore> f) override {
        documentStores.emplace_back(name, std::move(f));
    }
    void addCredentialChecker(const std::string& name, plugin::Factory<plugin::CredentialChecker> f) override {
        credentialCheckers.emplace_back(name, std::move(f));
    }
    void addStepType(const std::string& name, plugin::Factory<plugin::StepType> f) override {
        stepTypes.emplace_back(name, std::move(f));
    }

    std::vector<std::string> extensionPoints() const {
        std::vector<std::string> points;
        for (const auto& [name, f] : passwordAuthenticators) points.push_back("PasswordAuthenticator:" + name);
        for (const auto& [name, f] : redirectAuthenticators) points.push_back("RedirectAuthenticator:" + name);
        for (const auto& [name, f] : documentStores) points.push_back("DocumentStore:" + name);
        for (const auto& [name, f] : credentialCheckers) points.push_back("CredentialChecker:" + name);
        for (const auto& [name, f] : stepTypes) points.push_back("StepType:" + name);
        return points;
    }

    std::vector<plugin::ConfigProperty> properties;
    std::vector<std::pair<std::string, plugin::Factory<plugin::PasswordAuthenticator>>> passwordAuthenticators;
    std::vector<std::pair<std::string, plugin::Factory<plugin::RedirectAuthenticator>>> redirectAuthenticators;
    std::vector<std::pair<std::string, plugin::Factory<plugin::DocumentStore>>> documentStores;
    std::vector<std::pair<std::string, plugin::Factory<plugin::CredentialChecker>>> credentialCheckers;
    std::vector<std::pair<std::string, plugin::Factory<plugin::StepType>>> stepTypes;
};

class PluginHost::Context : public plugin::HostContext {
    class LoggerAdapter : public plugin::Logger {
    public:
        explicit LoggerAdapter(const std::string& id) : log_(Poco::Logger::get("plugin." + id)) {}
        void log(plugin::LogLevel level, const std::string& message) override {
            switch (level) {
                case plugin::LogLevel::Debug: log_.debug(message); break;
                case plugin::LogLevel::Information: log_.information(message); break;
                case plugin::LogLevel::Warning: log_.warning(message); break;
                case plugin::LogLevel::Error: log_.error(message); break;
            }
        }

    private:
        Poco::Logger& log_;
    };

public:
    Context(std::string id, plugin::ConfigValues values, std::string dataDirectory, std::string version,
            long timeoutMs)
        : id_(std::move(id)),
          logger_(id_),
          values_(std::move(values)),
          dataDirectory_(std::move(dataDirectory)),
          version_(std::move(version)),
          timeoutMs_(timeoutMs) {}

    const std::string& pluginId() const override { return id_; }
    plugin::Logger& logger() override { return logger_; }
    const plugin::ConfigValues& config() const override { return values_; }
    const std::string& dataDirectory() const override { return dataDirectory_; }
    const std::string& serverVersion() const override { return version_; }
    long callTimeoutMs() const override { return timeoutMs_; }

private:
    std::string id_;
    LoggerAdapter logger_;
    plugin::ConfigValues values_;
    std::string dataDirectory_;
    std::string version_;
    long timeoutMs_;
};

PluginHost::PluginHost(const Poco::Util::AbstractConfiguration& config, app::Metrics& metrics,
                       HostIdentity identity, bool createComponents)
    : config_(config), metrics_(metrics), identity_(std::move(identity)), createComponents_(createComponents) {
    if (identity_.serverVersion.empty()) identity_.serverVersion = build::kVersion;
}

PluginHost::~PluginHost() {
    // Components first (their code lives in the libraries), then the plugins.
    passwordAuthenticators_.clear();
    redirectAuthenticators_.clear();
    documentStores_.clear();
    credentialCheckers_.clear();
    stepTypes_.clear();
    plugins_.clear();
}

void PluginHost::loadAll() {
    directory_ = app::readString(config_, "plugins.directory", "");
    if (directory_.empty()) directory_ = build::kPluginDir;
    directory_ = Poco::Path(directory_).absolute().toString();
    dataDirectory_ = Poco::Path(app::readString(config_, "plugins.dataDirectory", "var/plugins")).absolute().toString();

    std::set<std::string> files;
    const Poco::File directory(directory_);
    if (!directory.exists() || !directory.isDirectory()) {
        hostLog().warning("RTP0020 plugin directory " + directory_ +
                          " does not exist; no plugins loaded (set plugins.directory)");
    } else {
        for (Poco::DirectoryIterator it(directory_), end; it != end; ++it)
            if (it->isFile() && Poco::Path(it.path()).getExtension() == "so") files.insert(it.path().toString());
    }
    for (const std::string& file : files) loadFile(file);

    // A plugin enabled or required in the configuration but absent from the directory.
    std::set<std::string> present;
    for (const auto& plugin : plugins_)
        if (!plugin->record.id.empty()) present.insert(plugin->record.id);
    Poco::Util::AbstractConfiguration::Keys ids;
    config_.keys("plugins", ids);
    for (const std::string& id : ids) {
        if (present.count(id) || !config_.has("plugins." + id + ".enabled")) continue;
        const bool enabled = app::readBool(config_, "plugins." + id + ".enabled", false);
        const bool required = app::readBool(config_, "plugins." + id + ".required", false);
        if (!enabled && !required) continue;
        const std::string line = "RTP0021 plugin '" + id + "' is enabled in the configuration but no file in " +
                                 directory_ + " has that id; install the plugin there or remove plugins." + id + ".*";
        hostLog().error(line);
        if (required) throw app::StartupError(line);
    }
    for (const auto& plugin : plugins_)
        if (plugin->record.required && plugin->record.state != PluginState::Loaded)
            throw app::StartupError(plugin->record.state == PluginState::Refused
                                        ? plugin->record.reason
                                        : "RTP0022 plugin '" + plugin->record.id +
                                              "' is required but not enabled; set plugins." + plugin->record.id +
                                              ".enabled = true or required = false");
}

void PluginHost::refuse(Plugin& plugin, const std::string& line) {
    plugin.record.state = PluginState::Refused;
    plugin.record.reason = line;
    hostLog().error(line);
}

void PluginHost::loadFile(const std::string& path) {
    plugins_.push_back(std::make_unique<Plugin>());
    Plugin& plugin = *plugins_.back();
    plugin.record.file = path;
    const std::string file = "plugin file " + path + " refused: ";

    if (!Poco::File(path).canRead()) {
        refuse(plugin, "RTP0001 " + file + "it is not readable by this process; expected a readable "
                       "shared library: fix its permissions or remove it from plugins.directory");
        return;
    }
    // dlopen once ourselves for its error text; Boost.DLL then shares the handle.
    void* probe = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (probe == nullptr) {
        const char* error = ::dlerror();
        refuse(plugin, "RTP0002 " + file + "found no loadable shared library (" +
                           (error ? std::string(error) : std::string("unknown error")) +
                           "); expected a plugin built for this platform: rebuild it or remove it from "
                           "plugins.directory");
        return;
    }
    plugin.library = std::make_shared<boost::dll::shared_library>(
        path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    ::dlclose(probe);

    if (!plugin.library->has("rotunda_plugin")) {
        refuse(plugin, "RTP0003 " + file + "found no symbol 'rotunda_plugin', expected the descriptor that "
                       "ROTUNDA_PLUGIN(...) defines: build it against the Rotunda plugin API or remove it "
                       "from plugins.directory");
        return;
    }
    const auto& descriptor = plugin.library->get<const rotunda_plugin_descriptor>("rotunda_plugin");
    if (descriptor.cookie != ROTUNDA_PLUGIN_COOKIE) {
        refuse(plugin, "RTP0004 " + file + "found cookie " + hex32(descriptor.cookie) + ", expected " +
                           hex32(ROTUNDA_PLUGIN_COOKIE) +
                           "; this is not a Rotunda plugin: remove it from plugins.directory");
        return;
    }
    const std::string found = std::to_string(descriptor.abiMajor) + "." + std::to_string(descriptor.abiMinor);
    const std::string server = std::to_string(identity_.abiMajor) + "." + std::to_string(identity_.abiMinor);
    if (descriptor.abiMajor != identity_.abiMajor) {
        refuse(plugin, "RTP0005 " + file + "found plugin ABI " + found + ", expected major version " +
                           std::to_string(identity_.abiMajor) + " (this server implements " + server +
                           "); rebuild the plugin against this server's plugin API");
        return;
    }
    if (descriptor.abiMinor > identity_.abiMinor) {
        refuse(plugin, "RTP0006 " + file + "found plugin ABI " + found + ", expected minor version at most " +
                           std::to_string(identity_.abiMinor) + " (this server implements " + server +
                           "); upgrade Rotunda or rebuild the plugin against this server's plugin API");
        return;
    }
    if (descriptor.structSize < kRequiredDescriptorSize) {
        refuse(plugin, "RTP0007 " + file + "found a descriptor of " + std::to_string(descriptor.structSize) +
                           " bytes, expected at least " + std::to_string(kRequiredDescriptorSize) +
                           "; rebuild the plugin against this server's plugin API");
        return;
    }
    const std::string fingerprint = descriptor.buildFingerprint ? descriptor.buildFingerprint : "";
    if (fingerprint != identity_.fingerprint) {
        refuse(plugin, "RTP0008 " + file + "found build fingerprint '" + fingerprint + "', expected '" +
                           identity_.fingerprint +
                           "'; rebuild the plugin with the same compiler family and standard library as "
                           "this server");
        return;
    }
    if (!isValidId(descriptor.id)) {
        refuse(plugin, "RTP0009 " + file + "found id '" + std::string(descriptor.id ? descriptor.id : "") +
                           "', expected 1 to 64 characters of a-z, 0-9 and '-'; fix the plugin's ROTUNDA_PLUGIN id");
        return;
    }
    const std::string id = descriptor.id;
    for (const auto& other : plugins_) {
        if (other.get() != &plugin && other->record.id == id) {
            refuse(plugin, "RTP0010 " + file + "found id '" + id + "', expected a unique id, but " +
                               other->record.file + " already has it; remove one of the two files");
            return;
        }
    }
    plugin.record.id = id;
    plugin.record.version = descriptor.version ? descriptor.version : "";
    plugin.record.description = descriptor.description ? descriptor.description : "";
    plugin.record.abiMajor = descriptor.abiMajor;
    plugin.record.abiMinor = descriptor.abiMinor;
    plugin.record.enabled = app::readBool(config_, "plugins." + id + ".enabled", false);
    plugin.record.required = app::readBool(config_, "plugins." + id + ".required", false);
    callTimeoutMs_[id] = static_cast<long>(app::readInt(config_, "plugins." + id + ".callTimeoutMs", 5000, 1, 600000));
    linkByEmail_[id] = app::readBool(config_, "plugins." + id + ".linkByEmail", false);
    passwordChangeUrl_[id] = app::readString(config_, "plugins." + id + ".passwordChangeUrl", "");
    activate(plugin);
}

void PluginHost::activate(Plugin& plugin) {
    const std::string& id = plugin.record.id;
    const std::string who = "plugin '" + id + "' (" + plugin.record.file + ") refused: ";
    const auto& descriptor = plugin.library->get<const rotunda_plugin_descriptor>("rotunda_plugin");

    plugin.registration = std::make_unique<Registration>();
    try {
        if (descriptor.registerComponents == nullptr) throw std::runtime_error("registerComponents is null");
        descriptor.registerComponents(*plugin.registration);
    } catch (const std::exception& e) {
        refuse(plugin, "RTP0011 " + who + "its registration threw: " + e.what() +
                           "; expected it to register without error: fix the plugin or remove it");
        return;
    } catch (...) {
        refuse(plugin, "RTP0011 " + who + "its registration threw a non-standard exception; expected it to "
                       "register without error: fix the plugin or remove it");
        return;
    }
    plugin.record.extensionPoints = plugin.registration->extensionPoints();
    plugin.record.config = plugin.registration->properties;

    if (!plugin.record.enabled) {
        plugin.record.state = PluginState::Disabled;
        hostLog().information("RTP0030 plugin '" + id + "' " + plugin.record.version + " from " + plugin.record.file +
                              " is present but not enabled (plugins." + id + ".enabled = true enables it)");
        return;
    }

    std::map<std::string, std::string> values;
    for (const plugin::ConfigProperty& property : plugin.record.config) {
        const std::string key = "plugins." + id + "." + property.name;
        std::string value = config_.has(key) ? Poco::trim(config_.getRawString(key)) : property.defaultValue;
        if (value.empty()) {
            if (property.required) {
                refuse(plugin, "RTP0012 " + who + "configuration key " + key + " is missing, expected " +
                                   typeName(property.type) + " (" + property.label +
                                   "); set it in plugins.d/" + id + ".properties");
                return;
            }
        } else if (!normalise(property.type, value)) {
            refuse(plugin, "RTP0013 " + who + "configuration key " + key + " has value '" +
                               app::displayValue(property.secret ? "secret" : key, value) + "', expected " +
                               typeName(property.type) + "; correct it in plugins.d/" + id + ".properties");
            return;
        }
        values[property.name] = value;
    }

    const std::string dataDirectory = Poco::Path(dataDirectory_).makeDirectory().pushDirectory(id).toString();
    plugin.context = std::make_unique<Context>(id, plugin::ConfigValues(values), dataDirectory,
                                               identity_.serverVersion, callTimeoutMs_[id]);
    if (!createComponents_) {
        plugin.record.state = PluginState::Loaded;
        return;
    }
    try {
        Poco::File(dataDirectory).createDirectories();
    } catch (const Poco::Exception& e) {
        refuse(plugin, "RTP0014 " + who + "cannot create its data directory " + dataDirectory + " (" + e.message() +
                           "); expected a writable plugins.dataDirectory");
        return;
    }

    // All of a plugin's components or none: they are made into a batch first and
    // only join the host once every factory has succeeded. Each holds the library,
    // so it stays loaded as long as any of its components lives.
    struct Batch {
        decltype(passwordAuthenticators_) passwordAuthenticators;
        decltype(redirectAuthenticators_) redirectAuthenticators;
        decltype(documentStores_) documentStores;
        decltype(credentialCheckers_) credentialCheckers;
        decltype(stepTypes_) stepTypes;
    } batch;
    auto create = [&](auto& factories, auto& into) -> bool {
        using Component = typename std::decay_t<decltype(into)>::value_type::element_type;
        for (auto& [name, factory] : factories) {
            try {
                std::unique_ptr<Component> component = factory(*plugin.context);
                if (!component) throw std::runtime_error("the factory returned nothing");
                auto library = plugin.library;
                into.push_back({id, name, std::shared_ptr<Component>(component.release(), [library](Component* c) {
                                    delete c;
                                })});
            } catch (const std::exception& e) {
                refuse(plugin, "RTP0015 " + who + "creating component '" + name + "' threw: " + e.what() +
                                   "; check its configuration (rotunda-admin plugins) and the plugin." + id + " log");
                return false;
            }
        }
        return true;
    };
    if (!create(plugin.registration->passwordAuthenticators, batch.passwordAuthenticators) ||
        !create(plugin.registration->redirectAuthenticators, batch.redirectAuthenticators) ||
        !create(plugin.registration->documentStores, batch.documentStores) ||
        !create(plugin.registration->credentialCheckers, batch.credentialCheckers) ||
        !create(plugin.registration->stepTypes, batch.stepTypes))
        return;
    auto adopt = [](auto& from, auto& into) {
        for (auto& component : from) into.push_back(std::move(component));
    };
    adopt(batch.passwordAuthenticators, passwordAuthenticators_);
    adopt(batch.redirectAuthenticators, redirectAuthenticators_);
    adopt(batch.documentStores, documentStores_);
    adopt(batch.credentialCheckers, credentialCheckers_);
    adopt(batch.stepTypes, stepTypes_);

    plugin.record.state = PluginState::Loaded;
    hostLog().information("RTP0031 plugin '" + id + "' " + plugin.record.version + " loaded from " +
                          plugin.record.file + " (" + std::to_string(plugin.record.extensionPoints.size()) +
                          " component(s))");
}

std::vector<PluginRecord> PluginHost::records() const {
    std::vector<PluginRecord> records;
    for (const auto& plugin : plugins_) records.push_back(plugin->record);
    return records;
}

bool PluginHost::linksByEmail(const std::string& pluginId) const {
    const auto found = linkByEmail_.find(pluginId);
    return found != linkByEmail_.end() && found->second;
}

std::string PluginHost::passwordChangeUrl(const std::string& pluginId) const {
    const auto found = passwordChangeUrl_.find(pluginId);
    return found == passwordChangeUrl_.end() ? std::string() : found->second;
}

plugin::Diagnosis PluginHost::diagnose(const LoadedComponent<plugin::PasswordAuthenticator>& authenticator,
                                       const std::string& username) {
    for (const auto& plugin : plugins_) {
        if (plugin->record.id != authenticator.pluginId || plugin->record.state != PluginState::Loaded) continue;
        if (hasDiagnose(plugin->record.abiMajor, plugin->record.abiMinor)) break;
        const PluginRecord& record = plugin->record;
        plugin::Diagnosis diagnosis = plugin::noDiagnostics("authenticator");
        diagnosis.summary = "plugin '" + record.id + "' " + record.version + " was built against plugin API " +
                            std::to_string(record.abiMajor) + "." + std::to_string(record.abiMinor) +
                            ", before diagnostics (1.1); rebuild it against this server's plugin API (" +
                            std::to_string(identity_.abiMajor) + "." + std::to_string(identity_.abiMinor) +
                            ") to use them";
        return diagnosis;
    }
    return guard(authenticator.pluginId, "diagnose", [&] { return authenticator.component->diagnose(username); });
}

std::vector<std::pair<std::string, std::string>> PluginHost::recordStep(
    const LoadedComponent<plugin::StepType>& stepType, const plugin::StepSubmission& submission,
    const plugin::ConfigValues& settings) {
    for (const auto& plugin : plugins_) {
        if (plugin->record.id != stepType.pluginId || plugin->record.state != PluginState::Loaded) continue;
        if (!hasStepRecord(plugin->record.abiMajor, plugin->record.abiMinor)) return {};
        break;
    }
    return guard(stepType.pluginId, "record", [&] { return stepType.component->record(submission, settings); });
}

std::vector<std::pair<std::string, std::string>> PluginHost::checkStepSettings(
    const LoadedComponent<plugin::StepType>& stepType, const plugin::ConfigValues& settings) {
    for (const auto& plugin : plugins_) {
        if (plugin->record.id != stepType.pluginId || plugin->record.state != PluginState::Loaded) continue;
        if (!hasStepRecord(plugin->record.abiMajor, plugin->record.abiMinor)) return {};
        break;
    }
    return guard(stepType.pluginId, "checkSettings", [&] { return stepType.component->checkSettings(settings); });
}

void PluginHost::finishCall(const std::string& pluginId, const std::string& operation,
                            std::chrono::steady_clock::time_point started, const std::string& error) {
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started).count();
    const auto budget = callTimeoutMs_.find(pluginId);
    const bool overran = budget != callTimeoutMs_.end() && elapsed > budget->second;
    metrics_.recordPluginCall(pluginId, operation, !error.empty() || overran);
    if (!error.empty())
        Poco::Logger::get("plugin." + pluginId).error("RTP0040 " + operation + " threw: " + error);
    else if (overran)
        Poco::Logger::get("plugin." + pluginId).warning(
            "RTP0041 " + operation + " took " + std::to_string(elapsed) + " ms, over its budget of " +
            std::to_string(budget->second) + " ms (plugins." + pluginId + ".callTimeoutMs)");
}

}  // namespace rotunda::plugins
