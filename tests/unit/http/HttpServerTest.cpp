// HttpServerTest.cpp — the real HttpServer on a loopback port: routing, problems,
// body limits, request ids, logs, metrics, keep-alive capacity and graceful stop.
#include <Poco/AutoPtr.h>
#include <Poco/Event.h>
#include <Poco/Logger.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>

#include <atomic>
#include <memory>
#include <set>
#include <stdexcept>
#include <thread>

#include "HttpTestSupport.h"
#include "TestSupport.h"
#include "http/Json.h"
#include "http/Problem.h"
#include "http/RequestContext.h"

using rotunda::http::Problem;
using rotunda::http::RequestContext;
using rotunda::http::Router;
using rotunda::test::httpRequest;
using rotunda::test::RawClient;
using rotunda::test::RawResponse;
using rotunda::test::RunningServer;

namespace {

const std::string kJson = "Content-Type: application/json";

// The routes most tests use: parameters, a JSON body, no content, failures.
void addTestRoutes(Router& router) {
    router.add("GET", "/api/things/{id}", "Read a thing", [](RequestContext& context) {
        Poco::JSON::Object body;
        body.set("id", context.param("id"));
        body.set("q", context.query("q", "(none)"));
        context.sendJson(200, body);
    });
    router.add("DELETE", "/api/things/{id}", "Delete a thing",
               [](RequestContext& context) { context.sendNoContent(); });
    router.add("POST", "/api/echo", "Echo a JSON object",
               [](RequestContext& context) { context.sendJson(201, context.jsonBody()); });
    router.add("POST", "/api/ignore", "Answer without reading the body",
               [](RequestContext& context) { context.sendNoContent(); });
    router.add("GET", "/api/boom", "Fail unexpectedly", [](RequestContext&) {
        throw std::runtime_error("connection to db.internal:5432 failed, password=hunter2");
    });
    router.add("POST", "/api/invalid", "Refuse the input", [](RequestContext&) {
        throw Problem::validation("the person is not valid")
            .withError("email", "must contain '@'")
            .withError("name", "must not be empty");
    });
}

Poco::JSON::Object::Ptr problemOf(const RawResponse& response) {
    CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), response.header("Content-Type"));
    const Poco::JSON::Object::Ptr problem = rotunda::http::parseJsonObject(response.body);
    CPPUNIT_ASSERT_EQUAL(std::string("about:blank"), problem->getValue<std::string>("type"));
    CPPUNIT_ASSERT_EQUAL(response.status, problem->getValue<int>("status"));
    CPPUNIT_ASSERT(!problem->getValue<std::string>("title").empty());
    CPPUNIT_ASSERT(!problem->getValue<std::string>("detail").empty());
    CPPUNIT_ASSERT_EQUAL(response.header("X-Request-Id"),
                         problem->getValue<std::string>("requestId"));
    return problem;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

class HttpServerTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HttpServerTest);
    CPPUNIT_TEST(testPathAndQueryParametersReachTheHandler);
    CPPUNIT_TEST(testUnknownPathIsNotFoundProblem);
    CPPUNIT_TEST(testWrongMethodIsMethodNotAllowedWithAllowHeader);
    CPPUNIT_TEST(testHeadAnswersGetRouteWithHeadersOnly);
    CPPUNIT_TEST(testNoContentHasNoBody);
    CPPUNIT_TEST(testJsonBodyIsEchoedAndCharsetIsAccepted);
    CPPUNIT_TEST(testMalformedJsonIsBadRequestNamingThePosition);
    CPPUNIT_TEST(testBodyThatIsNotJsonIsUnsupportedMediaType);
    CPPUNIT_TEST(testOversizedContentLengthIsRefusedBeforeTheBodyIsSent);
    CPPUNIT_TEST(testOversizedBodyWithExpectContinueIsNotInvited);
    CPPUNIT_TEST(testOversizedChunkedBodyIsRefusedWhileStreaming);
    CPPUNIT_TEST(testChunkedBodyWithinTheLimitIsRead);
    CPPUNIT_TEST(testUnreadBodyKeepsTheConnectionUsable);
    CPPUNIT_TEST(testSafeIncomingRequestIdIsEchoed);
    CPPUNIT_TEST(testUnsafeOrMissingRequestIdIsReplacedByAGeneratedOne);
    CPPUNIT_TEST(testValidationProblemListsFieldErrors);
    CPPUNIT_TEST(testHandlerExceptionIsInternalErrorWithoutInternals);
    CPPUNIT_TEST(testSecurityHeadersAreOnEveryResponse);
    CPPUNIT_TEST(testAccessLogHasPathWithoutQueryStatusBytesAndRequestId);
    CPPUNIT_TEST(testMetricsRecordRoutePatternsAndUnmatched);
    CPPUNIT_TEST(testSixtyFourIdleKeepAliveClientsDoNotBlockANewClient);
    CPPUNIT_TEST(testStopWaitsForTheRequestInFlight);
    CPPUNIT_TEST(testStopClosesRequestsStillRunningAfterTheGracePeriod);
    CPPUNIT_TEST(testPortZeroReportsTheBoundPort);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        log_ = new rotunda::test::CapturingChannel;
        // setChannel reaches existing loggers only: create them first.
        Poco::Logger::get("http");
        Poco::Logger::get("http.access");
        Poco::Logger::setChannel("http", log_);
        Poco::Logger::setLevel("http", Poco::Message::PRIO_INFORMATION);
        addTestRoutes(router_);
    }

    void tearDown() override { router_ = Router(); }

    void testPathAndQueryParametersReachTheHandler() {
        RunningServer server(router_);
        RawClient client(server.port());
        const RawResponse response =
            client.exchange(httpRequest("GET", "/api/things/a%20b?q=x%26y&other=1"));
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), response.header("Content-Type"));
        const auto body = rotunda::http::parseJsonObject(response.body);
        CPPUNIT_ASSERT_EQUAL(std::string("a b"), body->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("x&y"), body->getValue<std::string>("q"));
    }

    void testUnknownPathIsNotFoundProblem() {
        RunningServer server(router_);
        RawClient client(server.port());
        const RawResponse response = client.exchange(httpRequest("GET", "/api/nothing/here"));
        CPPUNIT_ASSERT_EQUAL(404, response.status);
        const auto problem = problemOf(response);
        CPPUNIT_ASSERT_EQUAL(std::string("no resource at /api/nothing/here"),
                             problem->getValue<std::string>("detail"));
        CPPUNIT_ASSERT(!contains(response.body, "<html"));
    }

    void testWrongMethodIsMethodNotAllowedWithAllowHeader() {
        RunningServer server(router_);
        RawClient client(server.port());
        const RawResponse response =
            client.exchange(httpRequest("PUT", "/api/things/3", "{}", {kJson}));
        CPPUNIT_ASSERT_EQUAL(405, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("GET, HEAD, DELETE"), response.header("Allow"));
        problemOf(response);
    }

    void testHeadAnswersGetRouteWithHeadersOnly() {
        RunningServer server(router_);
        RawClient client(server.port());
        const RawResponse head = client.exchange(httpRequest("HEAD", "/api/things/7"), true);
        CPPUNIT_ASSERT_EQUAL(200, head.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), head.header("Content-Type"));
        // The same connection goes on: no stray body bytes were sent after the headers.
        const RawResponse get = client.exchange(httpRequest("GET", "/api/things/7"));
        CPPUNIT_ASSERT_EQUAL(200, get.status);
        CPPUNIT_ASSERT_EQUAL(get.header("Content-Length"), head.header("Content-Length"));
        // Problems answer HEAD with headers only too.
        const RawResponse missing = client.exchange(httpRequest("HEAD", "/nowhere"), true);
        CPPUNIT_ASSERT_EQUAL(404, missing.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"),
                             missing.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(200, client.exchange(httpRequest("GET", "/api/things/8")).status);
    }

    void testNoContentHasNoBody() {
        RunningServer server(router_);
        RawClient client(server.port());
        CPPUNIT_ASSERT_EQUAL(204, client.exchange(httpRequest("DELETE", "/api/things/7")).status);
        CPPUNIT_ASSERT_EQUAL(200, client.exchange(httpRequest("GET", "/api/things/7")).status);
    }

    void testJsonBodyIsEchoedAndCharsetIsAccepted() {
        RunningServer server(router_);
        RawClient client(server.port());
        const RawResponse response =
            client.exchange(httpRequest("POST", "/api/echo", "{\"name\": \"Ana\"}",
                                        {"Content-Type: application/json; charset=utf-8"}));
        CPPUNIT_ASSERT_EQUAL(201, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("{\"name\":\"Ana\"}"), response.body);
    }

    void testMalformedJsonIsBadRequestNamingThePosition() {
        RunningServer server(router_);
        RawClient client(server.port());
        const RawResponse response = client.exchange(
            httpRequest("POST", "/api/echo", "{\n  \"name\": \"Ana\",\n}", {kJson}));
        CPPUNIT_ASSERT_EQUAL(400, response.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string("malformed JSON at line 3 column 1 (position 19): unexpected '}'; "
                        "expected a member name in quotes"),
            problemOf(response)->getValue<std::string>("detail"));
    }

    void testBodyThatIsNotJsonIsUnsupportedMediaType() {
        RunningServer server(router_);
        RawClient client(server.port());
        const RawResponse form = client.exchange(httpRequest(
            "POST", "/api/echo", "name=Ana", {"Content-Type: application/x-www-form-urlencoded"}));
        CPPUNIT_ASSERT_EQUAL(415, form.status);
        CPPUNIT_ASSERT_EQUAL(std::string("the request body is 'application/x-www-form-urlencoded'; "
                                         "expected application/json"),
                             problemOf(form)->getValue<std::string>("detail"));
        const RawResponse none = client.exchange(httpRequest("POST", "/api/echo", "{}"));
        CPPUNIT_ASSERT_EQUAL(415, none.status);
    }

    void testOversizedContentLengthIsRefusedBeforeTheBodyIsSent() {
        RunningServer server(router_);
        RawClient client(server.port());
        // Only the headers are sent: an answer proves the server did not wait for the body.
        const RawResponse response = client.exchange(
            "POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: 10000000000\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(413, response.status);
        CPPUNIT_ASSERT_EQUAL(0, Poco::icompare(response.header("Connection"), "close"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("the request body is larger than the limit of 1048576 bytes"),
            problemOf(response)->getValue<std::string>("detail"));
        CPPUNIT_ASSERT(client.closedByServer());
    }

    void testOversizedBodyWithExpectContinueIsNotInvited() {
        RunningServer server(router_);
        RawClient client(server.port());
        const RawResponse response = client.exchange(
            "POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Expect: 100-continue\r\nContent-Length: 2000000\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(413, response.status);
    }

    void testOversizedChunkedBodyIsRefusedWhileStreaming() {
        rotunda::http::HttpSettings settings = rotunda::test::loopbackSettings();
        settings.maxBodyBytes = 1024;
        RunningServer server(router_, settings);
        RawClient client(server.port());
        // One 2048-byte chunk and no terminating chunk: the body never ends, so only
        // a limit enforced while reading can answer.
        client.send(
            "POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n800\r\n" +
            std::string(2048, ' '));
        const RawResponse response = client.read();
        CPPUNIT_ASSERT_EQUAL(413, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("the request body is larger than the limit of 1024 bytes"),
                             problemOf(response)->getValue<std::string>("detail"));
        CPPUNIT_ASSERT(client.closedByServer());
    }

    void testChunkedBodyWithinTheLimitIsRead() {
        RunningServer server(router_);
        RawClient client(server.port());
        const RawResponse response = client.exchange(
            "POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n6\r\n{\"a\": \r\n3\r\n42}\r\n0\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(201, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("{\"a\":42}"), response.body);
    }

    void testUnreadBodyKeepsTheConnectionUsable() {
        RunningServer server(router_);
        RawClient client(server.port());
        CPPUNIT_ASSERT_EQUAL(
            204,
            client.exchange(httpRequest("POST", "/api/ignore", std::string(5000, 'x'))).status);
        CPPUNIT_ASSERT_EQUAL(404, client
                                      .exchange(httpRequest("POST", "/api/nowhere",
                                                            "GET /api/things/1 HTTP/1.1\r\n\r\n"))
                                      .status);
        CPPUNIT_ASSERT_EQUAL(200, client.exchange(httpRequest("GET", "/api/things/1")).status);
    }

    void testSafeIncomingRequestIdIsEchoed() {
        RunningServer server(router_);
        RawClient client(server.port());
        const RawResponse ok = client.exchange(
            httpRequest("GET", "/api/things/1", "", {"X-Request-Id: proxy-42.a_b"}));
        CPPUNIT_ASSERT_EQUAL(std::string("proxy-42.a_b"), ok.header("X-Request-Id"));
        const RawResponse missing =
            client.exchange(httpRequest("GET", "/nowhere", "", {"X-Request-Id: proxy-43"}));
        CPPUNIT_ASSERT_EQUAL(std::string("proxy-43"),
                             problemOf(missing)->getValue<std::string>("requestId"));
    }

    void testUnsafeOrMissingRequestIdIsReplacedByAGeneratedOne() {
        RunningServer server(router_);
        RawClient client(server.port());
        std::set<std::string> ids;
        for (const std::string& header : {std::string("X-Request-Id: a b\"<script>"),
                                          std::string("X-Request-Id: ") + std::string(65, 'a'),
                                          std::string("X-Other: 1"), std::string("X-Other: 2")}) {
            const std::string id =
                client.exchange(httpRequest("GET", "/api/things/1", "", {header}))
                    .header("X-Request-Id");
            CPPUNIT_ASSERT_EQUAL(std::size_t(24), id.size());
            CPPUNIT_ASSERT(id.find_first_not_of("0123456789abcdef") == std::string::npos);
            ids.insert(id);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), ids.size());
    }

    void testValidationProblemListsFieldErrors() {
        RunningServer server(router_);
        RawClient client(server.port());
        const RawResponse response =
            client.exchange(httpRequest("POST", "/api/invalid", "{}", {kJson}));
        CPPUNIT_ASSERT_EQUAL(422, response.status);
        const auto errors = problemOf(response)->getArray("errors");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), errors->size());
        CPPUNIT_ASSERT_EQUAL(std::string("email"),
                             errors->getObject(0)->getValue<std::string>("field"));
        CPPUNIT_ASSERT_EQUAL(std::string("must contain '@'"),
                             errors->getObject(0)->getValue<std::string>("message"));
    }

    void testHandlerExceptionIsInternalErrorWithoutInternals() {
        RunningServer server(router_);
        RawClient client(server.port());
        const RawResponse response = client.exchange(httpRequest("GET", "/api/boom"));
        CPPUNIT_ASSERT_EQUAL(500, response.status);
        const auto problem = problemOf(response);
        CPPUNIT_ASSERT(!contains(response.body, "hunter2"));
        CPPUNIT_ASSERT(!contains(response.body, "db.internal"));
        CPPUNIT_ASSERT(!contains(response.body, "runtime_error"));
        const std::string id = problem->getValue<std::string>("requestId");
        bool logged = false;
        for (const std::string& line : log_->messages())
            logged = logged ||
                     (contains(line, "RTH0003 request " + id) && contains(line, "db.internal"));
        CPPUNIT_ASSERT_MESSAGE("the failure is logged with the request id", logged);
        // The connection survives a failed handler.
        CPPUNIT_ASSERT_EQUAL(200, client.exchange(httpRequest("GET", "/api/things/1")).status);
    }

    void testSecurityHeadersAreOnEveryResponse() {
        RunningServer server(router_);
        RawClient client(server.port());
        for (const char* target : {"/api/things/1", "/nowhere", "/api/boom"}) {
            const RawResponse response = client.exchange(httpRequest("GET", target));
            CPPUNIT_ASSERT_EQUAL(std::string("nosniff"), response.header("X-Content-Type-Options"));
            CPPUNIT_ASSERT_EQUAL(std::string("no-store"), response.header("Cache-Control"));
            CPPUNIT_ASSERT_EQUAL(std::string("DENY"), response.header("X-Frame-Options"));
            CPPUNIT_ASSERT(
                contains(response.header("Content-Security-Policy"), "default-src 'none'"));
            CPPUNIT_ASSERT(!response.header("X-Request-Id").empty());
        }
    }

    void testAccessLogHasPathWithoutQueryStatusBytesAndRequestId() {
        RunningServer server(router_);
        RawClient client(server.port());
        const RawResponse response = client.exchange(
            httpRequest("GET", "/api/things/7?token=s3cr3t", "", {"X-Request-Id: trace-1"}));
        const std::string expected =
            "127.0.0.1 \"GET /api/things/7\" 200 " + response.header("Content-Length") + " ";
        std::string found;
        for (const std::string& line : log_->messages())
            if (contains(line, "rid=trace-1")) found = line;
        CPPUNIT_ASSERT_MESSAGE("no access log line for the request", !found.empty());
        CPPUNIT_ASSERT_MESSAGE(found, found.rfind(expected, 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(found, contains(found, "ms rid=trace-1"));
        CPPUNIT_ASSERT_MESSAGE(found, !contains(found, "s3cr3t"));
    }

    void testMetricsRecordRoutePatternsAndUnmatched() {
        RunningServer server(router_);
        RawClient client(server.port());
        client.exchange(httpRequest("GET", "/api/things/1"));
        client.exchange(httpRequest("GET", "/api/things/2"));
        client.exchange(httpRequest("GET", "/random/path/1"));
        client.exchange(httpRequest("BREW", "/random/path/2"));
        const std::string text = server.metrics().renderPrometheus();
        CPPUNIT_ASSERT_MESSAGE(text, contains(text,
                                              "rotunda_http_requests_total{method=\"GET\",route=\"/"
                                              "api/things/{id}\",status=\"200\"} 2\n"));
        CPPUNIT_ASSERT_MESSAGE(text, contains(text,
                                              "rotunda_http_requests_total{method=\"GET\",route="
                                              "\"unmatched\",status=\"404\"} 1\n"));
        CPPUNIT_ASSERT_MESSAGE(text, contains(text,
                                              "rotunda_http_requests_total{method=\"OTHER\",route="
                                              "\"unmatched\",status=\"404\"} 1\n"));
        CPPUNIT_ASSERT_MESSAGE(text, !contains(text, "/random/path"));
    }

    void testSixtyFourIdleKeepAliveClientsDoNotBlockANewClient() {
        // The default thread and queue sizes are what is under test; only the idle
        // timeout is raised so that no held connection expires during the test.
        rotunda::http::HttpSettings settings = rotunda::test::loopbackSettings();
        settings.keepAliveTimeoutSeconds = 120;
        RunningServer server(router_, settings);
        std::vector<std::unique_ptr<RawClient>> held;
        for (int i = 0; i < 64; ++i) {
            held.push_back(std::make_unique<RawClient>(server.port()));
            const RawResponse response =
                held.back()->exchange(httpRequest("GET", "/api/things/held"));
            CPPUNIT_ASSERT_EQUAL(200, response.status);
            CPPUNIT_ASSERT(Poco::icompare(response.header("Connection"), "close") != 0);
        }
        RawClient newcomer(server.port());
        CPPUNIT_ASSERT_EQUAL(200, newcomer.exchange(httpRequest("GET", "/api/things/new")).status);
        // Every held connection was still open and served by its own thread.
        for (auto& client : held)
            CPPUNIT_ASSERT_EQUAL(200,
                                 client->exchange(httpRequest("GET", "/api/things/again")).status);
    }

    void testStopWaitsForTheRequestInFlight() {
        Poco::Event entered;
        Poco::Event release;
        std::atomic<bool> handlerDone{false};
        router_.add("GET", "/api/slow", "A slow request", [&](RequestContext& context) {
            entered.set();
            release.wait(30000);
            context.send(200, "text/plain", "finished");
            handlerDone = true;
        });
        rotunda::http::HttpSettings settings = rotunda::test::loopbackSettings();
        settings.shutdownGraceSeconds = 60;
        RunningServer server(router_, settings);

        RawResponse slowResponse;
        std::string clientError;
        RawClient client(server.port());
        std::thread requester([&] {
            try {
                slowResponse = client.exchange(httpRequest("GET", "/api/slow"));
            } catch (const std::exception& e) {
                clientError = e.what();
            }
        });
        entered.wait(10000);

        std::atomic<bool> stopReturned{false};
        bool handlerDoneWhenStopReturned = false;
        std::thread stopper([&] {
            server.server().stop();
            handlerDoneWhenStopReturned = handlerDone;
            stopReturned = true;
        });
        const Poco::Timestamp started;
        while (!server.server().stopping() &&
               started.elapsed() < 10 * Poco::Timestamp::resolution())
            std::this_thread::yield();
        CPPUNIT_ASSERT(server.server().stopping());
        CPPUNIT_ASSERT(!stopReturned);
        CPPUNIT_ASSERT_EQUAL(1, server.server().requestsInFlight());

        release.set();
        stopper.join();
        requester.join();
        CPPUNIT_ASSERT_EQUAL(std::string(), clientError);
        CPPUNIT_ASSERT(handlerDoneWhenStopReturned);
        CPPUNIT_ASSERT_EQUAL(200, slowResponse.status);
        CPPUNIT_ASSERT_EQUAL(std::string("finished"), slowResponse.body);
        CPPUNIT_ASSERT(client.closedByServer());
    }

    void testStopClosesRequestsStillRunningAfterTheGracePeriod() {
        Poco::Event entered;
        Poco::Event release;
        router_.add("GET", "/api/stuck", "A request that outlives the grace period",
                    [&](RequestContext& context) {
                        entered.set();
                        release.wait(30000);
                        context.send(200, "text/plain", "too late");
                    });
        rotunda::http::HttpSettings settings = rotunda::test::loopbackSettings();
        settings.shutdownGraceSeconds = 0;
        RunningServer server(router_, settings);

        std::string clientError = "(none)";
        RawClient client(server.port());
        std::thread requester([&] {
            try {
                client.exchange(httpRequest("GET", "/api/stuck"));
            } catch (const std::exception& e) {
                clientError = e.what();
            }
        });
        entered.wait(10000);
        std::thread stopper([&] { server.server().stop(); });
        // The client's connection is closed while the handler is still blocked.
        requester.join();
        release.set();
        stopper.join();
        CPPUNIT_ASSERT_EQUAL(std::string("connection closed before the end of a header line"),
                             clientError);
        bool warned = false;
        for (const std::string& line : log_->messages())
            warned = warned || contains(line, "RTH0004 1 request(s)");
        CPPUNIT_ASSERT(warned);
    }

    void testPortZeroReportsTheBoundPort() {
        RunningServer first(router_);
        RunningServer second(router_);
        CPPUNIT_ASSERT(first.port() != 0);
        CPPUNIT_ASSERT(second.port() != 0);
        CPPUNIT_ASSERT(first.port() != second.port());
    }

private:
    Router router_;
    Poco::AutoPtr<rotunda::test::CapturingChannel> log_;
};

ROTUNDA_TEST_SUITE(HttpServerTest);
