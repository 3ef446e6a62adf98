// bare-server.cpp — the baseline of tests/bench/http-baseline.sh: the least a Poco
// HTTP server can do to answer the same JSON as rotundad's GET /api/v1/version,
// with the same thread and keep-alive settings.
//
// Usage: bench-bare-server PORT MAX_THREADS
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/ServerApplication.h>

#include <iostream>
#include <vector>
#include <string>

namespace {

const std::string kBody = R"({"name":"rotunda","version":"0.1.0"})";

class VersionHandler : public Poco::Net::HTTPRequestHandler {
public:
    void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) override {
        response.setContentType("application/json");
        response.setContentLength(static_cast<std::streamsize>(kBody.size()));
        response.send() << kBody;
    }
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new VersionHandler;
    }
};

class BareServer : public Poco::Util::ServerApplication {
protected:
    int main(const std::vector<std::string>& args) override {
        if (args.size() != 2) {
            std::cerr << "usage: bench-bare-server PORT MAX_THREADS" << std::endl;
            return EXIT_USAGE;
        }
        const int threads = std::stoi(args[1]);
        Poco::ThreadPool pool("bare", 2, threads, 60);
        Poco::Net::ServerSocket socket;
        socket.bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(std::stoi(args[0]))), true, false);
        socket.listen(256);
        Poco::AutoPtr<Poco::Net::HTTPServerParams> params(new Poco::Net::HTTPServerParams);
        params->setMaxThreads(threads);
        params->setMaxQueued(256);
        params->setKeepAlive(true);
        params->setKeepAliveTimeout(Poco::Timespan(5, 0));
        params->setMaxKeepAliveRequests(1000);
        Poco::Net::HTTPServer server(new Factory, pool, socket, params);
        server.start();
        waitForTerminationRequest();
        server.stopAll(true);
        return EXIT_OK;
    }
};

}  // namespace

POCO_SERVER_MAIN(BareServer)
