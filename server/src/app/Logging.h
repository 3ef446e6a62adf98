// Logging.h — the server's log set-up and the helpers every room uses to log safely.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <string>

namespace rotunda::app {

/// Configures the root logger from `log.level`, `log.file` (empty: console) and
/// `log.format`. Throws ConfigError for a bad value.
void configureLogging(const Poco::Util::AbstractConfiguration& config);

/// True for configuration keys whose values must never be printed or logged
/// (password, secret, token, key, credential in the last key segment).
bool isSecretKey(const std::string& key);

/// The value as it may be shown to an operator: "********" for secret keys.
std::string displayValue(const std::string& key, const std::string& value);

}  // namespace rotunda::app
