// Health.h — what each part of the server reports to /health.
#pragma once

#include <string>
#include <vector>

namespace rotunda::app {

/// State of one dependency or plugin as shown by /health and rotunda-admin.
struct ComponentHealth {
    std::string name;    ///< "database", "mail", "plugin:<id>" …
    std::string state;   ///< "ok", "disabled", "refused", "failed" or "unavailable"
    std::string reason;  ///< empty when ok; otherwise the operator-facing explanation
    bool essential = false;  ///< true when the server cannot serve without it (the database)
};

/// Implemented by every subsystem that has something to report.
class HealthSource {
public:
    virtual ~HealthSource() = default;
    /// Current state of this source's components; must not throw and must be quick.
    virtual std::vector<ComponentHealth> health() const = 0;
};

}  // namespace rotunda::app
