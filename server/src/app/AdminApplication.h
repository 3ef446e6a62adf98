// AdminApplication.h — rotunda-admin: operator commands that run beside (or instead of) rotundad.
#pragma once

#include <Poco/Util/Application.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace rotunda::app {

/// `rotunda-admin [--config FILE]... COMMAND [ARGS]`. Reads the same layered
/// configuration as rotundad. Each command lives in the room it belongs to and is
/// listed in the command table here.
class AdminApplication : public Poco::Util::Application {
public:
    AdminApplication();

    /// The command and its arguments, split off the command line by main() before
    /// option processing.
    void setCommand(std::vector<std::string> command) { command_ = std::move(command); }

protected:
    void defineOptions(Poco::Util::OptionSet& options) override;
    void handleOption(const std::string& name, const std::string& value) override;
    void initialize(Poco::Util::Application& self) override;
    int main(const std::vector<std::string>& args) override;

private:
    struct Command {
        std::string usage;
        std::string summary;
        std::function<int(const std::vector<std::string>& args)> run;
    };

    void printHelp() const;

    std::map<std::string, Command> commands_;
    std::vector<std::string> configFiles_;
    std::vector<std::string> command_;
    std::string configurationError_;
    bool stopAfterOptions_ = false;
};

}  // namespace rotunda::app
