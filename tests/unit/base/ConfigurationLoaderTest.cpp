// ConfigurationLoaderTest.cpp — configuration layers and environment overrides.
#include "TestSupport.h"
#include "app/ConfigurationLoader.h"
#include "app/EnvironmentConfiguration.h"
#include "app/Settings.h"

#include <Poco/AutoPtr.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Util/LayeredConfiguration.h>

#include <cstdlib>
#include <fstream>
#include <unistd.h>

using rotunda::app::ConfigurationLoader;
using rotunda::app::EnvironmentConfiguration;

class ConfigurationLoaderTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ConfigurationLoaderTest);
    CPPUNIT_TEST(testEnvironmentVariableNames);
    CPPUNIT_TEST(testLayersOverrideInDocumentedOrder);
    CPPUNIT_TEST(testMissingExplicitFileIsAConfigError);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        dir_ = Poco::TemporaryFile::tempName();
        Poco::File(dir_ + "/plugins.d").createDirectories();
        ::setenv("ROTUNDA_CONFIG_DIR", dir_.c_str(), 1);
    }

    void tearDown() override {
        ::unsetenv("ROTUNDA_CONFIG_DIR");
        ::unsetenv("ROTUNDA_HTTP_MAX_THREADS");
        Poco::File(dir_).remove(true);
    }

    void testEnvironmentVariableNames() {
        CPPUNIT_ASSERT_EQUAL(std::string("ROTUNDA_HTTP_PORT"),
                             EnvironmentConfiguration::variableFor("http.port"));
        CPPUNIT_ASSERT_EQUAL(std::string("ROTUNDA_HTTP_MAX_THREADS"),
                             EnvironmentConfiguration::variableFor("http.maxThreads"));
        CPPUNIT_ASSERT_EQUAL(std::string("ROTUNDA_PLUGINS_LDAP_AUTH_BIND_PASSWORD"),
                             EnvironmentConfiguration::variableFor("plugins.ldap-auth.bindPassword"));
    }

    void testLayersOverrideInDocumentedOrder() {
        write(dir_ + "/rotunda.properties",
              "http.port = 1\nhttp.host = main\nhttp.maxThreads = 10\nlog.level = debug\n");
        write(dir_ + "/plugins.d/a.properties", "http.host = plugin-a\nplugins.a.enabled = true\n");
        write(dir_ + "/plugins.d/b.properties", "http.host = plugin-b\n");
        const std::string explicitFile = dir_ + "/site.properties";
        write(explicitFile, "http.port = 3\n");
        ::setenv("ROTUNDA_HTTP_MAX_THREADS", "99", 1);

        Poco::AutoPtr<Poco::Util::LayeredConfiguration> config(
            new Poco::Util::LayeredConfiguration);
        ConfigurationLoader loader;
        loader.load(*config, {explicitFile});

        CPPUNIT_ASSERT_EQUAL(std::string("3"), config->getString("http.port"));
        CPPUNIT_ASSERT_EQUAL(std::string("plugin-b"), config->getString("http.host"));
        CPPUNIT_ASSERT_EQUAL(std::string("99"), config->getString("http.maxThreads"));
        CPPUNIT_ASSERT_EQUAL(std::string("debug"), config->getString("log.level"));
        CPPUNIT_ASSERT(config->getBool("plugins.a.enabled"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), loader.loadedFiles().size());
    }

    void testMissingExplicitFileIsAConfigError() {
        Poco::AutoPtr<Poco::Util::LayeredConfiguration> config(
            new Poco::Util::LayeredConfiguration);
        ConfigurationLoader loader;
        try {
            loader.load(*config, {dir_ + "/nope.properties"});
            CPPUNIT_FAIL("a missing --config file was accepted");
        } catch (const rotunda::app::ConfigError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("--config"), e.key());
            CPPUNIT_ASSERT_EQUAL(dir_ + "/nope.properties", e.value());
        }
    }

private:
    static void write(const std::string& path, const std::string& text) {
        std::ofstream(path) << text;
    }

    std::string dir_;
};

ROTUNDA_TEST_SUITE(ConfigurationLoaderTest);
