// JsonTest.cpp — request bodies: valid JSON parses, invalid JSON is located exactly.
#include <Poco/JSON/Array.h>

#include "TestSupport.h"
#include "http/Json.h"
#include "http/Problem.h"

using rotunda::http::findJsonSyntaxError;
using rotunda::http::Problem;

class JsonTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(JsonTest);
    CPPUNIT_TEST(testValidDocumentsHaveNoError);
    CPPUNIT_TEST(testErrorNamesLineColumnAndPosition);
    CPPUNIT_TEST(testTrailingCommaIsLocated);
    CPPUNIT_TEST(testTruncatedInputIsLocatedAtTheEnd);
    CPPUNIT_TEST(testTextAfterTheValueIsRefused);
    CPPUNIT_TEST(testInvalidUtf8AndEscapesAreRefused);
    CPPUNIT_TEST(testNestingBeyondTheLimitIsRefused);
    CPPUNIT_TEST(testParseJsonThrowsBadRequestWithPosition);
    CPPUNIT_TEST(testParseJsonObjectRefusesOtherValues);
    CPPUNIT_TEST(testToJsonRoundTrips);
    CPPUNIT_TEST_SUITE_END();

public:
    void testValidDocumentsHaveNoError() {
        for (const char* text : {"{}", "[]", "0", "-1.5e+3", "\"a\\u00e9\\n\"", "true", " null ",
                                 "{\"a\": [1, {\"b\": false}], \"c\": \"\xc3\xa9\xe2\x82\xac\"}"})
            CPPUNIT_ASSERT_MESSAGE(text, !findJsonSyntaxError(text).has_value());
    }

    void testErrorNamesLineColumnAndPosition() {
        const auto error = findJsonSyntaxError("{\n  \"a\": tru\n}");
        CPPUNIT_ASSERT(error.has_value());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), error->line);
        CPPUNIT_ASSERT_EQUAL(std::size_t(11), error->column);
        CPPUNIT_ASSERT_EQUAL(std::size_t(12), error->position);
        CPPUNIT_ASSERT_EQUAL(std::string("unexpected byte 0x0a; expected 'true'"), error->message);
    }

    void testTrailingCommaIsLocated() {
        const auto error = findJsonSyntaxError("{\"a\": 1,}");
        CPPUNIT_ASSERT(error.has_value());
        CPPUNIT_ASSERT_EQUAL(std::size_t(8), error->position);
        CPPUNIT_ASSERT_EQUAL(std::string("unexpected '}'; expected a member name in quotes"),
                             error->message);
    }

    void testTruncatedInputIsLocatedAtTheEnd() {
        const auto error = findJsonSyntaxError("[1, 2");
        CPPUNIT_ASSERT(error.has_value());
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), error->position);
        CPPUNIT_ASSERT_EQUAL(std::string("unexpected end of input; expected ',' or ']'"),
                             error->message);
        CPPUNIT_ASSERT(findJsonSyntaxError("").has_value());
    }

    void testTextAfterTheValueIsRefused() {
        const auto error = findJsonSyntaxError("{} x");
        CPPUNIT_ASSERT(error.has_value());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), error->position);
    }

    void testInvalidUtf8AndEscapesAreRefused() {
        CPPUNIT_ASSERT(findJsonSyntaxError("\"\xff\"").has_value());
        CPPUNIT_ASSERT(findJsonSyntaxError("\"\xc3\"").has_value());
        CPPUNIT_ASSERT(findJsonSyntaxError("\"\\x\"").has_value());
        CPPUNIT_ASSERT(findJsonSyntaxError("\"\\u12g4\"").has_value());
        CPPUNIT_ASSERT(findJsonSyntaxError("\"tab\there\"").has_value());
    }

    void testNestingBeyondTheLimitIsRefused() {
        const std::string deep = std::string(65, '[') + std::string(65, ']');
        const auto error = findJsonSyntaxError(deep);
        CPPUNIT_ASSERT(error.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("nesting deeper than 64"), error->message);
        CPPUNIT_ASSERT(
            !findJsonSyntaxError(std::string(64, '[') + std::string(64, ']')).has_value());
    }

    void testParseJsonThrowsBadRequestWithPosition() {
        try {
            rotunda::http::parseJson("{\"a\" 1}");
            CPPUNIT_FAIL("malformed JSON was accepted");
        } catch (const Problem& problem) {
            CPPUNIT_ASSERT_EQUAL(400, problem.status());
            CPPUNIT_ASSERT_EQUAL(
                std::string(
                    "malformed JSON at line 1 column 6 (position 5): unexpected '1'; expected ':'"),
                problem.detail());
        }
    }

    void testParseJsonObjectRefusesOtherValues() {
        CPPUNIT_ASSERT_EQUAL(
            std::string("x"),
            rotunda::http::parseJsonObject("{\"a\":\"x\"}")->getValue<std::string>("a"));
        try {
            rotunda::http::parseJsonObject("[1]");
            CPPUNIT_FAIL("an array was accepted as an object");
        } catch (const Problem& problem) {
            CPPUNIT_ASSERT_EQUAL(400, problem.status());
        }
    }

    void testToJsonRoundTrips() {
        Poco::JSON::Object object;
        object.set("name", "a \"quoted\" name");
        Poco::JSON::Array list;
        list.add(1);
        object.set("list", list);
        const std::string text = rotunda::http::toJson(object);
        const auto parsed = rotunda::http::parseJsonObject(text);
        CPPUNIT_ASSERT_EQUAL(std::string("a \"quoted\" name"),
                             parsed->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), parsed->getArray("list")->size());
    }
};

ROTUNDA_TEST_SUITE(JsonTest);
