// MailSubsystemTest.cpp — mail.* configuration picks the transport or stops start-up
// with one line naming the key, the value and what is allowed.
#include <Poco/AutoPtr.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Util/MapConfiguration.h>

#include "TestSupport.h"
#include "app/Settings.h"
#include "mail/FileTransport.h"
#include "mail/MailSubsystem.h"
#include "mail/SmtpTransport.h"

using rotunda::app::ConfigError;
using rotunda::mail::MailSubsystem;

class MailSubsystemTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MailSubsystemTest);
    CPPUNIT_TEST(testFileTransportIsTheDefaultAndWritesIntoMailDirectory);
    CPPUNIT_TEST(testSmtpTransportReadsItsSettings);
    CPPUNIT_TEST(testSmtpWithoutSenderStopsStartUp);
    CPPUNIT_TEST(testUnknownTransportOrTlsModeStopsStartUp);
    CPPUNIT_TEST(testUnreadableCaFileStopsStartUp);
    CPPUNIT_TEST(testPasswordIsNeverDescribed);
    CPPUNIT_TEST(testHealthBeforeStartIsUnavailable);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        dir_ = Poco::TemporaryFile::tempName();
        config_ = new Poco::Util::MapConfiguration;
        config_->setString("mail.directory", dir_ + "/mail");
    }

    void tearDown() override {
        if (Poco::File(dir_).exists()) Poco::File(dir_).remove(true);
    }

    void testFileTransportIsTheDefaultAndWritesIntoMailDirectory() {
        const auto mailer = MailSubsystem::createMailer(*config_);
        const auto* file = dynamic_cast<const rotunda::mail::FileTransport*>(mailer.get());
        CPPUNIT_ASSERT(file);
        CPPUNIT_ASSERT_EQUAL(Poco::Path(dir_ + "/mail/").toString(), file->directory());
        CPPUNIT_ASSERT_EQUAL(".eml files in " + file->directory(), mailer->describe());
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), mailer->health().state);
    }

    void testSmtpTransportReadsItsSettings() {
        smtp();
        config_->setString("mail.smtp.host", "relay.hospital.example");
        config_->setString("mail.smtp.tls", "tls");
        config_->setString("mail.smtp.username", "rotunda");
        const auto mailer = MailSubsystem::createMailer(*config_);
        const auto* relay = dynamic_cast<const rotunda::mail::SmtpTransport*>(mailer.get());
        CPPUNIT_ASSERT(relay);
        CPPUNIT_ASSERT_EQUAL(465, relay->settings().port);  // implicit TLS's port unless set
        CPPUNIT_ASSERT_EQUAL(10, relay->settings().connectTimeoutSeconds);
        CPPUNIT_ASSERT_EQUAL(30, relay->settings().timeoutSeconds);
        CPPUNIT_ASSERT_EQUAL(
            std::string("SMTP relay relay.hospital.example:465 (TLS tls, user rotunda, from "
                        "rotunda@hospital.example)"),
            mailer->describe());
    }

    void testSmtpWithoutSenderStopsStartUp() {
        smtp();
        config_->remove("mail.from");
        assertConfigError(
            "configuration key 'mail.from' has value ''; allowed: one email address "
            "(local@domain); it is required when mail.transport = smtp");
        config_->setString("mail.from", "Rotunda <rotunda@hospital.example>");
        assertConfigError(
            "configuration key 'mail.from' has value 'Rotunda <rotunda@hospital.example>'; "
            "allowed: one email address (local@domain); it is required when mail.transport = smtp");
    }

    void testUnknownTransportOrTlsModeStopsStartUp() {
        config_->setString("mail.transport", "pigeon");
        assertConfigError(
            "configuration key 'mail.transport' has value 'pigeon'; allowed: one of file, smtp");
        smtp();
        config_->setString("mail.smtp.tls", "ssl");
        assertConfigError(
            "configuration key 'mail.smtp.tls' has value 'ssl'; allowed: one of none, starttls, "
            "tls");
        config_->setString("mail.smtp.tls", "none");
        config_->setString("mail.smtp.connectTimeoutSeconds", "0");
        assertConfigError(
            "configuration key 'mail.smtp.connectTimeoutSeconds' has value '0'; allowed: an "
            "integer "
            "from 1 to 300");
    }

    void testUnreadableCaFileStopsStartUp() {
        smtp();
        config_->setString("mail.smtp.caFile", dir_ + "/missing.pem");
        assertConfigError(
            "configuration key 'mail.smtp.caFile' has value '" + dir_ +
            "/missing.pem'; allowed: a readable PEM file of CA certificates, or empty for the "
            "system's CAs");
    }

    void testPasswordIsNeverDescribed() {
        smtp();
        config_->setString("mail.smtp.username", "rotunda");
        config_->setString("mail.smtp.password", "correct-horse");
        const auto mailer = MailSubsystem::createMailer(*config_);
        CPPUNIT_ASSERT(mailer->describe().find("correct-horse") == std::string::npos);
    }

    void testHealthBeforeStartIsUnavailable() {
        const MailSubsystem subsystem;
        const std::vector<rotunda::app::ComponentHealth> health = subsystem.health();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), health.size());
        CPPUNIT_ASSERT_EQUAL(std::string("mail"), health[0].name);
        CPPUNIT_ASSERT_EQUAL(std::string("unavailable"), health[0].state);
        CPPUNIT_ASSERT(!health[0].essential);
    }

private:
    void smtp() {
        config_->setString("mail.transport", "smtp");
        config_->setString("mail.from", "rotunda@hospital.example");
    }

    void assertConfigError(const std::string& expected) {
        try {
            MailSubsystem::createMailer(*config_);
            CPPUNIT_FAIL("accepted; expected: " + expected);
        } catch (const ConfigError& e) {
            CPPUNIT_ASSERT_EQUAL(expected, std::string(e.what()));
        }
    }

    std::string dir_;
    Poco::AutoPtr<Poco::Util::MapConfiguration> config_;
};

ROTUNDA_TEST_SUITE(MailSubsystemTest);
