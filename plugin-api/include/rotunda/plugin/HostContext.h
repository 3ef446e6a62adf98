// HostContext.h — what the server gives a plugin: its logger, configuration and directories.
#pragma once

#include "rotunda/plugin/Config.h"

#include <string>

namespace rotunda::plugin {

/// Log severity.
enum class LogLevel { Debug, Information, Warning, Error };

/// The logger named plugin.<id>. Thread-safe. Never log secrets or passwords.
class Logger {
public:
    virtual ~Logger() = default;
    virtual void log(LogLevel level, const std::string& message) = 0;

    void debug(const std::string& message) { log(LogLevel::Debug, message); }
    void information(const std::string& message) { log(LogLevel::Information, message); }
    void warning(const std::string& message) { log(LogLevel::Warning, message); }
    void error(const std::string& message) { log(LogLevel::Error, message); }
};

/// A component's own view of its health, shown in /health.
struct ComponentState {
    bool ok = true;
    std::string reason;  ///< empty when ok; otherwise what is wrong and what to check
};

/// Handed to every component factory (macchina.io's bundle context): everything
/// a plugin needs from the server, so it never reaches for globals. Lives as long
/// as the components it created.
class HostContext {
public:
    virtual ~HostContext() = default;
    /// The plugin's id, as in its descriptor.
    virtual const std::string& pluginId() const = 0;
    /// The logger named plugin.<id>.
    virtual Logger& logger() = 0;
    /// The validated configuration (plugins.<id>.*).
    virtual const ConfigValues& config() const = 0;
    /// A directory only this plugin writes to (created by the host).
    virtual const std::string& dataDirectory() const = 0;
    /// The server's version, e.g. "0.1.0".
    virtual const std::string& serverVersion() const = 0;
    /// Milliseconds one call into this plugin may take (plugins.<id>.callTimeoutMs).
    /// The host cannot interrupt a call: components pass this on as their own
    /// network and operation timeouts, and the host counts calls that overrun.
    virtual long callTimeoutMs() const = 0;
};

}  // namespace rotunda::plugin
