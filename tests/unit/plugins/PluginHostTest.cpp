// PluginHostTest.cpp — every refusal of the plugin host, word for word, and the host going on.
#include "TestSupport.h"
#include "app/StartupError.h"
#include "plugins/PluginHost.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Util/MapConfiguration.h>

#include <chrono>
#include <map>
#include <thread>
#include <vector>

using rotunda::plugin::Diagnosis;
using rotunda::plugin::DiagnosisOutcome;
using rotunda::plugins::PluginHost;
using rotunda::plugins::PluginRecord;
using rotunda::plugins::PluginState;

class PluginHostTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PluginHostTest);
    CPPUNIT_TEST(testGoodPluginLoadsWithEveryExtensionPoint);
    CPPUNIT_TEST(testConfigurationReachesThePluginValidatedAndDefaulted);
    CPPUNIT_TEST(testNotALibraryIsRefused);
    CPPUNIT_TEST(testMissingDescriptorIsRefused);
    CPPUNIT_TEST(testWrongCookieIsRefused);
    CPPUNIT_TEST(testNewerAbiMajorIsRefused);
    CPPUNIT_TEST(testOlderAbiMajorIsRefused);
    CPPUNIT_TEST(testNewerAbiMinorIsRefused);
    CPPUNIT_TEST(testOlderAbiMinorIsAccepted);
    CPPUNIT_TEST(testForeignFingerprintIsRefused);
    CPPUNIT_TEST(testDuplicateIdIsRefused);
    CPPUNIT_TEST(testThrowingRegistrationIsRefused);
    CPPUNIT_TEST(testMissingRequiredConfigurationIsRefused);
    CPPUNIT_TEST(testWronglyTypedConfigurationIsRefused);
    CPPUNIT_TEST(testThrowingFactoryIsRefusedAndLeavesNoComponent);
    CPPUNIT_TEST(testPluginNotEnabledIsListedButNotStarted);
    CPPUNIT_TEST(testRequiredPluginRefusedStopsStartUpWithTheSameLine);
    CPPUNIT_TEST(testRequiredPluginMissingFromDirectoryStopsStartUp);
    CPPUNIT_TEST(testGuardCountsCallsAndTurnsExceptionsIntoCallErrors);
    CPPUNIT_TEST(testCallOverrunningItsBudgetIsLoggedAndCountedAsFailure);
    CPPUNIT_TEST(testDiagnoseGoesThroughTheGuard);
    CPPUNIT_TEST(testDiagnoseIsNeverCalledOnAPluginBuiltAgainstAbi10);
    CPPUNIT_TEST(testAuthenticatorWithoutDiagnoseSaysSo);
    CPPUNIT_TEST(testStepRecordGoesThroughTheGuard);
    CPPUNIT_TEST(testStepRecordIsNeverCalledOnAPluginBuiltBeforeAbi12);
    CPPUNIT_TEST(testStepSettingsCheckGoesThroughTheGuard);
    CPPUNIT_TEST(testStepSettingsCheckIsNeverCalledOnAPluginBuiltBeforeAbi12);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        dir_ = rotunda::test::env("ROTUNDA_FIXTURE_PLUGIN_DIR");
        CPPUNIT_ASSERT_MESSAGE("ROTUNDA_FIXTURE_PLUGIN_DIR is not set: run through ctest", !dir_.empty());
        dataDir_ = Poco::TemporaryFile::tempName();
        config_ = new Poco::Util::MapConfiguration;
        config_->setString("plugins.directory", dir_);
        config_->setString("plugins.dataDirectory", dataDir_);
        for (const char* id : {"good", "missing-descriptor", "wrong-cookie", "abi-major-newer", "abi-major-older",
                               "abi-minor-newer", "foreign-fingerprint", "register-throws", "needs-config",
                               "typed-config", "factory-throws"})
            config_->setString(std::string("plugins.") + id + ".enabled", "true");
        config_->setString("plugins.good.url", "ldap://127.0.0.1:3389");
        config_->setString("plugins.good.password", "s3cret");
        config_->setString("plugins.typed-config.port", "abc");
    }

    void tearDown() override {
        if (Poco::File(dataDir_).exists()) Poco::File(dataDir_).remove(true);
    }

    void testGoodPluginLoadsWithEveryExtensionPoint() {
        PluginHost host(*config_, metrics_);
        host.loadAll();
        const PluginRecord good = record(host, "good.so");
        CPPUNIT_ASSERT_EQUAL(std::string("loaded"), std::string(rotunda::plugins::stateName(good.state)));
        CPPUNIT_ASSERT_EQUAL(std::string("good"), good.id);
        CPPUNIT_ASSERT_EQUAL(std::string("1.2.3"), good.version);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), good.extensionPoints.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), host.passwordAuthenticators().size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), host.redirectAuthenticators().size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), host.documentStores().size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), host.credentialCheckers().size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), host.stepTypes().size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(15), host.records().size());
    }

    void testConfigurationReachesThePluginValidatedAndDefaulted() {
        PluginHost host(*config_, metrics_);
        host.loadAll();
        auto& authenticator = goodAuthenticator(host);
        const auto outcome = authenticator.authenticate({"alice", "s3cret", "127.0.0.1"});
        CPPUNIT_ASSERT(outcome.status == rotunda::plugin::AuthStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(std::string("ldap://127.0.0.1:3389"), outcome.identity.attributes.at("url"));
        CPPUNIT_ASSERT_EQUAL(std::string("389"), outcome.identity.attributes.at("port"));
        CPPUNIT_ASSERT_EQUAL(dataDir_ + "/good/", outcome.identity.attributes.at("dataDirectory"));
        CPPUNIT_ASSERT(Poco::File(dataDir_ + "/good").isDirectory());
        CPPUNIT_ASSERT(authenticator.authenticate({"alice", "wrong", ""}).status ==
                       rotunda::plugin::AuthStatus::InvalidCredentials);
    }

    void testNotALibraryIsRefused() {
        const std::string reason = refusal("not-a-library.so");
        const std::string prefix = "RTP0002 plugin file " + dir_ + "/not-a-library.so refused: found no loadable shared library (";
        CPPUNIT_ASSERT_MESSAGE(reason, reason.rfind(prefix, 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(reason, endsWith(reason, "); expected a plugin built for this platform: rebuild it or "
                                                        "remove it from plugins.directory"));
    }

    void testMissingDescriptorIsRefused() {
        CPPUNIT_ASSERT_EQUAL("RTP0003 plugin file " + dir_ + "/missing-descriptor.so refused: found no symbol "
                             "'rotunda_plugin', expected the descriptor that ROTUNDA_PLUGIN(...) defines: build it "
                             "against the Rotunda plugin API or remove it from plugins.directory",
                             refusal("missing-descriptor.so"));
    }

    void testWrongCookieIsRefused() {
        CPPUNIT_ASSERT_EQUAL("RTP0004 plugin file " + dir_ + "/wrong-cookie.so refused: found cookie 0xDEADBEEF, "
                             "expected 0x5254504C; this is not a Rotunda plugin: remove it from plugins.directory",
                             refusal("wrong-cookie.so"));
    }

    void testNewerAbiMajorIsRefused() {
        CPPUNIT_ASSERT_EQUAL("RTP0005 plugin file " + dir_ + "/abi-major-newer.so refused: found plugin ABI " +
                                 abi(ROTUNDA_PLUGIN_ABI_MAJOR + 1, ROTUNDA_PLUGIN_ABI_MINOR) +
                                 ", expected major version " + std::to_string(ROTUNDA_PLUGIN_ABI_MAJOR) +
                                 " (this server implements " + serverAbi() +
                                 "); rebuild the plugin against this server's plugin API",
                             refusal("abi-major-newer.so"));
    }

    void testOlderAbiMajorIsRefused() {
        CPPUNIT_ASSERT_EQUAL("RTP0005 plugin file " + dir_ + "/abi-major-older.so refused: found plugin ABI " +
                                 abi(ROTUNDA_PLUGIN_ABI_MAJOR - 1, ROTUNDA_PLUGIN_ABI_MINOR) +
                                 ", expected major version " + std::to_string(ROTUNDA_PLUGIN_ABI_MAJOR) +
                                 " (this server implements " + serverAbi() +
                                 "); rebuild the plugin against this server's plugin API",
                             refusal("abi-major-older.so"));
    }

    void testNewerAbiMinorIsRefused() {
        CPPUNIT_ASSERT_EQUAL("RTP0006 plugin file " + dir_ + "/abi-minor-newer.so refused: found plugin ABI " +
                                 abi(ROTUNDA_PLUGIN_ABI_MAJOR, ROTUNDA_PLUGIN_ABI_MINOR + 1) +
                                 ", expected minor version at most " + std::to_string(ROTUNDA_PLUGIN_ABI_MINOR) +
                                 " (this server implements " + serverAbi() +
                                 "); upgrade Rotunda or rebuild the plugin against this server's plugin API",
                             refusal("abi-minor-newer.so"));
    }

    void testOlderAbiMinorIsAccepted() {
        // A server one minor version ahead of the plugins built here accepts them.
        rotunda::plugins::HostIdentity newerServer;
        newerServer.abiMinor = ROTUNDA_PLUGIN_ABI_MINOR + 1;
        PluginHost host(*config_, metrics_, newerServer);
        host.loadAll();
        CPPUNIT_ASSERT(record(host, "good.so").state == PluginState::Loaded);
        CPPUNIT_ASSERT(record(host, "abi-minor-newer.so").state == PluginState::Loaded);
    }

    void testForeignFingerprintIsRefused() {
        CPPUNIT_ASSERT_EQUAL("RTP0008 plugin file " + dir_ + "/foreign-fingerprint.so refused: found build fingerprint "
                             "'x86_64/libc++-abi1/itanium1002', expected '" ROTUNDA_PLUGIN_FINGERPRINT
                             "'; rebuild the plugin with the same compiler family and standard library as this server",
                             refusal("foreign-fingerprint.so"));
    }

    void testDuplicateIdIsRefused() {
        CPPUNIT_ASSERT_EQUAL("RTP0010 plugin file " + dir_ + "/zz-duplicate-id.so refused: found id 'good', expected a "
                             "unique id, but " + dir_ + "/good.so already has it; remove one of the two files",
                             refusal("zz-duplicate-id.so"));
    }

    void testThrowingRegistrationIsRefused() {
        CPPUNIT_ASSERT_EQUAL("RTP0011 plugin 'register-throws' (" + dir_ + "/register-throws.so) refused: its "
                             "registration threw: registration failed on purpose; expected it to register without "
                             "error: fix the plugin or remove it",
                             refusal("register-throws.so"));
    }

    void testMissingRequiredConfigurationIsRefused() {
        CPPUNIT_ASSERT_EQUAL("RTP0012 plugin 'needs-config' (" + dir_ + "/needs-config.so) refused: configuration key "
                             "plugins.needs-config.url is missing, expected a URL (scheme://…) (Directory URL); set it "
                             "in plugins.d/needs-config.properties",
                             refusal("needs-config.so"));
    }

    void testWronglyTypedConfigurationIsRefused() {
        CPPUNIT_ASSERT_EQUAL("RTP0013 plugin 'typed-config' (" + dir_ + "/typed-config.so) refused: configuration key "
                             "plugins.typed-config.port has value 'abc', expected an integer; correct it in "
                             "plugins.d/typed-config.properties",
                             refusal("typed-config.so"));
    }

    void testThrowingFactoryIsRefusedAndLeavesNoComponent() {
        PluginHost host(*config_, metrics_);
        host.loadAll();
        CPPUNIT_ASSERT_EQUAL("RTP0015 plugin 'factory-throws' (" + dir_ + "/factory-throws.so) refused: creating "
                             "component 'broken' threw: cannot reach the credential system; check its configuration "
                             "(rotunda-admin plugins) and the plugin.factory-throws log",
                             record(host, "factory-throws.so").reason);
        // Its authenticator was created first, but a refused plugin contributes nothing.
        for (const auto& loaded : host.passwordAuthenticators())
            CPPUNIT_ASSERT(loaded.pluginId != "factory-throws");
    }

    void testPluginNotEnabledIsListedButNotStarted() {
        PluginHost host(*config_, metrics_);
        host.loadAll();
        const PluginRecord record_ = record(host, "not-enabled.so");
        CPPUNIT_ASSERT(record_.state == PluginState::Disabled);
        CPPUNIT_ASSERT_EQUAL(std::string(""), record_.reason);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), record_.extensionPoints.size());
        CPPUNIT_ASSERT(!Poco::File(dataDir_ + "/not-enabled").exists());
    }

    void testRequiredPluginRefusedStopsStartUpWithTheSameLine() {
        config_->setString("plugins.typed-config.required", "true");
        PluginHost host(*config_, metrics_);
        try {
            host.loadAll();
            CPPUNIT_FAIL("a refused required plugin did not stop start-up");
        } catch (const rotunda::app::StartupError& e) {
            CPPUNIT_ASSERT_EQUAL(record(host, "typed-config.so").reason, std::string(e.what()));
        }
    }

    void testRequiredPluginMissingFromDirectoryStopsStartUp() {
        config_->setString("plugins.saml-auth.enabled", "true");
        config_->setString("plugins.saml-auth.required", "true");
        PluginHost host(*config_, metrics_);
        try {
            host.loadAll();
            CPPUNIT_FAIL("a missing required plugin did not stop start-up");
        } catch (const rotunda::app::StartupError& e) {
            CPPUNIT_ASSERT_EQUAL("RTP0021 plugin 'saml-auth' is enabled in the configuration but no file in " + dir_ +
                                 " has that id; install the plugin there or remove plugins.saml-auth.*",
                                 std::string(e.what()));
        }
    }

    void testGuardCountsCallsAndTurnsExceptionsIntoCallErrors() {
        PluginHost host(*config_, metrics_);
        host.loadAll();
        auto& authenticator = goodAuthenticator(host);
        const auto outcome = host.guard("good", "authenticate", [&] { return authenticator.authenticate({"alice", "s3cret", ""}); });
        CPPUNIT_ASSERT(outcome.status == rotunda::plugin::AuthStatus::Ok);
        try {
            host.guard("good", "authenticate", [&] { return authenticator.authenticate({"throw", "x", ""}); });
            CPPUNIT_FAIL("the guard let an exception through");
        } catch (const rotunda::plugins::PluginCallError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("plugin 'good' failed in authenticate: directory exploded"),
                                 std::string(e.what()));
        }
        const std::string text = metrics_.renderPrometheus();
        CPPUNIT_ASSERT(text.find("rotunda_plugin_calls_total{plugin=\"good\",operation=\"authenticate\"} 2") != std::string::npos);
        CPPUNIT_ASSERT(text.find("rotunda_plugin_failures_total{plugin=\"good\",operation=\"authenticate\"} 1") != std::string::npos);
    }

    void testCallOverrunningItsBudgetIsLoggedAndCountedAsFailure() {
        config_->setString("plugins.good.callTimeoutMs", "1");
        PluginHost host(*config_, metrics_);
        host.loadAll();
        Poco::AutoPtr<CapturingChannel> captured(new CapturingChannel);
        Poco::Logger& pluginLog = Poco::Logger::get("plugin.good");
        Poco::AutoPtr<Poco::Channel> previous(pluginLog.getChannel(), true);
        pluginLog.setChannel(captured);
        // A slow plugin: the call outlasts its 1 ms budget, yet still answers.
        const int answer = host.guard("good", "check", [] {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            return 42;
        });
        pluginLog.setChannel(previous);
        CPPUNIT_ASSERT_EQUAL(42, answer);
        const std::string text = metrics_.renderPrometheus();
        CPPUNIT_ASSERT(text.find("rotunda_plugin_calls_total{plugin=\"good\",operation=\"check\"} 1") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(text, text.find("rotunda_plugin_failures_total{plugin=\"good\",operation=\"check\"} 1") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), captured->lines.size());
        const std::string& line = captured->lines.front();
        CPPUNIT_ASSERT_MESSAGE(line, line.rfind("RTP0041 check took ", 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(line, endsWith(line, " ms, over its budget of 1 ms (plugins.good.callTimeoutMs)"));
    }

    void testDiagnoseGoesThroughTheGuard() {
        PluginHost host(*config_, metrics_);
        host.loadAll();
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(ROTUNDA_PLUGIN_ABI_MINOR), record(host, "good.so").abiMinor);
        const auto& good = host.passwordAuthenticators().front();
        const Diagnosis known = host.diagnose(good, "alice");
        CPPUNIT_ASSERT(known.outcome == DiagnosisOutcome::Ok);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), known.findings.size());
        CPPUNIT_ASSERT_EQUAL(std::string("configuration: url ldap://127.0.0.1:3389"), known.findings.front().text);
        CPPUNIT_ASSERT(host.diagnose(good, "bob").outcome == DiagnosisOutcome::NotFound);
        try {
            host.diagnose(good, "throw");
            CPPUNIT_FAIL("the guard let an exception out of diagnose through");
        } catch (const rotunda::plugins::PluginCallError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("plugin 'good' failed in diagnose: diagnosis exploded"),
                                 std::string(e.what()));
        }
        const std::string text = metrics_.renderPrometheus();
        CPPUNIT_ASSERT(text.find("rotunda_plugin_calls_total{plugin=\"good\",operation=\"diagnose\"} 3") != std::string::npos);
        CPPUNIT_ASSERT(text.find("rotunda_plugin_failures_total{plugin=\"good\",operation=\"diagnose\"} 1") != std::string::npos);
    }

    void testDiagnoseIsNeverCalledOnAPluginBuiltAgainstAbi10() {
        // The fixture's own diagnose() would answer Ok: a real 1.0 plugin has no such
        // virtual function, so the host must answer for it without calling.
        config_->setString("plugins.abi-minor-older.enabled", "true");
        PluginHost host(*config_, metrics_);
        host.loadAll();
        const PluginRecord older = record(host, "abi-minor-older.so");
        CPPUNIT_ASSERT(older.state == PluginState::Loaded);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(0), older.abiMinor);
        const rotunda::plugins::LoadedComponent<rotunda::plugin::PasswordAuthenticator>* authenticator = nullptr;
        for (const auto& loaded : host.passwordAuthenticators())
            if (loaded.pluginId == "abi-minor-older") authenticator = &loaded;
        CPPUNIT_ASSERT(authenticator != nullptr);
        const Diagnosis diagnosis = host.diagnose(*authenticator, "alice");
        CPPUNIT_ASSERT(diagnosis.outcome == DiagnosisOutcome::Unsupported);
        CPPUNIT_ASSERT(diagnosis.findings.empty());
        CPPUNIT_ASSERT_EQUAL("plugin 'abi-minor-older' 1.2.3 was built against plugin API 1.0, before diagnostics "
                             "(1.1); rebuild it against this server's plugin API (" + serverAbi() + ") to use them",
                             diagnosis.summary);
        CPPUNIT_ASSERT(metrics_.renderPrometheus().find("plugin=\"abi-minor-older\",operation=\"diagnose\"") ==
                       std::string::npos);
    }

    void testStepRecordGoesThroughTheGuard() {
        PluginHost host(*config_, metrics_);
        host.loadAll();
        const rotunda::plugins::LoadedComponent<rotunda::plugin::StepType>* good = nullptr;
        for (const auto& loaded : host.stepTypes())
            if (loaded.pluginId == "good") good = &loaded;
        CPPUNIT_ASSERT(good != nullptr);
        rotunda::plugin::StepSubmission submission;
        submission.answers["answer"] = "42";
        submission.today = "2027-03-01";
        const auto facts = host.recordStep(*good, submission, {});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), facts.size());
        CPPUNIT_ASSERT_EQUAL(std::string("2027-03-01"), facts[1].second);
        submission.answers["answer"] = "throw";
        try {
            host.recordStep(*good, submission, {});
            CPPUNIT_FAIL("the guard let an exception out of record through");
        } catch (const rotunda::plugins::PluginCallError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("plugin 'good' failed in record: record exploded"), std::string(e.what()));
        }
        const std::string text = metrics_.renderPrometheus();
        CPPUNIT_ASSERT(text.find("rotunda_plugin_calls_total{plugin=\"good\",operation=\"record\"} 2") != std::string::npos);
        CPPUNIT_ASSERT(text.find("rotunda_plugin_failures_total{plugin=\"good\",operation=\"record\"} 1") != std::string::npos);
    }

    void testStepRecordIsNeverCalledOnAPluginBuiltBeforeAbi12() {
        // The fixture's own record() would answer (or throw): a real 1.0 or 1.1 plugin
        // has no such virtual function, so the host records nothing without calling.
        config_->setString("plugins.abi-minor-older.enabled", "true");
        PluginHost host(*config_, metrics_);
        host.loadAll();
        const rotunda::plugins::LoadedComponent<rotunda::plugin::StepType>* older = nullptr;
        for (const auto& loaded : host.stepTypes())
            if (loaded.pluginId == "abi-minor-older") older = &loaded;
        CPPUNIT_ASSERT(older != nullptr);
        rotunda::plugin::StepSubmission submission;
        submission.answers["answer"] = "throw";
        CPPUNIT_ASSERT(host.recordStep(*older, submission, {}).empty());
        CPPUNIT_ASSERT(metrics_.renderPrometheus().find("plugin=\"abi-minor-older\",operation=\"record\"") ==
                       std::string::npos);
    }

    static rotunda::plugin::ConfigValues modeSetting(const std::string& mode) {
        return rotunda::plugin::ConfigValues(std::map<std::string, std::string>{{"mode", mode}});
    }

    void testStepSettingsCheckGoesThroughTheGuard() {
        PluginHost host(*config_, metrics_);
        host.loadAll();
        const rotunda::plugins::LoadedComponent<rotunda::plugin::StepType>* good = nullptr;
        for (const auto& loaded : host.stepTypes())
            if (loaded.pluginId == "good") good = &loaded;
        CPPUNIT_ASSERT(good != nullptr);
        CPPUNIT_ASSERT(host.checkStepSettings(*good, modeSetting("good")).empty());
        const auto errors = host.checkStepSettings(*good, modeSetting("bad"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("mode"), errors[0].first);
        try {
            host.checkStepSettings(*good, modeSetting("throw"));
            CPPUNIT_FAIL("the guard let an exception out of checkSettings through");
        } catch (const rotunda::plugins::PluginCallError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("plugin 'good' failed in checkSettings: checkSettings exploded"),
                                 std::string(e.what()));
        }
        const std::string text = metrics_.renderPrometheus();
        CPPUNIT_ASSERT(text.find("rotunda_plugin_calls_total{plugin=\"good\",operation=\"checkSettings\"} 3") !=
                       std::string::npos);
        CPPUNIT_ASSERT(text.find("rotunda_plugin_failures_total{plugin=\"good\",operation=\"checkSettings\"} 1") !=
                       std::string::npos);
    }

    void testStepSettingsCheckIsNeverCalledOnAPluginBuiltBeforeAbi12() {
        // A real 1.0 or 1.1 plugin has no checkSettings() in its virtual table: the
        // host accepts the settings without calling (the fixture's would throw).
        config_->setString("plugins.abi-minor-older.enabled", "true");
        PluginHost host(*config_, metrics_);
        host.loadAll();
        const rotunda::plugins::LoadedComponent<rotunda::plugin::StepType>* older = nullptr;
        for (const auto& loaded : host.stepTypes())
            if (loaded.pluginId == "abi-minor-older") older = &loaded;
        CPPUNIT_ASSERT(older != nullptr);
        CPPUNIT_ASSERT(host.checkStepSettings(*older, modeSetting("throw")).empty());
        CPPUNIT_ASSERT(metrics_.renderPrometheus().find("plugin=\"abi-minor-older\",operation=\"checkSettings\"") ==
                       std::string::npos);
    }

    void testAuthenticatorWithoutDiagnoseSaysSo() {
        // The default body, as a plugin that does not override diagnose() gets it.
        class PasswordsOnly : public rotunda::plugin::PasswordAuthenticator {
        public:
            std::string displayName() const override { return "Passwords only"; }
            rotunda::plugin::AuthOutcome authenticate(const rotunda::plugin::PasswordRequest&) override { return {}; }
        };
        PasswordsOnly authenticator;
        const Diagnosis diagnosis = authenticator.diagnose("alice");
        CPPUNIT_ASSERT(diagnosis.outcome == DiagnosisOutcome::Unsupported);
        CPPUNIT_ASSERT(diagnosis.findings.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("this authenticator offers no diagnostics"), diagnosis.summary);
    }

private:
    // Keeps the text of every message logged to it.
    class CapturingChannel : public Poco::Channel {
    public:
        void log(const Poco::Message& message) override { lines.push_back(message.getText()); }
        std::vector<std::string> lines;
    };

    static rotunda::plugin::PasswordAuthenticator& goodAuthenticator(const PluginHost& host) {
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), host.passwordAuthenticators().size());
        CPPUNIT_ASSERT_EQUAL(std::string("good"), host.passwordAuthenticators().front().pluginId);
        return *host.passwordAuthenticators().front().component;
    }

    PluginRecord record(const PluginHost& host, const std::string& fileName) const {
        for (const PluginRecord& r : host.records())
            if (r.file == dir_ + "/" + fileName) return r;
        CPPUNIT_FAIL("no record for " + fileName);
        return {};
    }

    std::string refusal(const std::string& fileName) {
        PluginHost host(*config_, metrics_);
        host.loadAll();
        const PluginRecord r = record(host, fileName);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(fileName, std::string("refused"), std::string(rotunda::plugins::stateName(r.state)));
        // The others still load: the host went on after the refusal.
        CPPUNIT_ASSERT(record(host, "good.so").state == PluginState::Loaded);
        return r.reason;
    }

    static std::string abi(int major, int minor) { return std::to_string(major) + "." + std::to_string(minor); }
    static std::string serverAbi() { return abi(ROTUNDA_PLUGIN_ABI_MAJOR, ROTUNDA_PLUGIN_ABI_MINOR); }
    static bool endsWith(const std::string& text, const std::string& suffix) {
        return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
    }

    std::string dir_;
    std::string dataDir_;
    Poco::AutoPtr<Poco::Util::MapConfiguration> config_;
    rotunda::app::Metrics metrics_;
};

ROTUNDA_TEST_SUITE(PluginHostTest);
