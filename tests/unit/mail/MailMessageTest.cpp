// MailMessageTest.cpp — a MailMessage refuses header injection and composes valid MIME.
#include <Poco/Net/MailMessage.h>

#include <functional>
#include <sstream>

#include "MailFiles.h"
#include "TestSupport.h"
#include "mail/MailError.h"
#include "mail/MailMessage.h"

using rotunda::mail::InvalidMailMessage;
using rotunda::mail::MailMessage;

class MailMessageTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MailMessageTest);
    CPPUNIT_TEST(testLineBreakInAnyHeaderValueOrAddressIsRefused);
    CPPUNIT_TEST(testHeadersTheTransportWritesCannotBeSetOrSmuggled);
    CPPUNIT_TEST(testAddressMustBeExactlyOneAddress);
    CPPUNIT_TEST(testMessageWithoutRecipientOrTextIsRefusedWhenComposed);
    CPPUNIT_TEST(testComposeWritesSenderRecipientsSubjectIdAndExtraHeaders);
    CPPUNIT_TEST(testComposeUsesDefaultSenderAndGeneratesMessageId);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLineBreakInAnyHeaderValueOrAddressIsRefused() {
        for (const std::string& evil : {std::string("Hello\r\nBcc: everyone@example.org"),
                                        std::string("Hello\nBcc: everyone@example.org"),
                                        std::string("Hello\rX"), std::string("Hello\0X", 7)}) {
            MailMessage m;
            assertRefused(
                "subject", [&] { m.setSubject(evil); }, "line break");
            assertRefused(
                "header value", [&] { m.setHeader("Reply-To", evil); }, "line break");
            assertRefused(
                "recipient", [&] { m.addTo("student@school.example" + evil.substr(5)); },
                "line break");
            assertRefused(
                "sender", [&] { m.setFrom("rotunda@hospital.example" + evil.substr(5)); },
                "line break");
            assertRefused(
                "message id", [&] { m.setMessageId("abc@hospital.example" + evil.substr(5)); },
                "line break");
            CPPUNIT_ASSERT(m.subject().empty());
            CPPUNIT_ASSERT(m.headers().empty());
            CPPUNIT_ASSERT(m.to().empty());
            CPPUNIT_ASSERT(m.from().empty());
        }
    }

    void testHeadersTheTransportWritesCannotBeSetOrSmuggled() {
        MailMessage m;
        for (const char* name : {"From", "to", "CC", "Bcc", "Subject", "Date", "Message-ID",
                                 "MIME-Version", "Content-Type", "content-transfer-encoding"})
            assertRefused(
                name, [&] { m.setHeader(name, "x"); }, "written by the mail transport");
        assertRefused(
            "colon in name", [&] { m.setHeader("X-A: b\r\nBcc", "x"); }, "not a header name");
        assertRefused(
            "space in name", [&] { m.setHeader("X Rotation", "x"); }, "not a header name");
        CPPUNIT_ASSERT(m.headers().empty());
    }

    void testAddressMustBeExactlyOneAddress() {
        MailMessage m;
        for (const char* bad :
             {"student", "@school.example", "student@", "a@b.example, c@d.example",
              "Student <student@school.example>", "a b@school.example"})
            assertRefused(
                bad, [&] { m.addTo(bad); }, "not one email address");
        m.addTo("student+rotation@school.example");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), m.to().size());
    }

    void testMessageWithoutRecipientOrTextIsRefusedWhenComposed() {
        MailMessage m;
        m.setTextBody("Hello");
        Poco::Net::MailMessage mime;
        assertRefused(
            "no recipient", [&] { m.compose(mime, "rotunda@hospital.example"); }, "no recipient");
        m.addTo("student@school.example");
        m.setTextBody("");
        m.setHtmlBody("<p>Hello</p>");
        assertRefused(
            "no text", [&] { m.compose(mime, "rotunda@hospital.example"); }, "no text body");
    }

    void testComposeWritesSenderRecipientsSubjectIdAndExtraHeaders() {
        MailMessage m;
        m.setFrom("coordinator@hospital.example");
        m.addTo("student@school.example");
        m.addTo("faculty@school.example");
        m.setSubject("Rotation confirmed");
        m.setHeader("X-Rotunda-Rotation", "42");
        m.setHeader("x-rotunda-rotation", "43");
        m.setMessageId("rotation-43@hospital.example");
        m.setTextBody("Confirmed.");
        const rotunda::test::ParsedMail parsed = composeAndParse(m, "rotunda@hospital.example");
        CPPUNIT_ASSERT_EQUAL(std::string("coordinator@hospital.example"), parsed.header("From"));
        CPPUNIT_ASSERT_EQUAL(std::string("<student@school.example>, <faculty@school.example>"),
                             parsed.header("To"));
        CPPUNIT_ASSERT_EQUAL(std::string("Rotation confirmed"), parsed.header("Subject"));
        CPPUNIT_ASSERT_EQUAL(std::string("<rotation-43@hospital.example>"),
                             parsed.header("Message-ID"));
        CPPUNIT_ASSERT_EQUAL(std::string("43"), parsed.header("X-Rotunda-Rotation"));
        CPPUNIT_ASSERT(!parsed.header("Date").empty());
        CPPUNIT_ASSERT_EQUAL(std::string("Confirmed."), parsed.parts.at(0).second);
    }

    void testComposeUsesDefaultSenderAndGeneratesMessageId() {
        MailMessage m;
        m.addTo("student@school.example");
        m.setTextBody("Hello");
        const rotunda::test::ParsedMail first = composeAndParse(m, "rotunda@hospital.example");
        const rotunda::test::ParsedMail second = composeAndParse(m, "rotunda@hospital.example");
        CPPUNIT_ASSERT_EQUAL(std::string("rotunda@hospital.example"), first.header("From"));
        const std::string id = first.header("Message-ID");
        CPPUNIT_ASSERT_MESSAGE(
            id, id.front() == '<' && id.find("@hospital.example>") != std::string::npos);
        CPPUNIT_ASSERT(id != second.header("Message-ID"));
    }

private:
    static void assertRefused(const std::string& what, const std::function<void()>& action,
                              const std::string& expectedText) {
        try {
            action();
        } catch (const InvalidMailMessage& e) {
            CPPUNIT_ASSERT_MESSAGE(what + ": " + e.what(),
                                   std::string(e.what()).find(expectedText) != std::string::npos);
            return;
        }
        CPPUNIT_FAIL(what + " was accepted");
    }

    static rotunda::test::ParsedMail composeAndParse(const MailMessage& m,
                                                     const std::string& defaultFrom) {
        Poco::Net::MailMessage mime;
        m.compose(mime, defaultFrom);
        std::ostringstream out;
        mime.write(out);
        return rotunda::test::parseMail(out.str());
    }
};

ROTUNDA_TEST_SUITE(MailMessageTest);
