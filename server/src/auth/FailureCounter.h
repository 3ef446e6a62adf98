// FailureCounter.h — lockout bookkeeping for sign-in names that have no account.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace rotunda::auth {

/// Counts failed sign-ins per name (an email without an account) and locks a
/// name on the same schedule as a real account, so lockout never tells an
/// attacker which emails have accounts (docs/decisions/0005). In memory, per
/// node, at most `capacity` names (the oldest forgotten first). Thread-safe.
class FailureCounter {
public:
    using Clock = std::chrono::steady_clock;

    FailureCounter(int threshold, int baseSeconds, std::size_t capacity = 100000);

    /// Seconds until `name` may try again; 0 when it is not locked.
    int lockedFor(const std::string& name, Clock::time_point now = Clock::now());
    /// Counts a failure; returns the seconds of the lock it starts (0: none).
    int recordFailure(const std::string& name, Clock::time_point now = Clock::now());

private:
    struct Entry {
        int failures = 0;
        Clock::time_point lockedUntil;
        Clock::time_point lastSeen;
    };
    void forgetOldest();

    int threshold_;
    int baseSeconds_;
    std::size_t capacity_;
    std::mutex mutex_;
    std::map<std::string, Entry> entries_;
};

}  // namespace rotunda::auth
