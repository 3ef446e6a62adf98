// ReadCache.h — answers of reads kept for a few seconds, dropped as soon as
// this process writes (docs/decisions/0019-read-caches.md).
//
// An entry is used only while the database's change count is the one it was
// read at and it is younger than the time to live: a write through this process
// (a write transaction, a request other than GET/HEAD, a background job's round)
// empties it at once; a write by another node or by rotunda-admin shows within
// the time to live. A time to live of zero turns the cache off.
#pragma once

#include "store/Database.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace rotunda::store {

template <typename Value>
class ReadCache {
public:
    ReadCache(Database& database, std::chrono::milliseconds timeToLive, std::size_t maxEntries)
        : database_(database), timeToLive_(timeToLive), maxEntries_(maxEntries) {}

    bool enabled() const { return timeToLive_.count() > 0 && maxEntries_ > 0; }

    /// The value kept under `key`, or `compute()`'s, kept for the next caller. One
    /// caller at a time computes a key: those who ask meanwhile wait for its answer
    /// (when it began after the last write they know of) instead of all reading
    /// the database at once. When only the time to live has run out, the others
    /// get the previous answer while one caller reads the new one. An exception
    /// from `compute` reaches its caller and is not kept.
    template <typename Compute>
    Value get(const std::string& key, Compute compute) {
        return get(key, compute, [](const Value&) { return true; });
    }

    /// As get(key, compute), keeping only answers `keep` accepts (a session that
    /// was found, not a token that matched nothing).
    template <typename Compute, typename Keep>
    Value get(const std::string& key, Compute compute, Keep keep) {
        if (!enabled()) return compute();
        if (auto fresh = find(key)) return std::move(*fresh);  // the common case, under a shared lock
        std::unique_lock<std::shared_mutex> lock(mutex_);
        std::uint64_t changes = 0;
        for (;;) {
            changes = database_.changes();
            Entry& entry = entries_[key];
            if (entry.value && entry.changes == changes) {
                if (Clock::now() - entry.stored < timeToLive_ || entry.computing) return *entry.value;
            } else if (entry.computing && entry.computingFrom == changes) {
                computed_.wait(lock);
                continue;
            }
            if (entry.computing) {  // computing from older data: read for ourselves
                lock.unlock();
                return compute();
            }
            entry.computing = true;
            entry.computingFrom = changes;
            break;
        }
        lock.unlock();
        std::optional<Value> value;
        try {
            value = compute();
        } catch (...) {
            finish(key, changes, std::nullopt);
            throw;
        }
        finish(key, changes, keep(*value) ? value : std::nullopt);
        return std::move(*value);
    }

    /// The value kept under `key`, if it is still current.
    std::optional<Value> find(const std::string& key) const {
        if (!enabled()) return std::nullopt;
        const std::uint64_t changes = database_.changes();
        const auto now = Clock::now();
        std::shared_lock<std::shared_mutex> reading(mutex_);
        const auto found = entries_.find(key);
        if (found == entries_.end() || !found->second.value || found->second.changes != changes ||
            now - found->second.stored >= timeToLive_)
            return std::nullopt;
        return found->second.value;
    }

    /// Forgets `key` (a signed-out session, say) before its time.
    void forget(const std::string& key) {
        std::unique_lock<std::shared_mutex> writing(mutex_);
        entries_.erase(key);
    }

private:
    using Clock = std::chrono::steady_clock;
    struct Entry {
        std::optional<Value> value;
        std::uint64_t changes = 0;
        Clock::time_point stored;
        bool computing = false;         ///< a caller of get() is reading it
        std::uint64_t computingFrom = 0;  ///< the change count that read began at
    };

    void finish(const std::string& key, std::uint64_t changesBefore, const std::optional<Value>& value) {
        {
            std::unique_lock<std::shared_mutex> writing(mutex_);
            Entry& entry = entries_[key];
            entry.computing = false;
            if (value && changesBefore == database_.changes()) {
                if (entries_.size() > maxEntries_) dropIdle();
                Entry& kept = entries_[key];
                kept.value = *value;
                kept.changes = changesBefore;
                kept.stored = Clock::now();
            }
        }
        computed_.notify_all();
    }

    /// Full: everything not being read goes (stale entries are most of it under
    /// writes, and a burst of distinct keys is over in seconds anyway).
    void dropIdle() {
        for (auto it = entries_.begin(); it != entries_.end();)
            it = it->second.computing ? std::next(it) : entries_.erase(it);
    }

    Database& database_;
    const std::chrono::milliseconds timeToLive_;
    const std::size_t maxEntries_;
    mutable std::shared_mutex mutex_;
    std::condition_variable_any computed_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace rotunda::store
