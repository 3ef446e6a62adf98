// HttpSettingsTest.cpp — http.* configuration: defaults, overrides and refusals.
#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include "TestSupport.h"
#include "app/Settings.h"
#include "http/HttpServer.h"

using rotunda::app::ConfigError;
using rotunda::http::HttpSettings;

class HttpSettingsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HttpSettingsTest);
    CPPUNIT_TEST(testDefaultsLeaveRoomForSixtyFourKeepAliveClients);
    CPPUNIT_TEST(testEveryKeyIsRead);
    CPPUNIT_TEST(testOutOfRangeValueNamesTheKey);
    CPPUNIT_TEST(testUnresolvableHostIsRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDefaultsLeaveRoomForSixtyFourKeepAliveClients() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
        const HttpSettings settings = HttpSettings::fromConfiguration(*config);
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), settings.host);
        CPPUNIT_ASSERT_EQUAL(8080, settings.port);
        CPPUNIT_ASSERT(settings.maxThreads > 64);
        CPPUNIT_ASSERT(settings.keepAlive);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1048576), settings.maxBodyBytes);
    }

    void testEveryKeyIsRead() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
        config->setString("http.host", "::1");
        config->setString("http.port", "0");
        config->setString("http.maxThreads", "200");
        config->setString("http.maxQueued", "50");
        config->setString("http.keepAlive", "false");
        config->setString("http.keepAliveTimeout", "9");
        config->setString("http.maxKeepAliveRequests", "0");
        config->setString("http.timeout", "12");
        config->setString("http.maxBodyBytes", "4096");
        config->setString("http.shutdownGraceSeconds", "3");
        const HttpSettings s = HttpSettings::fromConfiguration(*config);
        CPPUNIT_ASSERT_EQUAL(std::string("::1"), s.host);
        CPPUNIT_ASSERT_EQUAL(0, s.port);
        CPPUNIT_ASSERT_EQUAL(200, s.maxThreads);
        CPPUNIT_ASSERT_EQUAL(50, s.maxQueued);
        CPPUNIT_ASSERT(!s.keepAlive);
        CPPUNIT_ASSERT_EQUAL(9, s.keepAliveTimeoutSeconds);
        CPPUNIT_ASSERT_EQUAL(0, s.maxKeepAliveRequests);
        CPPUNIT_ASSERT_EQUAL(12, s.timeoutSeconds);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4096), s.maxBodyBytes);
        CPPUNIT_ASSERT_EQUAL(3, s.shutdownGraceSeconds);
    }

    void testOutOfRangeValueNamesTheKey() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
        config->setString("http.port", "70000");
        try {
            HttpSettings::fromConfiguration(*config);
            CPPUNIT_FAIL("port 70000 was accepted");
        } catch (const ConfigError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("http.port"), e.key());
            CPPUNIT_ASSERT_EQUAL(std::string("70000"), e.value());
        }
    }

    void testUnresolvableHostIsRefused() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
        config->setString("http.host", "no such host!");
        try {
            HttpSettings::fromConfiguration(*config);
            CPPUNIT_FAIL("a bad host was accepted");
        } catch (const ConfigError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("http.host"), e.key());
        }
    }
};

ROTUNDA_TEST_SUITE(HttpSettingsTest);
