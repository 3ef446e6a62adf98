// PluginSubsystem.cpp — loads the plugin directory at start-up and reports each plugin's state.
#include "plugins/PluginSubsystem.h"

#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/Util/Application.h>

#include <stdexcept>

namespace rotunda::plugins {
namespace {

// Asks every component of `plugin` for its own state, through the guard.
template <class Component>
void collectComponentState(PluginHost& host, const std::vector<LoadedComponent<Component>>& components,
                           const std::string& pluginId, std::string& reason) {
    for (const auto& loaded : components) {
        if (loaded.pluginId != pluginId) continue;
        try {
            const plugin::ComponentState state =
                host.guard(pluginId, "health", [&] { return loaded.component->health(); });
            if (!state.ok) reason += (reason.empty() ? "" : "; ") + loaded.name + ": " + state.reason;
        } catch (const PluginCallError& e) {
            reason += (reason.empty() ? "" : "; ") + std::string(e.what());
        }
    }
}

}  // namespace

PluginHost& PluginSubsystem::host() {
    if (!host_) throw std::logic_error("the plugin subsystem is not initialised");
    return *host_;
}

void PluginSubsystem::initialize(Poco::Util::Application& app) {
    host_ = std::make_unique<PluginHost>(app.config(), metrics_);
    host_->loadAll();
    std::size_t loaded = 0, refused = 0, disabled = 0;
    for (const PluginRecord& record : host_->records()) {
        if (record.state == PluginState::Loaded) ++loaded;
        if (record.state == PluginState::Refused) ++refused;
        if (record.state == PluginState::Disabled) ++disabled;
    }
    Poco::Logger::get("rotunda.plugins").information(
        "RTP0032 plugins from " + host_->directory() + ": " + std::to_string(loaded) + " loaded, " +
        std::to_string(disabled) + " not enabled, " + std::to_string(refused) + " refused");
}

void PluginSubsystem::uninitialize() { host_.reset(); }

std::vector<app::ComponentHealth> PluginSubsystem::health() const {
    std::vector<app::ComponentHealth> components;
    if (!host_) return components;
    for (const PluginRecord& record : host_->records()) {
        app::ComponentHealth component;
        component.name = "plugin:" + (record.id.empty() ? Poco::Path(record.file).getFileName() : record.id);
        component.state = stateName(record.state);
        component.reason = record.reason;
        if (record.state == PluginState::Loaded) {
            std::string problems;
            collectComponentState(*host_, host_->passwordAuthenticators(), record.id, problems);
            collectComponentState(*host_, host_->redirectAuthenticators(), record.id, problems);
            collectComponentState(*host_, host_->documentStores(), record.id, problems);
            collectComponentState(*host_, host_->credentialCheckers(), record.id, problems);
            component.state = problems.empty() ? "ok" : "failed";
            component.reason = problems;
        }
        component.essential = false;
        components.push_back(component);
    }
    return components;
}

}  // namespace rotunda::plugins
