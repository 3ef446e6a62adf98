// bare-server.cpp — the baseline of tests/bench/http-baseline.sh: the least a Poco
// HTTPServer can do to answer GET with the same JSON as rotundad's /api/v1/version,
// with the same thread pool, queue and keep-alive settings. No routing, no logging,
// no headers beyond Poco's own: whatever rotundad costs above this is its overhead.
//
// Usage: bench-bare-server PORT MAX_THREADS MAX_QUEUED KEEP_ALIVE_SECONDS
//                          MAX_KEEP_ALIVE_REQUESTS TIMEOUT_SECONDS BODY
// Stops on SIGTERM or SIGINT.
#include <Poco/AutoPtr.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/NumberParser.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/ServerApplication.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

namespace {

/// Answers every request with the fixed JSON body.
class BodyHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit BodyHandler(const std::string& body) : body_(body) {}

    void handleRequest(Poco::Net::HTTPServerRequest&,
                       Poco::Net::HTTPServerResponse& response) override {
        response.setContentType("application/json");
        response.setContentLength(static_cast<std::streamsize>(body_.size()));
        response.send() << body_;
    }

private:
    const std::string& body_;
};

class BodyHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit BodyHandlerFactory(std::string body) : body_(std::move(body)) {}

    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new BodyHandler(body_);
    }

private:
    std::string body_;
};

class BareServer : public Poco::Util::ServerApplication {
protected:
    int main(const std::vector<std::string>& args) override {
        if (args.size() != 7) {
            std::cerr << "usage: bench-bare-server PORT MAX_THREADS MAX_QUEUED KEEP_ALIVE_SECONDS "
                         "MAX_KEEP_ALIVE_REQUESTS TIMEOUT_SECONDS BODY"
                      << std::endl;
            return EXIT_USAGE;
        }
        const int port = Poco::NumberParser::parse(args[0]);
        const int threads = Poco::NumberParser::parse(args[1]);
        const int queued = Poco::NumberParser::parse(args[2]);
        // The same pool shape and listen backlog as rotundad's HttpServer.
        Poco::ThreadPool pool("bare", 2, threads, 60);
        Poco::Net::ServerSocket socket;
        socket.bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), true,
                    false);
        socket.listen(std::max(64, queued));
        Poco::AutoPtr<Poco::Net::HTTPServerParams> params(new Poco::Net::HTTPServerParams);
        params->setMaxThreads(threads);
        params->setMaxQueued(queued);
        params->setKeepAlive(true);
        params->setKeepAliveTimeout(Poco::Timespan(Poco::NumberParser::parse(args[3]), 0));
        params->setMaxKeepAliveRequests(Poco::NumberParser::parse(args[4]));
        params->setTimeout(Poco::Timespan(Poco::NumberParser::parse(args[5]), 0));
        Poco::Net::HTTPServer server(new BodyHandlerFactory(args[6]), pool, socket, params);
        server.start();
        waitForTerminationRequest();
        server.stopAll(true);
        return EXIT_OK;
    }
};

}  // namespace

POCO_SERVER_MAIN(BareServer)
