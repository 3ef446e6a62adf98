// SettingsTest.cpp — typed configuration reads refuse bad values with one clear line.
#include "TestSupport.h"
#include "app/Logging.h"
#include "app/Settings.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

using rotunda::app::ConfigError;

class SettingsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SettingsTest);
    CPPUNIT_TEST(testAbsentKeyGivesDefault);
    CPPUNIT_TEST(testIntegerOutOfRangeNamesKeyValueAndRange);
    CPPUNIT_TEST(testIntegerWithTrailingGarbageIsRefused);
    CPPUNIT_TEST(testBooleanSpellings);
    CPPUNIT_TEST(testChoiceListsAllowedValues);
    CPPUNIT_TEST(testRequiredStringMustNotBeEmpty);
    CPPUNIT_TEST(testSecretKeysAreMasked);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { config_ = new Poco::Util::MapConfiguration; }

    void testAbsentKeyGivesDefault() {
        CPPUNIT_ASSERT_EQUAL(std::int64_t(8080), rotunda::app::readInt(*config_, "http.port", 8080, 0, 65535));
        CPPUNIT_ASSERT(rotunda::app::readBool(*config_, "http.keepAlive", true));
        CPPUNIT_ASSERT_EQUAL(std::string("sqlite"),
                             rotunda::app::readChoice(*config_, "database.backend", "sqlite",
                                                      {"sqlite", "postgresql"}));
    }

    void testIntegerOutOfRangeNamesKeyValueAndRange() {
        config_->setString("http.port", "70000");
        try {
            rotunda::app::readInt(*config_, "http.port", 8080, 0, 65535);
            CPPUNIT_FAIL("70000 accepted as a port");
        } catch (const ConfigError& e) {
            CPPUNIT_ASSERT_EQUAL(
                std::string("configuration key 'http.port' has value '70000'; allowed: an "
                            "integer from 0 to 65535"),
                std::string(e.what()));
        }
    }

    void testIntegerWithTrailingGarbageIsRefused() {
        config_->setString("http.maxThreads", "12abc");
        CPPUNIT_ASSERT_THROW(rotunda::app::readInt(*config_, "http.maxThreads", 128, 1, 4096),
                             ConfigError);
    }

    void testBooleanSpellings() {
        for (const char* yes : {"true", "YES", "on", "1"}) {
            config_->setString("k", yes);
            CPPUNIT_ASSERT(rotunda::app::readBool(*config_, "k", false));
        }
        for (const char* no : {"false", "No", "off", "0"}) {
            config_->setString("k", no);
            CPPUNIT_ASSERT(!rotunda::app::readBool(*config_, "k", true));
        }
        config_->setString("k", "maybe");
        CPPUNIT_ASSERT_THROW(rotunda::app::readBool(*config_, "k", true), ConfigError);
    }

    void testChoiceListsAllowedValues() {
        config_->setString("database.backend", "mysql");
        try {
            rotunda::app::readChoice(*config_, "database.backend", "sqlite",
                                     {"sqlite", "postgresql"});
            CPPUNIT_FAIL("mysql accepted");
        } catch (const ConfigError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("one of sqlite, postgresql"), e.allowed());
            CPPUNIT_ASSERT_EQUAL(std::string("mysql"), e.value());
        }
    }

    void testRequiredStringMustNotBeEmpty() {
        config_->setString("mail.from", "   ");
        CPPUNIT_ASSERT_THROW(rotunda::app::readString(*config_, "mail.from", "", true),
                             ConfigError);
    }

    void testSecretKeysAreMasked() {
        CPPUNIT_ASSERT_EQUAL(std::string("********"),
                             rotunda::app::displayValue("database.postgresql.password", "hunter2"));
        CPPUNIT_ASSERT_EQUAL(std::string("********"),
                             rotunda::app::displayValue("plugins.ldap-auth.bindPassword", "x"));
        CPPUNIT_ASSERT_EQUAL(std::string("8080"), rotunda::app::displayValue("http.port", "8080"));
        CPPUNIT_ASSERT_EQUAL(std::string("true"),
                             rotunda::app::displayValue("http.keepAlive", "true"));
    }

private:
    Poco::AutoPtr<Poco::Util::MapConfiguration> config_;
};

ROTUNDA_TEST_SUITE(SettingsTest);
