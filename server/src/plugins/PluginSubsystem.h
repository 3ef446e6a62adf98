// PluginSubsystem.h — loads the plugin directory at start-up and reports each plugin's state.
#pragma once

#include "app/Health.h"
#include "app/Metrics.h"
#include "plugins/PluginHost.h"

#include <Poco/Util/Subsystem.h>

#include <memory>

namespace rotunda::plugins {

/// Third subsystem. A refused plugin is disabled and reported; start-up stops
/// only for one marked plugins.<id>.required = true.
class PluginSubsystem : public Poco::Util::Subsystem, public app::HealthSource {
public:
    explicit PluginSubsystem(app::Metrics& metrics) : metrics_(metrics) {}

    const char* name() const override { return "rotunda.plugins"; }

    /// The host; only valid after initialisation.
    PluginHost& host();

    /// One component "plugin:<id>" per file (its file name when refused before its
    /// id was read): ok, disabled or refused with the reason; a loaded plugin whose
    /// components report a problem is "failed".
    std::vector<app::ComponentHealth> health() const override;

protected:
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;

private:
    app::Metrics& metrics_;
    std::unique_ptr<PluginHost> host_;
};

}  // namespace rotunda::plugins
