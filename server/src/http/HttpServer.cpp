// HttpServer.cpp — the HTTP listener: limits, request ids, access log, metrics, problems.
#include "http/HttpServer.h"

#include "app/Settings.h"
#include "http/Problem.h"
#include "http/RequestContext.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/RandomStream.h>
#include <Poco/Thread.h>

#include <chrono>
#include <iomanip>
#include <sstream>

namespace rotunda::http {
namespace {

// An incoming X-Request-Id is kept (a proxy's id ties its log to ours) only when it
// is short and plain, so it cannot inject anything into logs or headers.
bool isSafeRequestId(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
            return false;
    return true;
}

std::string newRequestId() {
    unsigned char bytes[12];
    Poco::RandomInputStream().read(reinterpret_cast<char*>(bytes), sizeof bytes);
    std::ostringstream id;
    for (unsigned char byte : bytes) id << std::hex << std::setw(2) << std::setfill('0') << int(byte);
    return id.str();
}

std::string pathOf(const std::string& uri) {
    const std::string::size_type query = uri.find_first_of("?#");
    return query == std::string::npos ? uri : uri.substr(0, query);
}

class Dispatcher : public Poco::Net::HTTPRequestHandler {
public:
    Dispatcher(const Router& router, app::Metrics& metrics, std::uint64_t maxBodyBytes)
        : router_(router), metrics_(metrics), maxBodyBytes_(maxBodyBytes) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        const auto started = std::chrono::steady_clock::now();
        const std::string incomingId = request.get("X-Request-Id", "");
        const std::string requestId = isSafeRequestId(incomingId) ? incomingId : newRequestId();
        response.set("X-Request-Id", requestId);
        response.set("X-Content-Type-Options", "nosniff");
        response.set("X-Frame-Options", "DENY");
        response.set("Referrer-Policy", "no-referrer");
        response.set("Cache-Control", "no-store");

        const std::string path = pathOf(request.getURI());
        std::string routeName = "unmatched";
        RequestContext context(request, response, requestId, maxBodyBytes_);
        try {
            if (request.hasContentLength() &&
                static_cast<std::uint64_t>(request.getContentLength64()) > maxBodyBytes_)
                throw Problem::payloadTooLarge(maxBodyBytes_);
            const RouteMatch match = router_.match(request.getMethod(), path);
            if (match.route == nullptr) {
                if (match.allowed.empty())
                    throw Problem::notFound("no resource at " + path);
                std::string allow;
                for (const std::string& method : match.allowed) allow += (allow.empty() ? "" : ", ") + method;
                throw Problem::methodNotAllowed(allow);
            }
            routeName = match.route->pattern;
            context.setParams(match.params);
            match.route->handler(context);
            if (!context.sent()) throw std::logic_error("handler sent no response");
        } catch (const Problem& problem) {
            answer(response, problem, requestId);
        } catch (const std::exception& e) {
            Poco::Logger::get("http").error("RTH0003 request " + requestId + " " +
                                            request.getMethod() + " " + path +
                                            " failed: " + e.what());
            answer(response, Problem::internal(), requestId);
        }

        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const int status = static_cast<int>(response.getStatus());
        metrics_.recordRequest(request.getMethod(), routeName, status, seconds);
        Poco::Logger& access = Poco::Logger::get("http.access");
        if (access.information()) {
            std::ostringstream line;
            line << request.clientAddress().host().toString() << " \"" << request.getMethod() << ' '
                 << path << "\" " << status << ' ' << std::fixed << std::setprecision(2)
                 << seconds * 1000 << "ms rid=" << requestId;
            access.information(line.str());
        }
    }

private:
    static void answer(Poco::Net::HTTPServerResponse& response, const Problem& problem,
                       const std::string& requestId) {
        // A handler that failed after sending has nothing left to say on this connection.
        if (response.sent()) return;
        writeProblem(response, problem, requestId);
    }

    const Router& router_;
    app::Metrics& metrics_;
    std::uint64_t maxBodyBytes_;
};

class DispatcherFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    DispatcherFactory(const Router& router, app::Metrics& metrics, std::uint64_t maxBodyBytes)
        : router_(router), metrics_(metrics), maxBodyBytes_(maxBodyBytes) {}

    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new Dispatcher(router_, metrics_, maxBodyBytes_);
    }

private:
    const Router& router_;
    app::Metrics& metrics_;
    std::uint64_t maxBodyBytes_;
};

}  // namespace

HttpSettings HttpSettings::fromConfiguration(const Poco::Util::AbstractConfiguration& config) {
    HttpSettings s;
    s.host = app::readString(config, "http.host", s.host, true);
    s.port = static_cast<int>(app::readInt(config, "http.port", s.port, 0, 65535));
    s.maxThreads = static_cast<int>(app::readInt(config, "http.maxThreads", s.maxThreads, 2, 4096));
    s.maxQueued = static_cast<int>(app::readInt(config, "http.maxQueued", s.maxQueued, 1, 65536));
    s.keepAlive = app::readBool(config, "http.keepAlive", s.keepAlive);
    s.keepAliveTimeoutSeconds = static_cast<int>(
        app::readInt(config, "http.keepAliveTimeout", s.keepAliveTimeoutSeconds, 1, 3600));
    s.maxKeepAliveRequests = static_cast<int>(
        app::readInt(config, "http.maxKeepAliveRequests", s.maxKeepAliveRequests, 0, 1000000));
    s.timeoutSeconds = static_cast<int>(app::readInt(config, "http.timeout", s.timeoutSeconds, 1, 3600));
    s.maxBodyBytes = static_cast<std::uint64_t>(app::readInt(
        config, "http.maxBodyBytes", static_cast<std::int64_t>(s.maxBodyBytes), 1024,
        std::int64_t(1) << 40));
    s.shutdownGraceSeconds = static_cast<int>(
        app::readInt(config, "http.shutdownGraceSeconds", s.shutdownGraceSeconds, 0, 3600));
    try {
        Poco::Net::SocketAddress(s.host, static_cast<Poco::UInt16>(s.port));
    } catch (const Poco::Exception&) {
        throw app::ConfigError("http.host", s.host, "an IP address or a resolvable host name");
    }
    return s;
}

HttpServer::HttpServer(const HttpSettings& settings, const Router& router, app::Metrics& metrics)
    : settings_(settings),
      router_(router),
      metrics_(metrics),
      threads_("http", 2, settings.maxThreads, 60) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress(settings_.host, static_cast<Poco::UInt16>(settings_.port)),
                true);
    socket.listen(std::max(64, settings_.maxQueued));

    Poco::AutoPtr<Poco::Net::HTTPServerParams> params(new Poco::Net::HTTPServerParams);
    params->setMaxThreads(settings_.maxThreads);
    params->setMaxQueued(settings_.maxQueued);
    params->setKeepAlive(settings_.keepAlive);
    params->setKeepAliveTimeout(Poco::Timespan(settings_.keepAliveTimeoutSeconds, 0));
    params->setMaxKeepAliveRequests(settings_.maxKeepAliveRequests);
    params->setTimeout(Poco::Timespan(settings_.timeoutSeconds, 0));
    params->setServerName("Rotunda");

    server_ = std::make_unique<Poco::Net::HTTPServer>(
        new DispatcherFactory(router_, metrics_, settings_.maxBodyBytes), threads_, socket, params);
    server_->start();
}

void HttpServer::stop() {
    if (!server_ || stopped_) return;
    stopped_ = true;
    // Stop accepting; connections finish the request they are in and then close.
    server_->stopAll(false);
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(settings_.shutdownGraceSeconds);
    while (server_->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline)
        Poco::Thread::sleep(20);
    if (server_->currentConnections() > 0) {
        Poco::Logger::get("http").warning(
            "RTH0004 " + std::to_string(server_->currentConnections()) +
            " connection(s) still open after http.shutdownGraceSeconds; closing them");
        server_->stopAll(true);
    }
    threads_.joinAll();
}

unsigned short HttpServer::port() const { return server_ ? server_->port() : 0; }

}  // namespace rotunda::http
