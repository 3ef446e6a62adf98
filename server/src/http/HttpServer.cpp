// HttpServer.cpp — the HTTP listener: limits, request ids, access log, metrics, problems.
#include "http/HttpServer.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/RandomStream.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <condition_variable>
#include <iomanip>
#include <mutex>
#include <sstream>

#include "app/Settings.h"
#include "http/Problem.h"
#include "http/RequestContext.h"

namespace rotunda::http {

class HttpServer::Activity {
public:
    explicit Activity(std::function<void()> afterUnsafeRequest) : afterUnsafeRequest_(std::move(afterUnsafeRequest)) {}

    /// After a request other than GET/HEAD (it may have written).
    void unsafeRequestDone() const {
        if (afterUnsafeRequest_) afterUnsafeRequest_();
    }

    void enter() {
        std::lock_guard<std::mutex> lock(mutex_);
        ++inFlight_;
    }

    void leave() {
        std::lock_guard<std::mutex> lock(mutex_);
        --inFlight_;
        idle_.notify_all();
    }

    /// True when nothing was in flight before the deadline.
    bool waitUntilIdle(std::chrono::steady_clock::time_point deadline) {
        std::unique_lock<std::mutex> lock(mutex_);
        return idle_.wait_until(lock, deadline, [this] { return inFlight_ == 0; });
    }

    int inFlight() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return inFlight_;
    }

    void setStopping() {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }

    bool stopping() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return stopping_;
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable idle_;
    int inFlight_ = 0;
    bool stopping_ = false;
    const std::function<void()> afterUnsafeRequest_;
};

namespace {

// An incoming X-Request-Id is kept (a proxy's id ties its log to ours) only when it
// is short and plain, so it cannot inject anything into logs or headers.
bool isSafeRequestId(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

// Request ids need to be unique, not secret: a per-thread generator seeded once
// from the system's entropy avoids a read of /dev/urandom on every request.
std::string newRequestId() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    static const char* digits = "0123456789abcdef";
    std::string id(24, '0');
    for (int half = 0; half < 2; ++half) {
        std::uint64_t bits = generator();
        for (int i = 0; i < 12; ++i, bits >>= 4) id[half * 12 + i] = digits[bits & 0xF];
    }
    return id;
}

// A path whose route takes a {token} parameter (a secret URL such as a calendar
// feed) is logged as the route's pattern: the token is the credential.
std::string loggedPath(const std::string& path, const std::string& routePattern) {
    return routePattern.find("{token}") == std::string::npos ? path : routePattern;
}

// The access log and metrics never see the query string: it may carry tokens.
std::string pathOf(const std::string& uri) {
    const std::string::size_type query = uri.find_first_of("?#");
    return query == std::string::npos ? uri : uri.substr(0, query);
}

// Method names come from the client; metrics labels must stay a small fixed set.
std::string metricMethod(const std::string& method) {
    static const char* const known[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
    for (const char* name : known)
        if (method == name) return method;
    return "OTHER";
}

// Keeps one access log line per request whatever bytes the client sent.
std::string printable(const std::string& text) {
    std::string result = text;
    for (char& c : result)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
    return result;
}

class InFlight {
public:
    explicit InFlight(HttpServer::Activity& activity) : activity_(activity) { activity_.enter(); }
    ~InFlight() { activity_.leave(); }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;

private:
    HttpServer::Activity& activity_;
};

class Dispatcher : public Poco::Net::HTTPRequestHandler {
public:
    /// `bodyLimit` is the matched route's limit on the request body; `maxBodyBytes`
    /// the server's, which also bounds how much of an unread body is skipped.
    Dispatcher(const Router& router, app::Metrics& metrics, HttpServer::Activity& activity,
               std::uint64_t maxBodyBytes, std::uint64_t bodyLimit)
        : router_(router), metrics_(metrics), activity_(activity), maxBodyBytes_(maxBodyBytes),
          bodyLimit_(bodyLimit) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        const InFlight inFlight(activity_);
        const auto started = std::chrono::steady_clock::now();
        const std::string incomingId = request.get("X-Request-Id", "");
        const std::string requestId = isSafeRequestId(incomingId) ? incomingId : newRequestId();
        setCommonHeaders(response, requestId);
        // A server that is stopping finishes this request and then closes the connection.
        if (activity_.stopping()) response.setKeepAlive(false);

        const std::string path = pathOf(request.getURI());
        std::string routeName = "unmatched";
        RequestContext context(request, response, requestId, bodyLimit_);
        try {
            dispatch(context, path, routeName);
        } catch (const Problem& problem) {
            answer(response, problem, requestId);
        } catch (const Poco::Exception& e) {
            logFailure(request, loggedPath(path, routeName), requestId, e.displayText());
            answer(response, Problem::internal(), requestId);
        } catch (const std::exception& e) {
            logFailure(request, loggedPath(path, routeName), requestId, e.what());
            answer(response, Problem::internal(), requestId);
        } catch (...) {
            logFailure(request, loggedPath(path, routeName), requestId, "an exception of unknown type");
            answer(response, Problem::internal(), requestId);
        }
        discardUnreadBody(request, response);
        if (request.getMethod() != Poco::Net::HTTPRequest::HTTP_GET &&
            request.getMethod() != Poco::Net::HTTPRequest::HTTP_HEAD)
            activity_.unsafeRequestDone();

        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const int status = static_cast<int>(response.getStatus());
        metrics_.recordRequest(metricMethod(request.getMethod()), routeName, status, seconds);
        logAccess(request, response, loggedPath(path, routeName), status, seconds, requestId);
    }

private:
    void dispatch(RequestContext& context, const std::string& path, std::string& routeName) {
        Poco::Net::HTTPServerRequest& request = context.request();
        // Refused before any byte of the body is read (see DispatcherFactory).
        if (declaresBodyOver(request, bodyLimit_)) throw Problem::payloadTooLarge(bodyLimit_);
        const RouteMatch match = router_.match(request.getMethod(), path);
        if (match.route == nullptr) {
            if (match.allowed.empty()) throw Problem::notFound("no resource at " + path);
            std::string allow;
            for (const std::string& method : match.allowed)
                allow += (allow.empty() ? "" : ", ") + method;
            throw Problem::methodNotAllowed(allow);
        }
        routeName = match.route->pattern;
        context.setParams(match.params);
        match.route->handler(context);
        if (!context.sent())
            throw std::logic_error("the handler of " + routeName + " sent no response");
    }

    static void setCommonHeaders(Poco::Net::HTTPServerResponse& response,
                                 const std::string& requestId) {
        response.set("X-Request-Id", requestId);
        response.set("X-Content-Type-Options", "nosniff");
        response.set("X-Frame-Options", "DENY");
        response.set("Referrer-Policy", "no-referrer");
        // API answers are per user and never reusable; the web UI's routes relax both.
        response.set("Cache-Control", "no-store");
        response.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    }

    static void answer(Poco::Net::HTTPServerResponse& response, const Problem& problem,
                       const std::string& requestId) {
        // A handler that failed after sending has nothing left to say on this connection.
        if (response.sent()) {
            response.setKeepAlive(false);
            return;
        }
        try {
            writeProblem(response, problem, requestId);
        } catch (const std::exception&) {
            response.setKeepAlive(false);  // the client went away; nothing to tell it
        }
    }

    static void logFailure(const Poco::Net::HTTPServerRequest& request, const std::string& path,
                           const std::string& requestId, const std::string& what) {
        Poco::Logger::get("http").error("RTH0003 request " + requestId + " " +
                                        printable(request.getMethod()) + " " + printable(path) +
                                        " failed: " + what);
    }

    // Poco reads the next request from where this one's body stopped, so a body the
    // handler did not read is skipped (up to the limit) to keep the connection usable.
    // Poco's chunked stream reads a new chunk header after its end instead of
    // reporting the end again, so the end is read exactly once: eofbit marks it.
    void discardUnreadBody(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response) const {
        if (!response.getKeepAlive()) return;
        if (!request.hasContentLength() && !request.getChunkedTransferEncoding()) return;
        try {
            std::istream& stream = request.stream();
            if (stream.eof()) return;
            std::streambuf& body = *stream.rdbuf();
            char buffer[8192];
            std::uint64_t discarded = 0;
            for (;;) {
                const std::streamsize n = body.sgetn(buffer, sizeof buffer);
                discarded += static_cast<std::uint64_t>(n);
                if (discarded > maxBodyBytes_) {
                    response.setKeepAlive(false);
                    return;
                }
                if (n < static_cast<std::streamsize>(sizeof buffer)) break;
            }
            stream.setstate(std::ios::eofbit);
        } catch (const std::exception&) {
            response.setKeepAlive(false);
        }
    }

    static void logAccess(const Poco::Net::HTTPServerRequest& request,
                          const Poco::Net::HTTPServerResponse& response, const std::string& path,
                          int status, double seconds, const std::string& requestId) {
        // Logger::get takes a process-wide lock; the reference is stable, so look it up once.
        static Poco::Logger& access = Poco::Logger::get("http.access");
        if (!access.information()) return;
        const bool head = request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD;
        const std::streamsize length = response.getContentLength64();
        // Built by appending: an ostringstream per request costs more than the line.
        char milliseconds[32];
        std::snprintf(milliseconds, sizeof milliseconds, "%.2f", seconds * 1000);
        std::string line;
        line.reserve(160);
        line += request.clientAddress().host().toString();
        line += " \"";
        line += printable(request.getMethod());
        line += ' ';
        line += printable(path);
        line += "\" ";
        line += std::to_string(status);
        line += ' ';
        line += head ? std::string("0") : length >= 0 ? std::to_string(length) : std::string("-");
        line += ' ';
        line += milliseconds;
        line += "ms rid=";
        line += requestId;
        access.information(line);
    }

    const Router& router_;
    app::Metrics& metrics_;
    HttpServer::Activity& activity_;
    std::uint64_t maxBodyBytes_;
    std::uint64_t bodyLimit_;
};

class DispatcherFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    DispatcherFactory(const Router& router, app::Metrics& metrics,
                      std::shared_ptr<HttpServer::Activity> activity, std::uint64_t maxBodyBytes)
        : router_(router),
          metrics_(metrics),
          activity_(std::move(activity)),
          maxBodyBytes_(maxBodyBytes) {}

    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest& request) override {
        // Poco answers "Expect: 100-continue" itself, before the handler runs, while the
        // status is still 200: a body already known to be too large must not be invited.
        const std::uint64_t limit = bodyLimitOf(request);
        if (declaresBodyOver(request, limit))
            request.response().setStatus(Poco::Net::HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE);
        return new Dispatcher(router_, metrics_, *activity_, maxBodyBytes_, limit);
    }

private:
    // Routes that take uploads declare a larger limit than the server's.
    std::uint64_t bodyLimitOf(const Poco::Net::HTTPServerRequest& request) const {
        try {
            const RouteMatch match = router_.match(request.getMethod(), pathOf(request.getURI()));
            if (match.route != nullptr && match.route->maxBodyBytes > 0) return match.route->maxBodyBytes;
        } catch (const Problem&) {
            // an undecodable path gets its 400 from the dispatcher
        }
        return maxBodyBytes_;
    }

    const Router& router_;
    app::Metrics& metrics_;
    std::shared_ptr<HttpServer::Activity> activity_;
    std::uint64_t maxBodyBytes_;
};

int readIntSetting(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                   int defaultValue, int min, int max) {
    return static_cast<int>(app::readInt(config, key, defaultValue, min, max));
}

}  // namespace

HttpSettings HttpSettings::fromConfiguration(const Poco::Util::AbstractConfiguration& config) {
    HttpSettings s;
    s.host = app::readString(config, "http.host", s.host, true);
    s.port = readIntSetting(config, "http.port", s.port, 0, 65535);
    s.maxThreads = readIntSetting(config, "http.maxThreads", s.maxThreads, 2, 4096);
    s.maxQueued = readIntSetting(config, "http.maxQueued", s.maxQueued, 1, 65536);
    s.keepAlive = app::readBool(config, "http.keepAlive", s.keepAlive);
    s.keepAliveTimeoutSeconds =
        readIntSetting(config, "http.keepAliveTimeout", s.keepAliveTimeoutSeconds, 1, 3600);
    s.maxKeepAliveRequests =
        readIntSetting(config, "http.maxKeepAliveRequests", s.maxKeepAliveRequests, 0, 1000000);
    s.timeoutSeconds = readIntSetting(config, "http.timeout", s.timeoutSeconds, 1, 3600);
    s.maxBodyBytes = static_cast<std::uint64_t>(
        app::readInt(config, "http.maxBodyBytes", static_cast<std::int64_t>(s.maxBodyBytes), 1024,
                     std::int64_t(1) << 40));
    s.shutdownGraceSeconds =
        readIntSetting(config, "http.shutdownGraceSeconds", s.shutdownGraceSeconds, 0, 3600);
    try {
        Poco::Net::SocketAddress(s.host, static_cast<Poco::UInt16>(s.port));
    } catch (const Poco::Exception&) {
        throw app::ConfigError("http.host", s.host, "an IP address or a resolvable host name");
    }
    return s;
}

HttpServer::HttpServer(const HttpSettings& settings, const Router& router, app::Metrics& metrics,
                       std::function<void()> afterUnsafeRequest)
    : settings_(settings),
      router_(router),
      metrics_(metrics),
      activity_(std::make_shared<Activity>(std::move(afterUnsafeRequest))),
      threads_("http", 2, settings.maxThreads, 60) {}

HttpServer::~HttpServer() {
    stop();
}

void HttpServer::start() {
    if (server_) throw Poco::IllegalStateException("the HTTP server was started already");
    Poco::Net::ServerSocket socket;
    // SO_REUSEADDR lets a restarted server bind past TIME_WAIT; SO_REUSEPORT stays
    // off so that a second server on the same port fails instead of sharing it.
    socket.bind(Poco::Net::SocketAddress(settings_.host, static_cast<Poco::UInt16>(settings_.port)),
                true, false);
    socket.listen(std::max(64, settings_.maxQueued));
    port_ = socket.address().port();

    Poco::AutoPtr<Poco::Net::HTTPServerParams> params(new Poco::Net::HTTPServerParams);
    params->setMaxThreads(settings_.maxThreads);
    params->setMaxQueued(settings_.maxQueued);
    params->setKeepAlive(settings_.keepAlive);
    params->setKeepAliveTimeout(Poco::Timespan(settings_.keepAliveTimeoutSeconds, 0));
    params->setMaxKeepAliveRequests(settings_.maxKeepAliveRequests);
    params->setTimeout(Poco::Timespan(settings_.timeoutSeconds, 0));
    params->setServerName("Rotunda");

    server_ = std::make_unique<Poco::Net::HTTPServer>(
        new DispatcherFactory(router_, metrics_, activity_, settings_.maxBodyBytes), threads_,
        socket, params);
    server_->start();
}

void HttpServer::stop() {
    if (!server_ || stopped_) return;
    stopped_ = true;
    activity_->setStopping();
    // Stops accepting; connections already being served go on with their request.
    server_->stop();
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(settings_.shutdownGraceSeconds);
    if (!activity_->waitUntilIdle(deadline))
        Poco::Logger::get("http").warning(
            "RTH0004 " + std::to_string(activity_->inFlight()) +
            " request(s) still running after http.shutdownGraceSeconds (" +
            std::to_string(settings_.shutdownGraceSeconds) +
            " s); closing their connections. Raise http.shutdownGraceSeconds if requests are "
            "expected to take longer");
    // Shuts down every connection's socket, which also ends idle keep-alive waits.
    server_->stopAll(true);
    // Handlers reference the router and metrics: none may outlive this call.
    threads_.joinAll();
}

int HttpServer::requestsInFlight() const {
    return activity_->inFlight();
}

bool HttpServer::stopping() const {
    return activity_->stopping();
}

}  // namespace rotunda::http
