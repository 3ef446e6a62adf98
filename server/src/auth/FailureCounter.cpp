// FailureCounter.cpp — lockout bookkeeping for sign-in names that have no account.
#include "auth/FailureCounter.h"

#include <algorithm>

namespace rotunda::auth {

FailureCounter::FailureCounter(int threshold, int baseSeconds, std::size_t capacity)
    : threshold_(threshold), baseSeconds_(baseSeconds), capacity_(std::max<std::size_t>(capacity, 1)) {}

int FailureCounter::lockedFor(const std::string& name, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = entries_.find(name);
    if (found == entries_.end() || found->second.lockedUntil <= now) return 0;
    return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(found->second.lockedUntil - now).count());
}

int FailureCounter::recordFailure(const std::string& name, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (entries_.size() >= capacity_ && entries_.find(name) == entries_.end()) forgetOldest();
    Entry& entry = entries_[name];
    entry.lastSeen = now;
    entry.failures += 1;
    if (entry.failures < threshold_) return 0;
    // The same schedule as a real account: the base delay, doubling, at most an hour.
    const int doublings = std::min(entry.failures - threshold_, 7);
    const int seconds = std::min(baseSeconds_ << doublings, 3600);
    entry.lockedUntil = now + std::chrono::seconds(seconds);
    return seconds;
}

void FailureCounter::forgetOldest() {
    auto oldest = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
        if (it->second.lastSeen < oldest->second.lastSeen) oldest = it;
    if (oldest != entries_.end()) entries_.erase(oldest);
}

}  // namespace rotunda::auth
