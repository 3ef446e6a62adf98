// AuthenticatorDiagnosis.cpp — `rotunda-admin ldap test USER`: asks an installed
// authenticator plugin to explain whether a user could sign in.
//
// The command loads the plugin file rotundad would load, with rotundad's
// configuration, and calls PasswordAuthenticator::diagnose (plugin ABI 1.1): the
// server links no plugin's code, and what is tested is what is installed.
#include "plugins/AuthenticatorDiagnosis.h"

#include "app/EnvironmentConfiguration.h"
#include "app/Metrics.h"
#include "app/StartupError.h"
#include "plugins/PluginHost.h"

#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <algorithm>

namespace rotunda::plugins {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 64;
constexpr int kExitUnavailable = 69;
constexpr int kExitConfig = 78;

const char* levelLabel(plugin::FindingLevel level) {
    switch (level) {
        case plugin::FindingLevel::Info: return "info    ";
        case plugin::FindingLevel::Ok: return "ok      ";
        case plugin::FindingLevel::Warning: return "warning ";
        case plugin::FindingLevel::Error: return "error   ";
    }
    return "info    ";
}

const char* outcomeLabel(plugin::DiagnosisOutcome outcome) {
    switch (outcome) {
        case plugin::DiagnosisOutcome::Unsupported: return "unsupported";
        case plugin::DiagnosisOutcome::Ok: return "ok";
        case plugin::DiagnosisOutcome::NotFound: return "not found";
        case plugin::DiagnosisOutcome::Unavailable: return "unavailable";
        case plugin::DiagnosisOutcome::Misconfigured: return "misconfigured";
    }
    return "unknown";
}

int exitStatus(plugin::DiagnosisOutcome outcome) {
    switch (outcome) {
        case plugin::DiagnosisOutcome::Ok: return kExitOk;
        case plugin::DiagnosisOutcome::Unavailable: return kExitUnavailable;
        case plugin::DiagnosisOutcome::Misconfigured: return kExitConfig;
        case plugin::DiagnosisOutcome::NotFound:
        case plugin::DiagnosisOutcome::Unsupported: return kExitFailed;
    }
    return kExitFailed;
}

// The plugin's state, when it cannot be asked: what is wrong and what to do.
std::string notUsable(const PluginHost& host, const std::string& pluginId, const PluginRecord* record) {
    const std::string enabledKey = "plugins." + pluginId + ".enabled";
    if (record == nullptr)
        return "plugin '" + pluginId + "' is not in the plugin directory " + host.directory() +
               ": install its .so file there (or point plugins.directory at it), or name another plugin with "
               "--plugin ID";
    if (record->state == PluginState::Disabled)
        return "plugin '" + pluginId + "' (" + record->file + ") is installed but not enabled: set " + enabledKey +
               " = true in plugins.d/" + pluginId + ".properties (rotundad reads it at its next start), or try it " +
               "first with " + app::EnvironmentConfiguration::variableFor(enabledKey) +
               "=true in this command's environment";
    // A refusal line already names the plugin, what was found and what to do.
    return record->reason;
}

void printDiagnosis(const plugin::Diagnosis& diagnosis, std::ostream& out) {
    for (const plugin::Finding& finding : diagnosis.findings) out << levelLabel(finding.level) << finding.text << "\n";
    out << "result: " << outcomeLabel(diagnosis.outcome)
        << (diagnosis.summary.empty() ? "" : ": " + diagnosis.summary) << std::endl;
}

}  // namespace

int runAuthenticatorTest(const Poco::Util::AbstractConfiguration& config, const std::string& command,
                         const std::string& defaultPluginId, const std::vector<std::string>& args,
                         std::ostream& out, std::ostream& err) {
    const std::string usage = "usage: rotunda-admin " + command + " test USER [--plugin ID]";
    std::string pluginId = defaultPluginId;
    std::vector<std::string> users;
    bool valid = !args.empty() && args[0] == "test";
    for (std::size_t i = 1; valid && i < args.size(); ++i) {
        if (args[i] != "--plugin") users.push_back(args[i]);
        else if (i + 1 < args.size()) pluginId = args[++i];
        else valid = false;
    }
    if (!valid || users.size() != 1) {
        err << usage << std::endl;
        return kExitUsage;
    }
    const std::string& username = users.front();

    // What the host and the plugins log while loading is either printed below
    // (refusals, findings) or start-up chatter that would bury the findings.
    Poco::Logger::get("rotunda.plugins").setLevel(Poco::Message::PRIO_FATAL);
    // plugin.<id> loggers, created while loading, take the level of their parent.
    Poco::Logger::get("plugin").setLevel(Poco::Message::PRIO_FATAL);

    app::Metrics metrics;
    PluginHost host(config, metrics, HostIdentity(), true);
    try {
        host.loadAll();
    } catch (const app::StartupError&) {
        // A required plugin was refused or is missing: rotundad would stop, but the
        // plugin asked for may still be usable, and if it is the one, its record
        // says why below.
    }

    const std::vector<PluginRecord> records = host.records();
    const auto record = std::find_if(records.begin(), records.end(),
                                     [&](const PluginRecord& r) { return r.id == pluginId; });
    if (record == records.end() || record->state != PluginState::Loaded) {
        err << "rotunda-admin: "
            << notUsable(host, pluginId, record == records.end() ? nullptr : &*record) << std::endl;
        return kExitConfig;
    }

    std::vector<const LoadedComponent<plugin::PasswordAuthenticator>*> authenticators;
    for (const auto& loaded : host.passwordAuthenticators())
        if (loaded.pluginId == pluginId) authenticators.push_back(&loaded);
    if (authenticators.empty()) {
        err << "rotunda-admin: plugin '" << pluginId << "' has no password authenticator to test; "
            << "name one that provides PasswordAuthenticator (rotunda-admin plugins lists them) with --plugin ID"
            << std::endl;
        return kExitConfig;
    }

    int status = kExitOk;
    for (const auto* authenticator : authenticators) {
        out << "plugin " << pluginId << " " << record->version << " (" << record->file << "), authenticator '"
            << authenticator->name << "'" << std::endl;
        plugin::Diagnosis diagnosis;
        try {
            diagnosis = host.diagnose(*authenticator, username);
        } catch (const PluginCallError& e) {
            out << levelLabel(plugin::FindingLevel::Error) << e.what() << "\n"
                << "result: failed: the plugin's diagnose() threw; see the message above" << std::endl;
            status = status == kExitOk ? kExitFailed : status;
            continue;
        }
        printDiagnosis(diagnosis, out);
        if (status == kExitOk) status = exitStatus(diagnosis.outcome);
    }
    return status;
}

}  // namespace rotunda::plugins
