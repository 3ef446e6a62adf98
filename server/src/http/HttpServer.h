// HttpServer.h — the HTTP listener: limits, request ids, access log, metrics, problems.
#pragma once

#include "app/Metrics.h"
#include "http/Router.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <cstdint>
#include <memory>
#include <string>

namespace rotunda::http {

/// The http.* configuration, validated.
struct HttpSettings {
    std::string host = "127.0.0.1";
    int port = 8080;                       ///< 0: an ephemeral port (see HttpServer::port)
    int maxThreads = 128;                  ///< above the keep-alive clients expected at once
    int maxQueued = 256;
    bool keepAlive = true;
    int keepAliveTimeoutSeconds = 5;
    int maxKeepAliveRequests = 1000;
    int timeoutSeconds = 30;
    std::uint64_t maxBodyBytes = 1024 * 1024;
    int shutdownGraceSeconds = 10;

    /// Reads and validates every http.* key; throws app::ConfigError.
    static HttpSettings fromConfiguration(const Poco::Util::AbstractConfiguration& config);
};

/// Serves a Router. Every response carries X-Request-Id and security headers;
/// every request is counted in Metrics under its route pattern and written to
/// the "http.access" log; every error is application/problem+json.
class HttpServer {
public:
    /// The router and metrics must outlive the server.
    HttpServer(const HttpSettings& settings, const Router& router, app::Metrics& metrics);
    ~HttpServer();

    /// Binds and starts accepting. Throws Poco::Net::NetException when the address is in use.
    void start();
    /// Stops accepting, lets requests in flight finish within the grace period,
    /// then closes what is left. Safe to call twice.
    void stop();
    /// The bound port.
    unsigned short port() const;

private:
    HttpSettings settings_;
    const Router& router_;
    app::Metrics& metrics_;
    Poco::ThreadPool threads_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    bool stopped_ = false;
};

}  // namespace rotunda::http
