// FileTransportTest.cpp — mail written as .eml files reads back as the message sent.
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

#include "MailFiles.h"
#include "TestSupport.h"
#include "mail/FileTransport.h"

using rotunda::mail::FileTransport;
using rotunda::mail::MailMessage;
using rotunda::test::filesIn;
using rotunda::test::ParsedMail;

class FileTransportTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FileTransportTest);
    CPPUNIT_TEST(testEmlFileReadsBackAsTheMessageSent);
    CPPUNIT_TEST(testHtmlAlternativeReadsBackAsTwoParts);
    CPPUNIT_TEST(testOneFilePerMessageNamedInSendingOrderWithNoTemporaryLeft);
    CPPUNIT_TEST(testHeaderInjectionIsRefusedAndNothingIsWritten);
    CPPUNIT_TEST(testMissingDirectoryIsCreatedAndItsLossReportedAsUnavailable);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { dir_ = Poco::TemporaryFile::tempName() + "/mail"; }

    void tearDown() override {
        const Poco::File parent(Poco::Path(dir_).parent());
        if (parent.exists()) Poco::File(parent).remove(true);
    }

    void testEmlFileReadsBackAsTheMessageSent() {
        FileTransport transport(dir_, "rotunda@hospital.example");
        MailMessage m = message("Your rotation starts Monday — Zoë");
        m.setHeader("Reply-To", "coordinator@hospital.example");
        transport.send(m);
        const std::vector<std::string> files = filesIn(dir_, ".eml");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), files.size());
        const ParsedMail parsed = rotunda::test::parseMailFile(files[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("rotunda@hospital.example"), parsed.header("From"));
        CPPUNIT_ASSERT_EQUAL(std::string("<student@school.example>"), parsed.header("To"));
        CPPUNIT_ASSERT_EQUAL(std::string("Your rotation starts Monday — Zoë"),
                             rotunda::test::decodeWord(parsed.header("Subject")));
        CPPUNIT_ASSERT_EQUAL(std::string("coordinator@hospital.example"),
                             parsed.header("Reply-To"));
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=UTF-8"), parsed.parts.at(0).first);
        CPPUNIT_ASSERT_EQUAL(std::string("Hello from Rotunda, Zoë.\r\nSee you on the ward."),
                             parsed.parts.at(0).second);
    }

    void testHtmlAlternativeReadsBackAsTwoParts() {
        FileTransport transport(dir_, "rotunda@hospital.example");
        MailMessage m = message("Welcome");
        m.setHtmlBody("<p>Hello from <b>Rotunda</b>.</p>");
        transport.send(m);
        const ParsedMail parsed = rotunda::test::parseMailFile(filesIn(dir_, ".eml").at(0));
        CPPUNIT_ASSERT_MESSAGE(
            parsed.header("Content-Type"),
            parsed.header("Content-Type").rfind("multipart/alternative;", 0) == 0);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), parsed.parts.size());
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=UTF-8"), parsed.parts[0].first);
        CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=UTF-8"), parsed.parts[1].first);
        CPPUNIT_ASSERT_EQUAL(std::string("<p>Hello from <b>Rotunda</b>.</p>"),
                             parsed.parts[1].second);
    }

    void testOneFilePerMessageNamedInSendingOrderWithNoTemporaryLeft() {
        FileTransport transport(dir_, "rotunda@hospital.example");
        for (int i = 0; i < 20; ++i) transport.send(message("Message " + std::to_string(i)));
        const std::vector<std::string> files = filesIn(dir_);
        CPPUNIT_ASSERT_EQUAL(std::size_t(20), files.size());
        for (std::size_t i = 0; i < files.size(); ++i) {
            CPPUNIT_ASSERT_MESSAGE(
                files[i], files[i].size() > 4 && files[i].substr(files[i].size() - 4) == ".eml");
            CPPUNIT_ASSERT_EQUAL(std::string("Message ") + std::to_string(i),
                                 rotunda::test::parseMailFile(files[i]).header("Subject"));
        }
    }

    void testHeaderInjectionIsRefusedAndNothingIsWritten() {
        FileTransport transport(dir_, "rotunda@hospital.example");
        CPPUNIT_ASSERT_THROW(message("Hello\r\nBcc: everyone@example.org"),
                             rotunda::mail::InvalidMailMessage);
        MailMessage noRecipient;
        noRecipient.setTextBody("Hello");
        CPPUNIT_ASSERT_THROW(transport.send(noRecipient), rotunda::mail::InvalidMailMessage);
        CPPUNIT_ASSERT(filesIn(dir_).empty());
    }

    void testMissingDirectoryIsCreatedAndItsLossReportedAsUnavailable() {
        FileTransport transport(dir_, "rotunda@hospital.example");
        CPPUNIT_ASSERT(Poco::File(dir_).isDirectory());
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), transport.health().state);
        Poco::File(dir_).remove(true);
        try {
            transport.send(message("Lost"));
            CPPUNIT_FAIL("writing into a removed directory succeeded");
        } catch (const rotunda::mail::MailUnavailable& e) {
            CPPUNIT_ASSERT_MESSAGE(
                e.what(), std::string(e.what()).find("cannot write " + transport.directory()) == 0);
        }
        const rotunda::app::ComponentHealth health = transport.health();
        CPPUNIT_ASSERT_EQUAL(std::string("mail"), health.name);
        CPPUNIT_ASSERT_EQUAL(std::string("unavailable"), health.state);
        CPPUNIT_ASSERT_MESSAGE(health.reason,
                               health.reason.find(transport.directory()) != std::string::npos);
    }

private:
    static MailMessage message(const std::string& subject) {
        MailMessage m;
        m.addTo("student@school.example");
        m.setSubject(subject);
        m.setTextBody("Hello from Rotunda, Zoë.\nSee you on the ward.");
        return m;
    }

    std::string dir_;
};

ROTUNDA_TEST_SUITE(FileTransportTest);
