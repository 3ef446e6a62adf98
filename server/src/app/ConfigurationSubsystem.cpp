// ConfigurationSubsystem.cpp — logging and the record of what configured the server.
#include "app/ConfigurationSubsystem.h"

#include "app/Logging.h"

#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/Util/Application.h>

namespace rotunda::app {

ConfigurationSubsystem::ConfigurationSubsystem(std::vector<std::string> loadedFiles)
    : loadedFiles_(std::move(loadedFiles)) {}

void ConfigurationSubsystem::initialize(Poco::Util::Application& app) {
    configureLogging(app.config());
    Poco::Logger& log = Poco::Logger::get("rotunda.config");
    if (loadedFiles_.empty())
        log.information("RTC0001 no configuration file found (looked for conf/rotunda.properties "
                        "and /etc/rotunda/rotunda.properties); running on built-in defaults");
    for (const std::string& file : loadedFiles_)
        log.information("RTC0002 configuration read from " + Poco::Path(file).absolute().toString());
}

}  // namespace rotunda::app
