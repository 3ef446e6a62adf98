// Metrics.cpp — in-process counters and histograms rendered as Prometheus text.
#include "app/Metrics.h"

#include <sstream>

namespace rotunda::app {
namespace {

// Label values are escaped as the exposition format requires: \ " and newline.
std::string escapeLabel(const std::string& value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

}  // namespace

void Metrics::recordRequest(const std::string& method, const std::string& route, int status,
                            double seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++requests_[{method, route, status}];
    Histogram& histogram = latencyByRoute_[route];
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i)
        if (seconds <= kLatencyBuckets[i]) ++histogram.buckets[i];
    ++histogram.count;
    histogram.sum += seconds;
}

void Metrics::recordPluginCall(const std::string& pluginId, const std::string& operation,
                               bool failed) {
    std::lock_guard<std::mutex> lock(mutex_);
    PluginCounts& counts = pluginCalls_[{pluginId, operation}];
    ++counts.calls;
    if (failed) ++counts.failures;
}

std::string Metrics::renderPrometheus() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::ostringstream out;
    out << "# HELP rotunda_http_requests_total HTTP requests served, by route pattern and status.\n"
           "# TYPE rotunda_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
        const auto& [method, route, status] = key;
        out << "rotunda_http_requests_total{method=\"" << escapeLabel(method) << "\",route=\""
            << escapeLabel(route) << "\",status=\"" << status << "\"} " << count << '\n';
    }
    out << "# HELP rotunda_http_request_duration_seconds Time from request to response.\n"
           "# TYPE rotunda_http_request_duration_seconds histogram\n";
    for (const auto& [route, histogram] : latencyByRoute_) {
        const std::string label = "route=\"" + escapeLabel(route) + "\"";
        for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i)
            out << "rotunda_http_request_duration_seconds_bucket{" << label << ",le=\""
                << kLatencyBuckets[i] << "\"} " << histogram.buckets[i] << '\n';
        out << "rotunda_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} "
            << histogram.count << '\n'
            << "rotunda_http_request_duration_seconds_sum{" << label << "} " << histogram.sum
            << '\n'
            << "rotunda_http_request_duration_seconds_count{" << label << "} " << histogram.count
            << '\n';
    }
    out << "# HELP rotunda_plugin_calls_total Calls into plugins through the host guard.\n"
           "# TYPE rotunda_plugin_calls_total counter\n";
    for (const auto& [key, counts] : pluginCalls_)
        out << "rotunda_plugin_calls_total{plugin=\"" << escapeLabel(key.first)
            << "\",operation=\"" << escapeLabel(key.second) << "\"} " << counts.calls << '\n';
    out << "# HELP rotunda_plugin_failures_total Plugin calls that threw, timed out or failed.\n"
           "# TYPE rotunda_plugin_failures_total counter\n";
    for (const auto& [key, counts] : pluginCalls_)
        out << "rotunda_plugin_failures_total{plugin=\"" << escapeLabel(key.first)
            << "\",operation=\"" << escapeLabel(key.second) << "\"} " << counts.failures << '\n';
    return out.str();
}

}  // namespace rotunda::app
