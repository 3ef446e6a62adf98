// EnvironmentConfiguration.h — ROTUNDA_* environment variables as a configuration layer.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <string>

namespace rotunda::app {

/// Answers a configuration key from the environment variable named after it:
/// "ROTUNDA_" followed by the key in upper case, with '.', '-' and camelCase
/// boundaries turned into '_' (http.maxThreads -> ROTUNDA_HTTP_MAX_THREADS,
/// plugins.ldap-auth.bindPassword -> ROTUNDA_PLUGINS_LDAP_AUTH_BIND_PASSWORD).
///
/// The layer is looked up key by key, so it overrides any key, including plugin
/// keys, without a list of known keys. It is read-only and enumerates nothing.
class EnvironmentConfiguration : public Poco::Util::AbstractConfiguration {
public:
    /// The environment variable that overrides `key`.
    static std::string variableFor(const std::string& key);

protected:
    bool getRaw(const std::string& key, std::string& value) const override;
    void setRaw(const std::string& key, const std::string& value) override;
    void enumerate(const std::string& key, Keys& range) const override;
};

}  // namespace rotunda::app
