// ConfigurationLoader.cpp — assembles Rotunda's layered configuration.
#include "app/ConfigurationLoader.h"

#include "app/EnvironmentConfiguration.h"
#include "app/Settings.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Glob.h>
#include <Poco/Path.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cstdlib>
#include <set>

namespace rotunda::app {
namespace {

// LayeredConfiguration consults the lowest priority number first.
constexpr int kEnvironmentPriority = -300;
constexpr int kExplicitFilesPriority = -200;  // minus the file's index: later --config wins
constexpr int kPluginFilesPriority = -100;    // minus the file's index
constexpr int kMainFilePriority = 0;

std::string findMainFile() {
    std::vector<std::string> candidates;
    if (const char* dir = std::getenv("ROTUNDA_CONFIG_DIR"))
        candidates.push_back(Poco::Path(std::string(dir)).append("rotunda.properties").toString());
    candidates.push_back("conf/rotunda.properties");
    candidates.push_back("/etc/rotunda/rotunda.properties");
    for (const std::string& candidate : candidates)
        if (Poco::File(candidate).exists()) return candidate;
    return "";
}

}  // namespace

void ConfigurationLoader::defineOptions(Poco::Util::OptionSet& options) {
    options.addOption(Poco::Util::Option("help", "h", "print this help and exit"));
    options.addOption(Poco::Util::Option("config", "c",
                                         "read FILE after conf/rotunda.properties; may be "
                                         "repeated, later files win")
                          .argument("FILE")
                          .repeatable(true));
}

void ConfigurationLoader::load(Poco::Util::LayeredConfiguration& target,
                               const std::vector<std::string>& explicitFiles) {
    target.add(new EnvironmentConfiguration, kEnvironmentPriority, false);

    const std::string mainFile = findMainFile();
    if (!mainFile.empty()) {
        addFile(target, mainFile, "main configuration file", kMainFilePriority);
        const Poco::Path pluginDir = Poco::Path(mainFile).parent().pushDirectory("plugins.d");
        std::set<std::string> pluginFiles;
        Poco::Glob::glob(Poco::Path(pluginDir).setFileName("*.properties").toString(), pluginFiles);
        int index = 0;
        for (const std::string& file : pluginFiles)
            addFile(target, file, "plugin configuration file", kPluginFilesPriority - index++);
    }

    int index = 0;
    for (const std::string& file : explicitFiles) {
        if (!Poco::File(file).exists())
            throw ConfigError("--config", file, "the path of an existing properties file");
        addFile(target, file, "--config file", kExplicitFilesPriority - index++);
    }
}

void ConfigurationLoader::addFile(Poco::Util::LayeredConfiguration& target, const std::string& path,
                                  const std::string& origin, int priority) {
    try {
        target.add(new Poco::Util::PropertyFileConfiguration(path), priority, false);
    } catch (const Poco::Exception& e) {
        throw ConfigError(origin, path, "a readable properties file (" + e.displayText() + ")");
    }
    loadedFiles_.push_back(path);
}

}  // namespace rotunda::app
