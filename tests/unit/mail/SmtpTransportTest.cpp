// SmtpTransportTest.cpp — delivery to a real SMTP server (tests/integration/smtp-sink.py,
// the CTest fixture "smtp"): plain, STARTTLS and implicit TLS with authentication,
// refusals, and a server that is down.
#include <Poco/AutoPtr.h>
#include <Poco/String.h>
#include <Poco/UUIDGenerator.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cstdlib>

#include "MailFiles.h"
#include "TestSupport.h"
#include "mail/SmtpTransport.h"

using rotunda::mail::MailMessage;
using rotunda::mail::MailRejected;
using rotunda::mail::MailUnavailable;
using rotunda::mail::SmtpSettings;
using rotunda::mail::SmtpTransport;
using rotunda::test::ParsedMail;

class SmtpTransportTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SmtpTransportTest);
    CPPUNIT_TEST(testServerReceivesMessageWithEnvelopeHeadersAndBody);
    CPPUNIT_TEST(testStartTlsWithAuthenticationDelivers);
    CPPUNIT_TEST(testImplicitTlsWithAuthenticationDelivers);
    CPPUNIT_TEST(testServerStoppedIsUnavailableNamingHostAndPortUntilItIsBack);
    CPPUNIT_TEST(testPermanentRefusalIsRejectedAndTransientRefusalIsUnavailable);
    CPPUNIT_TEST(testWrongPasswordIsUnavailableAndNeverShowsThePassword);
    CPPUNIT_TEST(testUntrustedCertificateIsRefusedBeforeAnythingIsSent);
    CPPUNIT_TEST(testStartTlsDemandedOfAServerWithoutItIsUnavailable);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        const std::string dir = rotunda::test::env("ROTUNDA_TEST_SMTP_DIR");
        CPPUNIT_ASSERT_MESSAGE("ROTUNDA_TEST_SMTP_DIR is not set: run through ctest (fixture smtp)",
                               !dir.empty());
        sinkDir_ = dir;
        sink_ = new Poco::Util::PropertyFileConfiguration(dir + "/smtp.env");
        config_ = new Poco::Util::MapConfiguration;
        config_->setString("mail.from", "rotunda@hospital.example");
        config_->setString("mail.smtp.host", "127.0.0.1");
        config_->setString("mail.smtp.port", sink_->getString("ROTUNDA_TEST_SMTP_PORT"));
        config_->setString("mail.smtp.connectTimeoutSeconds", "5");
        config_->setString("mail.smtp.timeoutSeconds", "10");
    }

    void testServerReceivesMessageWithEnvelopeHeadersAndBody() {
        SmtpTransport transport(SmtpSettings::fromConfiguration(*config_));
        MailMessage m = message();
        m.addTo("faculty@school.example");
        m.setHeader("X-Rotunda-Rotation", "42");
        transport.send(m);
        const ParsedMail received = receivedWith(m.subject());
        CPPUNIT_ASSERT_EQUAL(std::string("plain"), received.header("X-Sink-Port"));
        CPPUNIT_ASSERT_EQUAL(std::string("rotunda@hospital.example"),
                             received.header("X-Sink-Mail-From"));
        CPPUNIT_ASSERT_EQUAL(std::string("student@school.example, faculty@school.example"),
                             received.header("X-Sink-Rcpt-To"));
        CPPUNIT_ASSERT_EQUAL(std::string("rotunda@hospital.example"), received.header("From"));
        CPPUNIT_ASSERT_EQUAL(std::string("42"), received.header("X-Rotunda-Rotation"));
        // SMTP ends the data with CRLF; the dot-stuffed line must come back unstuffed.
        CPPUNIT_ASSERT_EQUAL(std::string("Hello from Rotunda.\r\n.A line that starts with a dot."),
                             Poco::trimRight(received.parts.at(0).second));
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), transport.health().state);
    }

    void testStartTlsWithAuthenticationDelivers() {
        useTls("starttls", "ROTUNDA_TEST_SMTP_STARTTLS_PORT");
        SmtpTransport transport(SmtpSettings::fromConfiguration(*config_));
        const MailMessage m = message();
        transport.send(m);
        const ParsedMail received = receivedWith(m.subject());
        CPPUNIT_ASSERT_EQUAL(std::string("starttls"), received.header("X-Sink-Port"));
        CPPUNIT_ASSERT_EQUAL(std::string("yes"), received.header("X-Sink-TLS"));
        CPPUNIT_ASSERT_EQUAL(std::string("rotunda"), received.header("X-Sink-Auth"));
    }

    void testImplicitTlsWithAuthenticationDelivers() {
        useTls("tls", "ROTUNDA_TEST_SMTP_TLS_PORT");
        SmtpTransport transport(SmtpSettings::fromConfiguration(*config_));
        const MailMessage m = message();
        transport.send(m);
        const ParsedMail received = receivedWith(m.subject());
        CPPUNIT_ASSERT_EQUAL(std::string("tls"), received.header("X-Sink-Port"));
        CPPUNIT_ASSERT_EQUAL(std::string("yes"), received.header("X-Sink-TLS"));
        CPPUNIT_ASSERT_EQUAL(std::string("rotunda"), received.header("X-Sink-Auth"));
    }

    void testServerStoppedIsUnavailableNamingHostAndPortUntilItIsBack() {
        SmtpTransport transport(SmtpSettings::fromConfiguration(*config_));
        controlSink("pause");
        std::string error;
        try {
            transport.send(message());
        } catch (const MailUnavailable& e) {
            error = e.what();
        }
        const rotunda::app::ComponentHealth whileDown = transport.health();
        controlSink("resume");
        const std::string expected =
            "mail server unavailable: 127.0.0.1:" + sink_->getString("ROTUNDA_TEST_SMTP_PORT");
        CPPUNIT_ASSERT_MESSAGE("got: " + error, error.rfind(expected, 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(error, error.find("Connection refused") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("unavailable"), whileDown.state);
        CPPUNIT_ASSERT_MESSAGE(whileDown.reason,
                               whileDown.reason.find(expected) != std::string::npos);
        const MailMessage after = message();
        transport.send(after);
        receivedWith(after.subject());
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), transport.health().state);
    }

    void testPermanentRefusalIsRejectedAndTransientRefusalIsUnavailable() {
        SmtpTransport transport(SmtpSettings::fromConfiguration(*config_));
        MailMessage rejected = message();
        rejected.addTo("rejected@school.example");
        try {
            transport.send(rejected);
            CPPUNIT_FAIL("a recipient refused with 550 was accepted");
        } catch (const MailRejected& e) {
            CPPUNIT_ASSERT_MESSAGE(e.what(),
                                   std::string(e.what()).find("550") != std::string::npos);
        }
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), transport.health().state);
        MailMessage busy = message();
        busy.addTo("busy@school.example");
        try {
            transport.send(busy);
            CPPUNIT_FAIL("a recipient refused with 451 was accepted");
        } catch (const MailUnavailable& e) {
            CPPUNIT_ASSERT_MESSAGE(e.what(),
                                   std::string(e.what()).find("451") != std::string::npos);
        }
        CPPUNIT_ASSERT(rotunda::test::filesContaining(received(), rejected.subject()).empty());
        CPPUNIT_ASSERT(rotunda::test::filesContaining(received(), busy.subject()).empty());
    }

    void testWrongPasswordIsUnavailableAndNeverShowsThePassword() {
        useTls("starttls", "ROTUNDA_TEST_SMTP_STARTTLS_PORT");
        config_->setString("mail.smtp.password", "wrong-horse-battery");
        SmtpTransport transport(SmtpSettings::fromConfiguration(*config_));
        try {
            transport.send(message());
            CPPUNIT_FAIL("a wrong password was accepted");
        } catch (const MailUnavailable& e) {
            const std::string text = e.what();
            CPPUNIT_ASSERT_MESSAGE(
                text, text.find("authentication as rotunda failed") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(text, text.find("mail.smtp.password") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(text, text.find("wrong-horse-battery") == std::string::npos);
        }
        CPPUNIT_ASSERT(transport.describe().find("wrong-horse-battery") == std::string::npos);
        CPPUNIT_ASSERT(transport.health().reason.find("wrong-horse-battery") == std::string::npos);
    }

    void testUntrustedCertificateIsRefusedBeforeAnythingIsSent() {
        useTls("starttls", "ROTUNDA_TEST_SMTP_STARTTLS_PORT");
        config_->remove("mail.smtp.caFile");
        SmtpTransport transport(SmtpSettings::fromConfiguration(*config_));
        const MailMessage m = message();
        try {
            transport.send(m);
            CPPUNIT_FAIL("a self-signed certificate nobody trusts was accepted");
        } catch (const MailUnavailable& e) {
            CPPUNIT_ASSERT_MESSAGE(e.what(),
                                   std::string(e.what()).find("certificate") != std::string::npos);
        }
        CPPUNIT_ASSERT(rotunda::test::filesContaining(received(), m.subject()).empty());
    }

    void testStartTlsDemandedOfAServerWithoutItIsUnavailable() {
        config_->setString("mail.smtp.tls", "starttls");
        SmtpTransport transport(SmtpSettings::fromConfiguration(*config_));
        try {
            transport.send(message());
            CPPUNIT_FAIL("STARTTLS was required but the message went out in the clear");
        } catch (const MailUnavailable& e) {
            CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find(
                                                 "does not accept STARTTLS") != std::string::npos);
        }
    }

private:
    // Every message has a unique subject, so a test finds its own in the shared sink.
    static MailMessage message() {
        MailMessage m;
        m.addTo("student@school.example");
        m.setSubject("Onboarding " +
                     Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
        m.setTextBody("Hello from Rotunda.\n.A line that starts with a dot.");
        return m;
    }

    void useTls(const std::string& mode, const std::string& portKey) {
        config_->setString("mail.smtp.tls", mode);
        config_->setString("mail.smtp.port", sink_->getString(portKey));
        config_->setString("mail.smtp.caFile", sink_->getString("ROTUNDA_TEST_SMTP_CA"));
        config_->setString("mail.smtp.username", "rotunda");
        config_->setString("mail.smtp.password", "s3cret-pass");
    }

    std::string received() const { return sinkDir_ + "/maildir/new"; }

    // The sink stores a message before it answers 250, so it is there once send returns.
    ParsedMail receivedWith(const std::string& subject) const {
        const std::vector<std::string> files = rotunda::test::filesContaining(received(), subject);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("messages with subject " + subject, std::size_t(1),
                                     files.size());
        return rotunda::test::parseMailFile(files[0]);
    }

    void controlSink(const std::string& command) const {
        const std::string line = "bash '" + rotunda::test::env("ROTUNDA_SOURCE_DIR") +
                                 "/tests/integration/smtp-sink.sh' " + command + " '" + sinkDir_ +
                                 "'";
        CPPUNIT_ASSERT_EQUAL_MESSAGE(line, 0, std::system(line.c_str()));
    }

    std::string sinkDir_;
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> sink_;
    Poco::AutoPtr<Poco::Util::MapConfiguration> config_;
};

ROTUNDA_TEST_SUITE(SmtpTransportTest);
