// HttpTestSupport.h — a real HttpServer on an ephemeral loopback port, and a raw HTTP client.
#pragma once

#include <Poco/Channel.h>
#include <Poco/Net/StreamSocket.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/Metrics.h"
#include "http/HttpServer.h"
#include "http/Router.h"

namespace rotunda::test {

/// Settings for a test server: loopback, ephemeral port, otherwise the defaults.
http::HttpSettings loopbackSettings();

/// A started HttpServer serving `router`; stopped on destruction.
class RunningServer {
public:
    explicit RunningServer(const http::Router& router,
                           const http::HttpSettings& settings = loopbackSettings());
    ~RunningServer();

    unsigned short port() const { return server_->port(); }
    http::HttpServer& server() { return *server_; }
    app::Metrics& metrics() { return metrics_; }

private:
    app::Metrics metrics_;
    std::unique_ptr<http::HttpServer> server_;
};

/// One parsed response. Header names are lower-cased.
struct RawResponse {
    int status = 0;
    std::map<std::string, std::string> headers;
    std::string body;

    /// The header's value, or "" when absent.
    std::string header(const std::string& name) const;
};

/// A client connection that writes bytes exactly as given, so that tests control
/// what the server sees (no body, a lying Content-Length, chunks …).
class RawClient {
public:
    /// Connects to 127.0.0.1:`port`; reads time out after 10 s so a failing server
    /// fails the test instead of hanging it.
    explicit RawClient(unsigned short port);

    /// Sends raw bytes.
    void send(const std::string& bytes);
    /// Reads one response; `head` when it answers a HEAD request (no body follows).
    RawResponse read(bool head = false);
    /// send() then read().
    RawResponse exchange(const std::string& request, bool head = false);
    /// True when the server has closed the connection (reads end of stream).
    bool closedByServer();

private:
    std::string readLine();
    std::string readExactly(std::size_t size);
    bool fill();

    Poco::Net::StreamSocket socket_;
    std::string buffer_;
};

/// A request line plus headers plus body, as HTTP/1.1 text with Host and Content-Length.
std::string httpRequest(const std::string& method, const std::string& target,
                        const std::string& body = "", const std::vector<std::string>& headers = {});

/// Collects the messages logged to a channel, for asserting on log lines.
class CapturingChannel : public Poco::Channel {
public:
    void log(const Poco::Message& message) override;
    /// Every message text so far.
    std::vector<std::string> messages() const;

private:
    mutable std::mutex mutex_;
    std::vector<std::string> messages_;
};

}  // namespace rotunda::test
