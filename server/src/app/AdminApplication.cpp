// AdminApplication.cpp — rotunda-admin: operator commands.
#include "app/AdminApplication.h"

#include "app/ConfigurationLoader.h"
#include "app/DemoData.h"
#include "app/Settings.h"
#include "auth/AdminCommands.h"
#include "plugins/AuthenticatorDiagnosis.h"
#include "plugins/PluginReport.h"
#include "rotunda/BuildInfo.h"

#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>

#include <iostream>

namespace rotunda::app {

AdminApplication::AdminApplication() {
    setUnixOptions(true);
    commands_["demo-data"] = {"demo-data",
                              "fill a fresh database with a demo facility, two partner schools, their people, "
                              "steps, services, agreements and capacity; prints the demo accounts and their password",
                              [this](const std::vector<std::string>& args) {
                                  return runDemoDataCommand(config(), args, std::cout, std::cerr);
                              }};
    commands_["ldap"] = {"ldap test USER [--plugin ID]",
                         "load the installed ldap-auth plugin (or plugin ID) as rotundad would and ask it about "
                         "one user, without signing them in: each URL and its TLS, the service account, the user "
                         "search and the groups found",
                         [this](const std::vector<std::string>& args) {
                             return plugins::runAuthenticatorTest(config(), "ldap", "ldap-auth", args, std::cout,
                                                                  std::cerr);
                         }};
    commands_["plugins"] = {"plugins",
                            "list the plugin directory: id, version, extension points, enabled, "
                            "loaded or refused with the reason, configuration (secrets masked)",
                            [this](const std::vector<std::string>&) {
                                return plugins::printPluginReport(config(), std::cout);
                            }};
    commands_["users"] = {"users create-admin --email EMAIL --name NAME | merge --from B --into A [--dry-run]",
                          "create an administrator with a local password read from standard input "
                          "(break-glass account, usable without any plugin); merge duplicate account B into A",
                          [this](const std::vector<std::string>& args) {
                              return auth::runUsersCommand(config(), args, std::cin, std::cout, std::cerr);
                          }};
    commands_["version"] = {"version", "print the version",
                            [](const std::vector<std::string>&) {
                                std::cout << "rotunda-admin " << build::kVersion << std::endl;
                                return 0;
                            }};
}

void AdminApplication::defineOptions(Poco::Util::OptionSet& options) {
    Application::defineOptions(options);
    ConfigurationLoader::defineOptions(options);
}

void AdminApplication::handleOption(const std::string& name, const std::string& value) {
    Application::handleOption(name, value);
    if (name == "help") {
        printHelp();
        stopAfterOptions_ = true;
        stopOptionsProcessing();
    } else if (name == "config") {
        configFiles_.push_back(value);
    }
}

void AdminApplication::printHelp() const {
    Poco::Util::HelpFormatter help(options());
    help.setCommand(commandName());
    help.setUsage("[--config FILE]... COMMAND [ARGS]");
    std::string footer = "Commands:\n";
    for (const auto& [name, command] : commands_)
        footer += "  " + command.usage + "\n      " + command.summary + "\n";
    help.setFooter(footer);
    help.format(std::cout);
}

void AdminApplication::initialize(Poco::Util::Application& self) {
    if (stopAfterOptions_) return;
    try {
        ConfigurationLoader loader;
        loader.load(config(), configFiles_);
    } catch (const ConfigError& e) {
        configurationError_ = e.what();
    }
    Application::initialize(self);
}

int AdminApplication::main(const std::vector<std::string>& unprocessed) {
    if (stopAfterOptions_) return EXIT_OK;
    std::vector<std::string> args = unprocessed;
    args.insert(args.end(), command_.begin(), command_.end());
    if (!configurationError_.empty()) {
        std::cerr << "rotunda-admin: " << configurationError_ << std::endl;
        return EXIT_CONFIG;
    }
    if (args.empty()) {
        printHelp();
        return EXIT_USAGE;
    }
    const auto command = commands_.find(args.front());
    if (command == commands_.end()) {
        std::cerr << "rotunda-admin: unknown command '" << args.front()
                  << "'; run rotunda-admin --help for the list" << std::endl;
        return EXIT_USAGE;
    }
    try {
        return command->second.run(std::vector<std::string>(args.begin() + 1, args.end()));
    } catch (const ConfigError& e) {
        std::cerr << "rotunda-admin: " << e.what() << std::endl;
        return EXIT_CONFIG;
    } catch (const std::exception& e) {
        std::cerr << "rotunda-admin: " << e.what() << std::endl;
        return EXIT_SOFTWARE;
    }
}

}  // namespace rotunda::app
