// HttpServer.h — the HTTP listener: limits, request ids, access log, metrics, problems.
#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "app/Metrics.h"
#include "http/Router.h"

namespace rotunda::http {

/// The http.* configuration, validated.
///
/// Poco serves each connection on one thread for as long as the client keeps it
/// alive, so maxThreads must exceed the keep-alive clients expected at once: the
/// defaults serve 64 idle keep-alive clients and still have threads for new ones.
struct HttpSettings {
    std::string host = "127.0.0.1";
    int port = 8080;       ///< 0: an ephemeral port (see HttpServer::port)
    int maxThreads = 128;  ///< connections served at once
    int maxQueued = 256;   ///< accepted connections waiting for a thread
    bool keepAlive = true;
    int keepAliveTimeoutSeconds = 5;  ///< idle time before a kept-alive connection closes
    int maxKeepAliveRequests = 1000;  ///< per connection; 0: unlimited
    int timeoutSeconds = 30;          ///< socket send/receive timeout
    std::uint64_t maxBodyBytes = 1024 * 1024;
    int shutdownGraceSeconds = 10;  ///< how long stop() waits for requests in flight

    /// Reads and validates every http.* key above (http.host, http.port,
    /// http.maxThreads, http.maxQueued, http.keepAlive, http.keepAliveTimeout,
    /// http.maxKeepAliveRequests, http.timeout, http.maxBodyBytes,
    /// http.shutdownGraceSeconds); absent keys keep their defaults.
    /// Throws app::ConfigError naming the key, the value and what is allowed.
    static HttpSettings fromConfiguration(const Poco::Util::AbstractConfiguration& config);
};

/// Serves a Router on Poco::Net::HTTPServer. Every response carries X-Request-Id
/// and security headers; every request is counted in Metrics under its route
/// pattern ("unmatched" when none) and written to the "http.access" log; every
/// error is application/problem+json.
class HttpServer {
public:
    /// The router and metrics must outlive the server. `afterUnsafeRequest`, when
    /// given, is called after every request whose method is not GET or HEAD has
    /// been answered (the server's read caches drop what it may have changed).
    HttpServer(const HttpSettings& settings, const Router& router, app::Metrics& metrics,
               std::function<void()> afterUnsafeRequest = {});
    /// Stops the server (see stop()).
    ~HttpServer();

    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds and starts accepting. Throws Poco::Net::NetException (for instance
    /// when the address is in use) and Poco::IllegalStateException when called twice.
    void start();

    /// Stops accepting, lets requests in flight finish within
    /// shutdownGraceSeconds, then closes every connection, including idle
    /// keep-alive ones. Returns once no handler runs any more. Safe to call twice.
    void stop();

    /// The bound port (the actual one when configured as 0); 0 before start().
    unsigned short port() const { return port_; }

    /// Requests currently inside a handler.
    int requestsInFlight() const;

    /// True once stop() has begun: requests still served close their connection.
    bool stopping() const;

    /// Shared between the server and its request handlers: what is in flight and
    /// whether the server is stopping.
    class Activity;

private:
    HttpSettings settings_;
    const Router& router_;
    app::Metrics& metrics_;
    std::shared_ptr<Activity> activity_;
    Poco::ThreadPool threads_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    unsigned short port_ = 0;
    bool stopped_ = false;
};

}  // namespace rotunda::http
