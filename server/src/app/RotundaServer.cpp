// RotundaServer.cpp — rotundad: the server application and its subsystems.
#include "app/RotundaServer.h"

#include "app/AgreementSubsystem.h"
#include "app/RotationSubsystem.h"
#include "app/ConfigurationLoader.h"
#include "app/ConfigurationSubsystem.h"
#include "app/HttpSubsystem.h"
#include "app/MessageMailSubsystem.h"
#include "app/RotationNoticeSubsystem.h"
#include "app/Settings.h"
#include "app/StartupError.h"
#include "mail/MailSubsystem.h"
#include "plugins/PluginSubsystem.h"
#include "rotunda/BuildInfo.h"
#include "store/DatabaseSubsystem.h"

#include <Poco/Logger.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/IntValidator.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>

#include <iostream>

namespace rotunda::app {

RotundaServer::RotundaServer() {
    setUnixOptions(true);
    // Subsystems are added in initialize(), once the configuration is loaded.
}

void RotundaServer::defineOptions(Poco::Util::OptionSet& options) {
    ServerApplication::defineOptions(options);
    options.addOption(Poco::Util::Option("version", "v", "print the version and exit"));
    ConfigurationLoader::defineOptions(options);
}

void RotundaServer::handleOption(const std::string& name, const std::string& value) {
    ServerApplication::handleOption(name, value);
    if (name == "help") {
        printHelp();
        stopAfterOptions_ = true;
        stopOptionsProcessing();
    } else if (name == "version") {
        std::cout << "rotundad " << build::kVersion << std::endl;
        stopAfterOptions_ = true;
        stopOptionsProcessing();
    } else if (name == "config") {
        configFiles_.push_back(value);
    }
}

void RotundaServer::printHelp() const {
    Poco::Util::HelpFormatter help(options());
    help.setCommand(commandName());
    help.setUsage("[--config FILE]...");
    help.setHeader(
        "Rotunda clinical rotations server. Configuration: conf/rotunda.properties (or "
        "/etc/rotunda/rotunda.properties), plugins.d/*.properties beside it, --config files, "
        "then ROTUNDA_* environment variables (http.port -> ROTUNDA_HTTP_PORT).");
    help.setFooter("Stops cleanly on SIGTERM or SIGINT, finishing requests in flight.");
    help.format(std::cout);
}

void RotundaServer::initialize(Poco::Util::Application& self) {
    if (stopAfterOptions_) return;
    Poco::Logger& log = Poco::Logger::get("rotunda");
    try {
        ConfigurationLoader loader;
        loader.load(config(), configFiles_);
        addSubsystem(new ConfigurationSubsystem(loader.loadedFiles()));
        addSubsystem(new store::DatabaseSubsystem);
        addSubsystem(new plugins::PluginSubsystem(metrics_));
        addSubsystem(new mail::MailSubsystem);
        addSubsystem(new AgreementSubsystem);
        addSubsystem(new RotationSubsystem);
        addSubsystem(new MessageMailSubsystem);
        addSubsystem(new RotationNoticeSubsystem);
        addSubsystem(new HttpSubsystem(metrics_));
        ServerApplication::initialize(self);
        initialized_ = true;
    } catch (const ConfigError& e) {
        log.fatal("RTS0001 start-up stopped: " + std::string(e.what()));
        startupFailure_ = EXIT_CONFIG;
    } catch (const StartupError& e) {
        log.fatal("RTS0002 start-up stopped: " + std::string(e.what()));
        startupFailure_ = EXIT_UNAVAILABLE;
    } catch (const Poco::Exception& e) {
        log.fatal("RTS0003 start-up stopped: " + e.displayText());
        startupFailure_ = EXIT_SOFTWARE;
    } catch (const std::exception& e) {
        log.fatal("RTS0003 start-up stopped: " + std::string(e.what()));
        startupFailure_ = EXIT_SOFTWARE;
    }
}

void RotundaServer::uninitialize() {
    if (stopAfterOptions_) return;
    // Subsystems uninitialise in reverse order and tolerate never having started.
    ServerApplication::uninitialize();
    // After a failed start-up Poco uninitialises nothing, and destroys subsystems
    // in the order they were added (the database first): the workers that use the
    // database stop here, newest first, before it goes.
    if (!initialized_) {
        for (auto it = subsystems().rbegin(); it != subsystems().rend(); ++it) {
            if (auto* agreements = dynamic_cast<AgreementSubsystem*>(it->get())) agreements->stop();
            if (auto* rotations = dynamic_cast<RotationSubsystem*>(it->get())) rotations->stop();
            if (auto* messageMail = dynamic_cast<MessageMailSubsystem*>(it->get())) messageMail->stop();
            if (auto* notices = dynamic_cast<RotationNoticeSubsystem*>(it->get())) notices->stop();
            if (auto* mail = dynamic_cast<mail::MailSubsystem*>(it->get())) mail->stop();
        }
    }
    if (initialized_) Poco::Logger::get("rotunda").information("RTS0005 rotundad stopped");
}

int RotundaServer::main(const std::vector<std::string>&) {
    if (stopAfterOptions_) return EXIT_OK;
    if (startupFailure_ != EXIT_OK) return startupFailure_;
    Poco::Logger::get("rotunda").information(std::string("RTS0004 rotundad ") + build::kVersion +
                                             " ready");
    waitForTerminationRequest();
    Poco::Logger::get("rotunda").information("RTS0006 termination requested; shutting down");
    return EXIT_OK;
}

}  // namespace rotunda::app
