// PluginSubsystemTest.cpp — the plugin subsystem under an application: /health lists every plugin file.
#include "TestSupport.h"
#include "plugins/PluginSubsystem.h"

#include <Poco/AutoPtr.h>
#include <Poco/File.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Util/Application.h>
#include <Poco/Util/MapConfiguration.h>

#include <map>

using rotunda::app::ComponentHealth;
using rotunda::plugins::PluginSubsystem;

namespace {

// An application that is initialised and uninitialised by the test instead of run().
class SubsystemHost : public Poco::Util::Application {
public:
    using Poco::Util::Application::initialize;
    using Poco::Util::Application::uninitialize;
};

}  // namespace

class PluginSubsystemTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PluginSubsystemTest);
    CPPUNIT_TEST(testHealthReportsEveryPluginFileWithItsState);
    CPPUNIT_TEST(testHealthCallsIntoPluginsGoThroughTheGuard);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        dir_ = rotunda::test::env("ROTUNDA_FIXTURE_PLUGIN_DIR");
        CPPUNIT_ASSERT_MESSAGE("ROTUNDA_FIXTURE_PLUGIN_DIR is not set: run through ctest", !dir_.empty());
        dataDir_ = Poco::TemporaryFile::tempName();
        Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
        config->setString("plugins.directory", dir_);
        config->setString("plugins.dataDirectory", dataDir_);
        config->setString("plugins.good.enabled", "true");
        config->setString("plugins.good.url", "ldap://127.0.0.1:3389");
        config->setString("plugins.typed-config.enabled", "true");
        config->setString("plugins.typed-config.port", "abc");
        app_ = std::make_unique<SubsystemHost>();
        app_->config().add(config, -100);
        subsystem_ = new PluginSubsystem(metrics_);
        app_->addSubsystem(subsystem_);
        app_->initialize(*app_);
    }

    void tearDown() override {
        app_->uninitialize();
        app_.reset();
        if (Poco::File(dataDir_).exists()) Poco::File(dataDir_).remove(true);
    }

    void testHealthReportsEveryPluginFileWithItsState() {
        const std::map<std::string, ComponentHealth> health = byName(subsystem_->health());
        CPPUNIT_ASSERT_EQUAL(std::size_t(15), health.size());
        // Loaded, but its document store reports a fault of its own.
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), health.at("plugin:good").state);
        CPPUNIT_ASSERT_EQUAL(std::string("store: fixture store is always full"), health.at("plugin:good").reason);
        CPPUNIT_ASSERT_EQUAL(std::string("refused"), health.at("plugin:typed-config").state);
        CPPUNIT_ASSERT_EQUAL(0, health.at("plugin:typed-config").reason.compare(0, 8, "RTP0013 "));
        CPPUNIT_ASSERT_EQUAL(std::string("disabled"), health.at("plugin:not-enabled").state);
        CPPUNIT_ASSERT_EQUAL(std::string(""), health.at("plugin:not-enabled").reason);
        // Refused before its id was read: listed under its file name.
        CPPUNIT_ASSERT_EQUAL(std::string("refused"), health.at("plugin:not-a-library.so").state);
        CPPUNIT_ASSERT_EQUAL(std::string("refused"), health.at("plugin:wrong-cookie.so").state);
        for (const auto& [name, component] : health)
            CPPUNIT_ASSERT_MESSAGE(name + " must not take the whole server down", !component.essential);
    }

    void testHealthCallsIntoPluginsGoThroughTheGuard() {
        subsystem_->health();
        const std::string text = metrics_.renderPrometheus();
        // Four components of "good" answer health(): two authenticators, the store and the checker.
        CPPUNIT_ASSERT_MESSAGE(text, text.find("rotunda_plugin_calls_total{plugin=\"good\",operation=\"health\"} 4") !=
                                         std::string::npos);
    }

private:
    static std::map<std::string, ComponentHealth> byName(const std::vector<ComponentHealth>& components) {
        std::map<std::string, ComponentHealth> named;
        for (const ComponentHealth& component : components) named[component.name] = component;
        return named;
    }

    std::string dir_;
    std::string dataDir_;
    rotunda::app::Metrics metrics_;
    std::unique_ptr<SubsystemHost> app_;
    PluginSubsystem* subsystem_ = nullptr;  // owned by app_
};

ROTUNDA_TEST_SUITE(PluginSubsystemTest);
