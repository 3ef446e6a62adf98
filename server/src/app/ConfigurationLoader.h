// ConfigurationLoader.h — assembles Rotunda's layered configuration.
#pragma once

#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/OptionSet.h>

#include <string>
#include <vector>

namespace rotunda::app {

/// Loads, lowest precedence first: the main file (the first that exists of
/// $ROTUNDA_CONFIG_DIR/rotunda.properties, ./conf/rotunda.properties,
/// /etc/rotunda/rotunda.properties), every plugins.d/*.properties beside it in
/// name order, the files given with --config in the order given, and the
/// ROTUNDA_* environment variables (EnvironmentConfiguration).
class ConfigurationLoader {
public:
    /// Adds the layers to `target`. Throws ConfigError naming a --config file
    /// that does not exist or cannot be parsed.
    void load(Poco::Util::LayeredConfiguration& target,
              const std::vector<std::string>& explicitFiles);

    /// Adds the options every Rotunda command has: --help and --config FILE (repeatable).
    static void defineOptions(Poco::Util::OptionSet& options);

    /// The files that were read, in the order they were layered, for the start-up log.
    const std::vector<std::string>& loadedFiles() const { return loadedFiles_; }

private:
    void addFile(Poco::Util::LayeredConfiguration& target, const std::string& path,
                 const std::string& origin, int priority);

    std::vector<std::string> loadedFiles_;
};

}  // namespace rotunda::app
