// Metrics.h — in-process counters and histograms rendered as Prometheus text.
//
// Poco 1.11 has no Prometheus module; this is the small part of it Rotunda needs.
// All members are thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace rotunda::app {

class Metrics {
public:
    /// Upper bounds, in seconds, of the request latency histogram buckets.
    static constexpr std::array<double, 12> kLatencyBuckets = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0};

    /// Counts one served request. `route` is the route pattern ("/api/v1/items/{id}"),
    /// never the raw path, so that cardinality stays bounded.
    void recordRequest(const std::string& method, const std::string& route, int status,
                       double seconds);

    /// Counts one call into a plugin; `failed` when it threw, timed out or reported a fault.
    void recordPluginCall(const std::string& pluginId, const std::string& operation, bool failed);

    /// The whole registry in Prometheus text exposition format 0.0.4.
    std::string renderPrometheus() const;

private:
    struct Histogram {
        std::array<std::uint64_t, kLatencyBuckets.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    struct PluginCounts {
        std::uint64_t calls = 0;
        std::uint64_t failures = 0;
    };

    mutable std::mutex mutex_;
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
    std::map<std::string, Histogram> latencyByRoute_;
    std::map<std::pair<std::string, std::string>, PluginCounts> pluginCalls_;
};

}  // namespace rotunda::app
