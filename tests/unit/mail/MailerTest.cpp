// MailerTest.cpp — mail as .eml files and through a real SMTP server (aiosmtpd).
#include "TestSupport.h"
#include "app/Settings.h"
#include "mail/Mailer.h"

#include <Poco/AutoPtr.h>
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cstdlib>
#include <vector>

using rotunda::mail::MailMessage;

class MailerTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MailerTest);
    CPPUNIT_TEST(testFileTransportWritesOneReadableEmlPerMessage);
    CPPUNIT_TEST(testHeaderInjectionIsRefusedAndNothingIsWritten);
    CPPUNIT_TEST(testBadTransportSettingIsAConfigError);
    CPPUNIT_TEST(testSmtpDeliversToARealServer);
    CPPUNIT_TEST(testSmtpServerDownIsUnavailableAndRecovers);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        dir_ = Poco::TemporaryFile::tempName();
        config_ = new Poco::Util::MapConfiguration;
        config_->setString("mail.directory", dir_);
        config_->setString("mail.from", "rotunda@hospital.example");
    }

    void tearDown() override {
        if (Poco::File(dir_).exists()) Poco::File(dir_).remove(true);
    }

    void testFileTransportWritesOneReadableEmlPerMessage() {
        auto mailer = rotunda::mail::createMailer(*config_);
        mailer->send(message("Your rotation starts Monday — Zoë"));
        mailer->send(message("Second"));
        const std::vector<std::string> files = filesIn(dir_);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), files.size());
        Poco::FileInputStream in(files[0]);
        Poco::Net::MailMessage parsed;
        parsed.read(in);
        CPPUNIT_ASSERT_EQUAL(std::string("rotunda@hospital.example"), parsed.getSender());
        CPPUNIT_ASSERT_EQUAL(std::string("<student@school.example>"), parsed.get("To"));
        CPPUNIT_ASSERT_EQUAL(std::string("Your rotation starts Monday — Zoë"),
                             Poco::Net::MailMessage::decodeWord(parsed.getSubject()));
    }

    void testHeaderInjectionIsRefusedAndNothingIsWritten() {
        auto mailer = rotunda::mail::createMailer(*config_);
        CPPUNIT_ASSERT_THROW(mailer->send(message("Hello\r\nBcc: everyone@example.org")), std::invalid_argument);
        MailMessage bad = message("Hello");
        bad.to = {"student@school.example\r\nBcc: x@example.org"};
        CPPUNIT_ASSERT_THROW(mailer->send(bad), std::invalid_argument);
        CPPUNIT_ASSERT(filesIn(dir_).empty());
    }

    void testBadTransportSettingIsAConfigError() {
        config_->setString("mail.transport", "pigeon");
        try {
            rotunda::mail::createMailer(*config_);
            CPPUNIT_FAIL("an unknown transport was accepted");
        } catch (const rotunda::app::ConfigError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("configuration key 'mail.transport' has value 'pigeon'; allowed: one of file, smtp"),
                                 std::string(e.what()));
        }
    }

    void testSmtpDeliversToARealServer() {
        auto mailer = rotunda::mail::createMailer(*smtpConfig());
        mailer->send(message("Offboarding reminder"));
        const std::vector<std::string> received = filesIn(sinkDir() + "/maildir/new");
        bool found = false;
        for (const std::string& file : received) {
            Poco::FileInputStream in(file);
            std::string text;
            Poco::StreamCopier::copyToString(in, text);
            found = found || text.find("Offboarding reminder") != std::string::npos;
        }
        CPPUNIT_ASSERT_MESSAGE("the SMTP server did not receive the message", found);
    }

    void testSmtpServerDownIsUnavailableAndRecovers() {
        auto mailer = rotunda::mail::createMailer(*smtpConfig());
        controlSink("pause");
        std::string error;
        try {
            mailer->send(message("While down"));
        } catch (const rotunda::mail::MailUnavailable& e) {
            error = e.what();
        }
        controlSink("resume");
        CPPUNIT_ASSERT_MESSAGE(error, error.find("mail server 127.0.0.1:" + std::to_string(sinkPort()) + " unavailable") == 0);
        mailer->send(message("After recovery"));
    }

private:
    static MailMessage message(const std::string& subject) {
        MailMessage m;
        m.to = {"student@school.example"};
        m.subject = subject;
        m.textBody = "Hello from Rotunda.\nSee you on the ward.";
        return m;
    }

    static std::vector<std::string> filesIn(const std::string& dir) {
        std::vector<std::string> files;
        if (!Poco::File(dir).exists()) return files;
        for (Poco::DirectoryIterator it(dir), end; it != end; ++it) files.push_back(it.path().toString());
        std::sort(files.begin(), files.end());
        return files;
    }

    static std::string sinkDir() {
        const std::string dir = rotunda::test::env("ROTUNDA_TEST_SMTP_DIR");
        CPPUNIT_ASSERT_MESSAGE("ROTUNDA_TEST_SMTP_DIR is not set: run through ctest", !dir.empty());
        return dir;
    }

    static int sinkPort() {
        Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> env(
            new Poco::Util::PropertyFileConfiguration(sinkDir() + "/smtp.env"));
        return env->getInt("ROTUNDA_TEST_SMTP_PORT");
    }

    static void controlSink(const std::string& command) {
        const std::string line = "bash '" + rotunda::test::env("ROTUNDA_SOURCE_DIR") +
                                 "/tests/integration/smtp-sink.sh' " + command + " '" + sinkDir() + "'";
        CPPUNIT_ASSERT_EQUAL_MESSAGE(line, 0, std::system(line.c_str()));
    }

    Poco::AutoPtr<Poco::Util::MapConfiguration> smtpConfig() {
        config_->setString("mail.transport", "smtp");
        config_->setString("mail.smtp.host", "127.0.0.1");
        config_->setString("mail.smtp.port", std::to_string(sinkPort()));
        config_->setString("mail.smtp.timeoutSeconds", "5");
        return config_;
    }

    std::string dir_;
    Poco::AutoPtr<Poco::Util::MapConfiguration> config_;
};

ROTUNDA_TEST_SUITE(MailerTest);
