// RotundaServer.h — rotundad: the server application and its subsystems.
#pragma once

#include "app/Metrics.h"

#include <Poco/Util/ServerApplication.h>

#include <string>
#include <vector>

namespace rotunda::app {

/// The Rotunda server. Start-up reads as its list of subsystems, initialised in
/// this order and uninitialised in reverse: configuration (logging), database
/// (pool, migrations), plugins, mail, HTTP. SIGTERM/SIGINT stop the HTTP server
/// first, which finishes in-flight requests within http.shutdownGraceSeconds.
class RotundaServer : public Poco::Util::ServerApplication {
public:
    RotundaServer();

    /// Shared by every subsystem that counts something.
    Metrics& metrics() { return metrics_; }

protected:
    void defineOptions(Poco::Util::OptionSet& options) override;
    void handleOption(const std::string& name, const std::string& value) override;
    void initialize(Poco::Util::Application& self) override;
    void uninitialize() override;
    int main(const std::vector<std::string>& args) override;

private:
    void printHelp() const;

    Metrics metrics_;
    std::vector<std::string> configFiles_;
    bool stopAfterOptions_ = false;
    bool initialized_ = false;
    int startupFailure_ = EXIT_OK;
};

}  // namespace rotunda::app
