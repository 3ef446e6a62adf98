// LdapDirectoryTest.cpp — what the authenticator does before and without a directory:
// refusals that never reach the network, a directory that is down or silent, and
// the diagnosis behind `rotunda-admin ldap test`.
#include "LdapDirectory.h"
#include "TestSupport.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <mutex>

using namespace rotunda::ldapauth;
using rotunda::plugin::AuthStatus;
using rotunda::plugin::Diagnosis;
using rotunda::plugin::DiagnosisOutcome;
using rotunda::plugin::FindingLevel;

namespace {

class RecordingLogger : public rotunda::plugin::Logger {
public:
    void log(rotunda::plugin::LogLevel, const std::string& message) override {
        std::lock_guard<std::mutex> lock(mutex_);
        lines_ += message + "\n";
    }
    std::string lines() {
        std::lock_guard<std::mutex> lock(mutex_);
        return lines_;
    }

private:
    std::mutex mutex_;
    std::string lines_;
};

// A loopback TCP port: listening (the kernel accepts connections, nobody answers) or
// closed again (connections are refused).
class LoopbackPort {
public:
    explicit LoopbackPort(bool keepListening) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
        ::listen(fd_, 16);
        socklen_t length = sizeof address;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
        if (!keepListening) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~LoopbackPort() {
        if (fd_ >= 0) ::close(fd_);
    }
    std::string url() const { return "ldap://127.0.0.1:" + std::to_string(port_); }

private:
    int fd_ = -1;
    int port_ = 0;
};

LdapSettings settingsFor(const std::string& urls, long timeoutMs = 500) {
    return LdapSettings::fromConfig(valuesWithDefaults({{"urls", urls},
                                                        {"bindDn", "cn=rotunda,dc=example,dc=org"},
                                                        {"bindPassword", "service secret"},
                                                        {"baseDn", "ou=people,dc=example,dc=org"},
                                                        {"networkTimeoutMs", std::to_string(timeoutMs)},
                                                        {"operationTimeoutMs", std::to_string(timeoutMs)}}),
                                    2000);
}

long elapsedMs(std::chrono::steady_clock::time_point since) {
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count());
}

}  // namespace

class LdapDirectoryTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LdapDirectoryTest);
    CPPUNIT_TEST(testEmptyPasswordIsRefusedBeforeAnyBind);
    CPPUNIT_TEST(testUnusableUserNamesNeverReachTheDirectory);
    CPPUNIT_TEST(testAStoppedDirectoryIsUnavailableNotAWrongPassword);
    CPPUNIT_TEST(testASilentDirectoryTimesOutWithinTheBudget);
    CPPUNIT_TEST(testDiagnoseReportsEveryUrlAndTheConfiguration);
    CPPUNIT_TEST(testDiagnoseRefusesAnUnusableNameWithoutTheNetwork);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEmptyPasswordIsRefusedBeforeAnyBind() {
        const LoopbackPort closed(false);
        RecordingLogger logger;
        LdapDirectory directory(settingsFor(closed.url()), logger, 2000);
        const auto outcome = directory.authenticate({"alice", "", "127.0.0.1"});
        // Unavailable would mean it tried the (closed) directory.
        CPPUNIT_ASSERT(outcome.status == AuthStatus::InvalidCredentials);
        CPPUNIT_ASSERT(logger.lines().find("RTL0007 refused 'alice': empty password, no bind attempted") !=
                       std::string::npos);
        CPPUNIT_ASSERT(directory.health().ok);
    }

    void testUnusableUserNamesNeverReachTheDirectory() {
        const LoopbackPort closed(false);
        RecordingLogger logger;
        LdapDirectory directory(settingsFor(closed.url()), logger, 2000);
        for (const std::string& name : {std::string(), std::string("al\0ice", 6), std::string(300, 'a'),
                                        std::string("alice\nRTL0001 signed in 'admin'")}) {
            const auto outcome = directory.authenticate({name, "a password", "127.0.0.1"});
            CPPUNIT_ASSERT(outcome.status == AuthStatus::InvalidCredentials);
        }
        const std::string lines = logger.lines();
        CPPUNIT_ASSERT(lines.find("RTL0008") != std::string::npos);
        CPPUNIT_ASSERT(lines.find("RTL0001") == std::string::npos);  // the name itself is never logged
        CPPUNIT_ASSERT(lines.find("a password") == std::string::npos);
    }

    void testAStoppedDirectoryIsUnavailableNotAWrongPassword() {
        const LoopbackPort closed(false);
        const LoopbackPort alsoClosed(false);
        RecordingLogger logger;
        LdapDirectory directory(settingsFor(closed.url() + " " + alsoClosed.url()), logger, 2000);
        const auto outcome = directory.authenticate({"alice", "a password", "127.0.0.1"});
        CPPUNIT_ASSERT(outcome.status == AuthStatus::Unavailable);
        CPPUNIT_ASSERT(outcome.detail.find("RTL0010") != std::string::npos);
        CPPUNIT_ASSERT(outcome.detail.find(closed.url()) != std::string::npos);     // every URL tried is named
        CPPUNIT_ASSERT(outcome.detail.find(alsoClosed.url()) != std::string::npos);
        CPPUNIT_ASSERT(!directory.health().ok);
        CPPUNIT_ASSERT(directory.health().reason.find("RTL0010") != std::string::npos);
        CPPUNIT_ASSERT(logger.lines().find("a password") == std::string::npos);
    }

    void testASilentDirectoryTimesOutWithinTheBudget() {
        const LoopbackPort silent(true);
        RecordingLogger logger;
        LdapDirectory directory(settingsFor(silent.url(), 300), logger, 2000);
        const auto started = std::chrono::steady_clock::now();
        const auto outcome = directory.authenticate({"alice", "a password", "127.0.0.1"});
        const long took = elapsedMs(started);
        CPPUNIT_ASSERT(outcome.status == AuthStatus::Unavailable);
        CPPUNIT_ASSERT_MESSAGE(outcome.detail, outcome.detail.find("RTL0011") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(took) + " ms", took < 2000);
    }

    void testDiagnoseReportsEveryUrlAndTheConfiguration() {
        const LoopbackPort closed(false);
        const LoopbackPort alsoClosed(false);
        RecordingLogger logger;
        const LdapDirectory directory(settingsFor(closed.url() + " " + alsoClosed.url()), logger, 2000);
        const Diagnosis diagnosis = directory.diagnose("a*)(b");
        const std::string printed = text(diagnosis);
        CPPUNIT_ASSERT_MESSAGE(printed, diagnosis.outcome == DiagnosisOutcome::Unavailable);
        CPPUNIT_ASSERT_EQUAL(std::string("no directory URL could be used"), diagnosis.summary);
        CPPUNIT_ASSERT_MESSAGE(printed, printed.find("ok configuration: preset openldap") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(printed, printed.find("info user filter: (&(objectClass=person)"
                                                     "(|(uid=a\\2a\\29\\28b)(mail=a\\2a\\29\\28b)))") !=
                                            std::string::npos);
        // Every URL is reported, not only the first that fails.
        CPPUNIT_ASSERT_MESSAGE(printed, printed.find("error " + closed.url() + ": RTL0010") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(printed, printed.find("error " + alsoClosed.url() + ": RTL0010") != std::string::npos);
        CPPUNIT_ASSERT(printed.find("service secret") == std::string::npos);
        // A diagnosis is not a sign-in attempt: health and the log are left alone.
        CPPUNIT_ASSERT(directory.health().ok);
        CPPUNIT_ASSERT_EQUAL(std::string(), logger.lines());
    }

    void testDiagnoseRefusesAnUnusableNameWithoutTheNetwork() {
        const LoopbackPort silent(true);
        RecordingLogger logger;
        const LdapDirectory directory(settingsFor(silent.url()), logger, 2000);
        const Diagnosis diagnosis = directory.diagnose(std::string("al\0ice", 6));
        CPPUNIT_ASSERT(diagnosis.outcome == DiagnosisOutcome::NotFound);
        CPPUNIT_ASSERT_MESSAGE(text(diagnosis), text(diagnosis).find("nothing was sent to the directory") !=
                                                    std::string::npos);
        CPPUNIT_ASSERT(text(diagnosis).find(silent.url()) == std::string::npos);
    }

private:
    // The findings as "level text" lines.
    static std::string text(const Diagnosis& diagnosis) {
        std::string lines;
        for (const rotunda::plugin::Finding& finding : diagnosis.findings) {
            const char* level = finding.level == FindingLevel::Ok        ? "ok"
                                : finding.level == FindingLevel::Warning ? "warning"
                                : finding.level == FindingLevel::Error   ? "error"
                                                                         : "info";
            lines += std::string(level) + " " + finding.text + "\n";
        }
        return lines;
    }
};

ROTUNDA_TEST_SUITE(LdapDirectoryTest);
