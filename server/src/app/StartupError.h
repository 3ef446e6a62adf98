// StartupError.h — a failure that must stop start-up with one operator-facing line.
#pragma once

#include <stdexcept>
#include <string>

namespace rotunda::app {

/// Thrown by a subsystem that cannot start (database unreachable, a failing migration,
/// a required plugin refused, the port in use). what() is the complete line to log.
class StartupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace rotunda::app
