// SystemRoutesTest.cpp — /health, /metrics, /api/v1/version and /api/v1/openapi.json
// served by a real HttpServer on a loopback port.
#include <Poco/JSON/Array.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <memory>

#include "TestSupport.h"
#include "api/Routes.h"
#include "api/SystemRoutes.h"
#include "api/WebRoutes.h"
#include "http/HttpServer.h"
#include "http/Json.h"
#include "http/RequestContext.h"
#include "rotunda/BuildInfo.h"

using rotunda::app::ComponentHealth;
using rotunda::http::NetworkList;
using rotunda::http::Router;

namespace {

class FixedHealth : public rotunda::app::HealthSource {
public:
    explicit FixedHealth(std::vector<ComponentHealth> components)
        : components_(std::move(components)) {}
    std::vector<ComponentHealth> health() const override { return components_; }

private:
    std::vector<ComponentHealth> components_;
};

struct Reply {
    int status = 0;
    std::string contentType;
    std::string body;
};

// A router with the system routes, served on an ephemeral loopback port.
class SystemServer {
public:
    SystemServer(std::vector<ComponentHealth> components, const std::string& observers)
        : health_(std::move(components)) {
        rotunda::api::registerRoutes(
            router_, rotunda::api::ApiContext{{&health_}, metrics_, NetworkList::parse(observers),
                                              rotunda::build::kWebDir, nullptr, nullptr, {}, nullptr, 2, {}});
        rotunda::http::HttpSettings settings;
        settings.port = 0;
        server_ = std::make_unique<rotunda::http::HttpServer>(settings, router_, metrics_);
        server_->start();
    }
    ~SystemServer() { server_->stop(); }

    Reply get(const std::string& target) {
        Poco::Net::HTTPClientSession session("127.0.0.1", server_->port());
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, target,
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        Reply reply;
        reply.status = static_cast<int>(response.getStatus());
        reply.contentType = response.getContentType();
        Poco::StreamCopier::copyToString(in, reply.body);
        return reply;
    }

    Router& router() { return router_; }

private:
    FixedHealth health_;
    rotunda::app::Metrics metrics_;
    Router router_;
    std::unique_ptr<rotunda::http::HttpServer> server_;
};

const std::string kLoopback = "127.0.0.0/8, ::1/128";
const std::string kElsewhere = "10.0.0.0/8";

ComponentHealth component(const std::string& name, const std::string& state,
                          const std::string& reason = "", bool essential = false) {
    return ComponentHealth{name, state, reason, essential};
}

}  // namespace

class SystemRoutesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SystemRoutesTest);
    CPPUNIT_TEST(testHealthyServerIsOkWithDetailsForObservers);
    CPPUNIT_TEST(testRefusedPluginDegradesButStillAnswers200);
    CPPUNIT_TEST(testEssentialComponentDownAnswers503);
    CPPUNIT_TEST(testClientsOutsideObserversSeeOnlyTheStatus);
    CPPUNIT_TEST(testMetricsAreServedToObserversAsPrometheusText);
    CPPUNIT_TEST(testMetricsAreForbiddenOutsideObservers);
    CPPUNIT_TEST(testVersionNamesTheBuild);
    CPPUNIT_TEST(testOpenApiDocumentListsEveryRoute);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHealthyServerIsOkWithDetailsForObservers() {
        SystemServer server(
            {component("database", "ok", "", true), component("plugin:ldap-auth", "ok"),
             component("plugin:fs-documents", "disabled", "not enabled")},
            kLoopback);
        const Reply reply = server.get("/health");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.contentType);
        const auto body = rotunda::http::parseJsonObject(reply.body);
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), body->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("ok"),
                             body->getObject("database")->getValue<std::string>("state"));
        const auto plugins = body->getArray("plugins");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), plugins->size());
        CPPUNIT_ASSERT_EQUAL(std::string("ldap-auth"),
                             plugins->getObject(0)->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("disabled"),
                             plugins->getObject(1)->getValue<std::string>("state"));
    }

    void testRefusedPluginDegradesButStillAnswers200() {
        const std::string reason = "libbad.so: ABI major 2, expected 1; rebuild the plugin";
        SystemServer server(
            {component("database", "ok", "", true), component("plugin:bad", "refused", reason)},
            kLoopback);
        const Reply reply = server.get("/health");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        const auto body = rotunda::http::parseJsonObject(reply.body);
        CPPUNIT_ASSERT_EQUAL(std::string("degraded"), body->getValue<std::string>("status"));
        const auto plugin = body->getArray("plugins")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("refused"), plugin->getValue<std::string>("state"));
        CPPUNIT_ASSERT_EQUAL(reason, plugin->getValue<std::string>("reason"));
    }

    void testEssentialComponentDownAnswers503() {
        SystemServer server({component("database", "unavailable", "connection refused", true)},
                            kLoopback);
        const Reply reply = server.get("/health");
        CPPUNIT_ASSERT_EQUAL(503, reply.status);
        const auto body = rotunda::http::parseJsonObject(reply.body);
        CPPUNIT_ASSERT_EQUAL(std::string("degraded"), body->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("connection refused"),
                             body->getObject("database")->getValue<std::string>("reason"));
    }

    void testClientsOutsideObserversSeeOnlyTheStatus() {
        SystemServer server({component("database", "ok", "", true),
                             component("plugin:bad", "failed", "secret path")},
                            kElsewhere);
        const Reply reply = server.get("/health");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("{\"status\":\"degraded\"}"), reply.body);
    }

    void testMetricsAreServedToObserversAsPrometheusText() {
        SystemServer server({component("database", "ok", "", true)}, kLoopback);
        CPPUNIT_ASSERT_EQUAL(200, server.get("/api/v1/version").status);
        const Reply reply = server.get("/metrics");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; version=0.0.4"), reply.contentType);
        CPPUNIT_ASSERT_MESSAGE(
            reply.body,
            reply.body.find("rotunda_http_requests_total{method=\"GET\","
                            "route=\"/api/v1/version\",status=\"200\"} 1\n") != std::string::npos);
    }

    void testMetricsAreForbiddenOutsideObservers() {
        SystemServer server({component("database", "ok", "", true)}, kElsewhere);
        const Reply reply = server.get("/metrics");
        CPPUNIT_ASSERT_EQUAL(403, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), reply.contentType);
        CPPUNIT_ASSERT(reply.body.find("rotunda_http") == std::string::npos);
    }

    void testVersionNamesTheBuild() {
        SystemServer server({}, kElsewhere);
        const Reply reply = server.get("/api/v1/version");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        const auto body = rotunda::http::parseJsonObject(reply.body);
        CPPUNIT_ASSERT_EQUAL(std::string("rotunda"), body->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string(rotunda::build::kVersion),
                             body->getValue<std::string>("version"));
    }

    // Every route registered anywhere appears in the served document with its
    // method, summary and path parameters: the contract cannot drift from the code.
    void testOpenApiDocumentListsEveryRoute() {
        // The server's own routes (registerRoutes) plus two shapes it has none of yet.
        SystemServer server({}, kLoopback);
        server.router().add(
            "PATCH", "/api/v1/things/{id}/parts/{part}", "Change a part",
            [](rotunda::http::RequestContext& context) { context.sendNoContent(); });
        server.router().add(
            "GET", "/api/v1/files/{path...}", "A file",
            [](rotunda::http::RequestContext& context) { context.sendNoContent(); });

        const Reply reply = server.get("/api/v1/openapi.json");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        const auto document = rotunda::http::parseJsonObject(reply.body);
        CPPUNIT_ASSERT_EQUAL(0, document->getValue<std::string>("openapi").compare(0, 2, "3."));
        const auto paths = document->getObject("paths");
        CPPUNIT_ASSERT(server.router().routes().size() >= 8);
        for (const rotunda::http::Route& route : server.router().routes()) {
            std::string path = route.pattern;
            const auto tail = path.find("...}");
            if (tail != std::string::npos) path.replace(tail, 4, "}");
            std::string method = route.method;
            for (char& c : method)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            const std::string where = route.method + " " + route.pattern;
            CPPUNIT_ASSERT_MESSAGE(where, paths->has(path));
            const auto operation = paths->getObject(path)->getObject(method);
            CPPUNIT_ASSERT_MESSAGE(where, !operation.isNull());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(where, route.summary,
                                         operation->getValue<std::string>("summary"));
            CPPUNIT_ASSERT_MESSAGE(where, operation->has("responses"));
            std::size_t declared =
                operation->has("parameters") ? operation->getArray("parameters")->size() : 0;
            const auto expected =
                static_cast<std::size_t>(std::count(path.begin(), path.end(), '{'));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(where, expected, declared);
        }
        const auto parameters = paths->getObject("/api/v1/things/{id}/parts/{part}")
                                    ->getObject("patch")
                                    ->getArray("parameters");
        CPPUNIT_ASSERT_EQUAL(std::string("part"),
                             parameters->getObject(1)->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("path"),
                             parameters->getObject(1)->getValue<std::string>("in"));
    }
};

ROTUNDA_TEST_SUITE(SystemRoutesTest);
