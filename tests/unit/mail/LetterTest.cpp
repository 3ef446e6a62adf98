// LetterTest.cpp — the email template: text and HTML with the same content, escaped.
#include "TestSupport.h"
#include "mail/Letter.h"

using rotunda::mail::Letter;

class LetterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LetterTest);
    CPPUNIT_TEST(testTextAndHtmlCarryTheSameContent);
    CPPUNIT_TEST(testUserTextCannotInjectMarkup);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTextAndHtmlCarryTheSameContent() {
        Letter letter;
        letter.to = "sam@example.org";
        letter.subject = "Set your Rotunda password";
        letter.greeting = "Hello Sam,";
        letter.paragraphs = {"Open this link."};
        letter.actionLabel = "Set a new password";
        letter.actionUrl = "https://rotunda.example/reset-password.html?token=abc";
        letter.after = {"The link works once."};
        const auto message = letter.compose();
        for (const std::string& part : {std::string("Hello Sam,"), std::string("Open this link."),
                                        std::string("The link works once."), letter.actionUrl}) {
            CPPUNIT_ASSERT_MESSAGE(part, message.textBody().find(part) != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(part, message.htmlBody().find(part) != std::string::npos);
        }
        CPPUNIT_ASSERT(message.htmlBody().find(">Set a new password</a>") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("sam@example.org"), message.to().front());
    }

    void testUserTextCannotInjectMarkup() {
        Letter letter;
        letter.to = "x@example.org";
        letter.subject = "Invitation";
        letter.paragraphs = {"<script>alert(1)</script> & \"Mercy\" invited you"};
        letter.actionUrl = "https://x.example/a?b=1&c=\"><img src=x>";
        const std::string html = letter.compose().htmlBody();
        CPPUNIT_ASSERT(html.find("<script>") == std::string::npos);
        CPPUNIT_ASSERT(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Mercy&quot;") != std::string::npos);
        CPPUNIT_ASSERT(html.find("<img") == std::string::npos);
    }
};

ROTUNDA_TEST_SUITE(LetterTest);
