// ConfigurationSubsystem.h — first subsystem: logging and the record of what configured the server.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <string>
#include <vector>

namespace rotunda::app {

/// Sets up logging from the loaded configuration and logs which files it came from.
/// The configuration itself is layered by ConfigurationLoader before any subsystem
/// starts, so every later subsystem validates its own keys through Settings.h.
class ConfigurationSubsystem : public Poco::Util::Subsystem {
public:
    explicit ConfigurationSubsystem(std::vector<std::string> loadedFiles);

    const char* name() const override { return "rotunda.configuration"; }

protected:
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override {}

private:
    std::vector<std::string> loadedFiles_;
};

}  // namespace rotunda::app
