// RouterTest.cpp — matching by method and pattern, path parameters, 404/405 outcomes.
#include <stdexcept>

#include "TestSupport.h"
#include "http/Problem.h"
#include "http/Router.h"

using rotunda::http::Problem;
using rotunda::http::RequestContext;
using rotunda::http::Router;

namespace {

void noop(RequestContext&) {}

std::string patternOf(const rotunda::http::RouteMatch& match) {
    return match.route ? match.route->method + " " + match.route->pattern : "(none)";
}

}  // namespace

class RouterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RouterTest);
    CPPUNIT_TEST(testPathParametersAreExtractedAndDecoded);
    CPPUNIT_TEST(testRestParameterTakesTheRemainingSegments);
    CPPUNIT_TEST(testUnknownPathMatchesNothing);
    CPPUNIT_TEST(testKnownPathWithOtherMethodListsAllowedMethods);
    CPPUNIT_TEST(testHeadIsAnsweredByGetRoute);
    CPPUNIT_TEST(testExplicitHeadRouteWinsOverGet);
    CPPUNIT_TEST(testLiteralSegmentWinsOverParameterWhateverTheOrder);
    CPPUNIT_TEST(testEmptySegmentDoesNotMatchParameter);
    CPPUNIT_TEST(testEncodedSlashOrBadEscapeIsBadRequest);
    CPPUNIT_TEST(testMalformedRegistrationsAreRefused);
    CPPUNIT_TEST(testRoutesAreListedInRegistrationOrder);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPathParametersAreExtractedAndDecoded() {
        Router router;
        router.add("GET", "/api/v1/things/{id}/parts/{part}", "A part", noop);
        const auto match = router.match("GET", "/api/v1/things/a%20b/parts/7");
        CPPUNIT_ASSERT_EQUAL(std::string("GET /api/v1/things/{id}/parts/{part}"), patternOf(match));
        CPPUNIT_ASSERT_EQUAL(std::string("a b"), match.params.at("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("7"), match.params.at("part"));
    }

    void testRestParameterTakesTheRemainingSegments() {
        Router router;
        router.add("GET", "/files/{path...}", "A file", noop);
        const auto match = router.match("GET", "/files/a/b/c.txt");
        CPPUNIT_ASSERT(match.route != nullptr);
        CPPUNIT_ASSERT_EQUAL(std::string("a/b/c.txt"), match.params.at("path"));
    }

    void testUnknownPathMatchesNothing() {
        Router router;
        router.add("GET", "/api/v1/things", "Things", noop);
        const auto match = router.match("GET", "/api/v1/other");
        CPPUNIT_ASSERT(match.route == nullptr);
        CPPUNIT_ASSERT(match.allowed.empty());
        CPPUNIT_ASSERT(router.match("GET", "/api/v1/things/extra").route == nullptr);
    }

    void testKnownPathWithOtherMethodListsAllowedMethods() {
        Router router;
        router.add("GET", "/api/v1/things/{id}", "Read", noop);
        router.add("DELETE", "/api/v1/things/{id}", "Delete", noop);
        router.add("POST", "/api/v1/things", "Create", noop);
        const auto match = router.match("PUT", "/api/v1/things/3");
        CPPUNIT_ASSERT(match.route == nullptr);
        const std::vector<std::string> expected = {"GET", "HEAD", "DELETE"};
        CPPUNIT_ASSERT(expected == match.allowed);
    }

    void testHeadIsAnsweredByGetRoute() {
        Router router;
        router.add("GET", "/health", "Health", noop);
        CPPUNIT_ASSERT_EQUAL(std::string("GET /health"),
                             patternOf(router.match("HEAD", "/health")));
    }

    void testExplicitHeadRouteWinsOverGet() {
        Router router;
        router.add("GET", "/docs/{id}", "Read", noop);
        router.add("HEAD", "/docs/{id}", "Size only", noop);
        CPPUNIT_ASSERT_EQUAL(std::string("HEAD /docs/{id}"),
                             patternOf(router.match("HEAD", "/docs/1")));
        CPPUNIT_ASSERT_EQUAL(std::string("GET /docs/{id}"),
                             patternOf(router.match("GET", "/docs/1")));
    }

    void testLiteralSegmentWinsOverParameterWhateverTheOrder() {
        Router router;
        router.add("GET", "/{file}", "Static", noop);
        router.add("GET", "/files/{path...}", "Files", noop);
        router.add("GET", "/files/{id}", "One file", noop);
        router.add("GET", "/health", "Health", noop);
        CPPUNIT_ASSERT_EQUAL(std::string("GET /health"), patternOf(router.match("GET", "/health")));
        CPPUNIT_ASSERT_EQUAL(std::string("GET /{file}"), patternOf(router.match("GET", "/app.js")));
        CPPUNIT_ASSERT_EQUAL(std::string("GET /files/{id}"),
                             patternOf(router.match("GET", "/files/7")));
        CPPUNIT_ASSERT_EQUAL(std::string("GET /files/{path...}"),
                             patternOf(router.match("GET", "/files/7/8")));
    }

    void testEmptySegmentDoesNotMatchParameter() {
        Router router;
        router.add("GET", "/things/{id}", "Read", noop);
        CPPUNIT_ASSERT(router.match("GET", "/things/").route == nullptr);
    }

    void testEncodedSlashOrBadEscapeIsBadRequest() {
        Router router;
        router.add("GET", "/things/{id}", "Read", noop);
        assertBadRequest(router, "/things/a%2Fb");
        assertBadRequest(router, "/things/a%00b");
        assertBadRequest(router, "/things/%zz");
    }

    void testMalformedRegistrationsAreRefused() {
        Router router;
        router.add("GET", "/things/{id}", "Read", noop);
        CPPUNIT_ASSERT_THROW(router.add("GET", "/things/{id}", "Again", noop),
                             std::invalid_argument);
        CPPUNIT_ASSERT_THROW(router.add("GET", "things", "No slash", noop), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(router.add("get", "/lower", "Lower-case", noop),
                             std::invalid_argument);
        CPPUNIT_ASSERT_THROW(router.add("GET", "/files/{rest...}/more", "Tail", noop),
                             std::invalid_argument);
        CPPUNIT_ASSERT_THROW(router.add("GET", "/nothing", "No handler", nullptr),
                             std::invalid_argument);
    }

    void testRoutesAreListedInRegistrationOrder() {
        Router router;
        router.add("POST", "/b", "B", noop);
        router.add("GET", "/a", "A", noop);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), router.routes().size());
        CPPUNIT_ASSERT_EQUAL(std::string("/b"), router.routes()[0].pattern);
        CPPUNIT_ASSERT_EQUAL(std::string("A"), router.routes()[1].summary);
    }

private:
    static void assertBadRequest(const Router& router, const std::string& path) {
        try {
            router.match("GET", path);
            CPPUNIT_FAIL("no problem for " + path);
        } catch (const Problem& problem) {
            CPPUNIT_ASSERT_EQUAL(400, problem.status());
        }
    }
};

ROTUNDA_TEST_SUITE(RouterTest);
