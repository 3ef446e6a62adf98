// LdapTextTest.cpp — filter escaping, user names, AD sub-codes, GUIDs and lists, without a server.
#include "LdapText.h"
#include "TestSupport.h"

#include <stdexcept>

using namespace rotunda::ldapauth;

class LdapTextTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LdapTextTest);
    CPPUNIT_TEST(testFilterSpecialsAreEscapedPerRfc4515);
    CPPUNIT_TEST(testInjectionAttemptsBecomeLiteralValues);
    CPPUNIT_TEST(testUtf8IsKeptAsItIs);
    CPPUNIT_TEST(testUsernamesWithControlCharactersOrTooLongAreRefused);
    CPPUNIT_TEST(testActiveDirectorySubCodesAreReadFromTheDiagnostic);
    CPPUNIT_TEST(testActiveDirectorySubCodesAreClassified);
    CPPUNIT_TEST(testObjectGuidIsFormattedWithItsLittleEndianGroups);
    CPPUNIT_TEST(testStableIdsFromTextAndBinaryValues);
    CPPUNIT_TEST(testListsSplitOnSpacesAndCommas);
    CPPUNIT_TEST(testAttributeNamesAndFiltersAreChecked);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFilterSpecialsAreEscapedPerRfc4515() {
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), escapeFilterValue("alice"));
        CPPUNIT_ASSERT_EQUAL(std::string("\\2a"), escapeFilterValue("*"));
        CPPUNIT_ASSERT_EQUAL(std::string("\\28\\29"), escapeFilterValue("()"));
        CPPUNIT_ASSERT_EQUAL(std::string("a\\5cb"), escapeFilterValue("a\\b"));
        CPPUNIT_ASSERT_EQUAL(std::string("a\\00b"), escapeFilterValue(std::string("a\0b", 3)));
        CPPUNIT_ASSERT_EQUAL(std::string("\\0a\\7f"), escapeFilterValue("\n\x7f"));
    }

    void testInjectionAttemptsBecomeLiteralValues() {
        CPPUNIT_ASSERT_EQUAL(std::string("alice\\29\\28uid=\\2a"), escapeFilterValue("alice)(uid=*"));
        CPPUNIT_ASSERT_EQUAL(std::string("\\2a\\29\\28|\\28objectClass=\\2a"), escapeFilterValue("*)(|(objectClass=*"));
        // Whatever the input, the escaped value has no character that ends or opens a filter.
        const std::string hostile = "x*)(&)(|(a=*))\\";
        const std::string escaped = escapeFilterValue(hostile);
        CPPUNIT_ASSERT(escaped.find_first_of("()*") == std::string::npos);
    }

    void testUtf8IsKeptAsItIs() {
        CPPUNIT_ASSERT_EQUAL(std::string("zo\xC3\xAB"), escapeFilterValue("zo\xC3\xAB"));
    }

    void testUsernamesWithControlCharactersOrTooLongAreRefused() {
        CPPUNIT_ASSERT(isAcceptableUsername("alice"));
        CPPUNIT_ASSERT(isAcceptableUsername("alice@example.org"));
        CPPUNIT_ASSERT(isAcceptableUsername("*)(uid=*"));  // refused by escaping, not here
        CPPUNIT_ASSERT(!isAcceptableUsername(""));
        CPPUNIT_ASSERT(!isAcceptableUsername(std::string("al\0ice", 6)));
        CPPUNIT_ASSERT(!isAcceptableUsername("alice\r\nRTL0001 forged"));
        CPPUNIT_ASSERT(isAcceptableUsername(std::string(kMaxUsernameBytes, 'a')));
        CPPUNIT_ASSERT(!isAcceptableUsername(std::string(kMaxUsernameBytes + 1, 'a')));
    }

    void testActiveDirectorySubCodesAreReadFromTheDiagnostic() {
        CPPUNIT_ASSERT_EQUAL(0x775, activeDirectorySubCode("80090308: LdapErr: DSID-0C09044E, comment: "
                                                           "AcceptSecurityContext error, data 775, v4563"));
        CPPUNIT_ASSERT_EQUAL(0x52e, activeDirectorySubCode("80090308: LdapErr: DSID-0C090447, comment: "
                                                           "AcceptSecurityContext error, data 52e, v3839"));
        CPPUNIT_ASSERT_EQUAL(0x532, activeDirectorySubCode("... data 532, v893"));
        CPPUNIT_ASSERT_EQUAL(-1, activeDirectorySubCode("Invalid credentials"));
        CPPUNIT_ASSERT_EQUAL(-1, activeDirectorySubCode("data ,"));
        CPPUNIT_ASSERT_EQUAL(-1, activeDirectorySubCode(""));
    }

    void testActiveDirectorySubCodesAreClassified() {
        CPPUNIT_ASSERT(classifyActiveDirectorySubCode(0x775) == BindVerdict::Locked);
        CPPUNIT_ASSERT(classifyActiveDirectorySubCode(0x533) == BindVerdict::Locked);
        CPPUNIT_ASSERT(classifyActiveDirectorySubCode(0x701) == BindVerdict::Locked);
        CPPUNIT_ASSERT(classifyActiveDirectorySubCode(0x532) == BindVerdict::Expired);
        CPPUNIT_ASSERT(classifyActiveDirectorySubCode(0x773) == BindVerdict::Expired);
        CPPUNIT_ASSERT(classifyActiveDirectorySubCode(0x52e) == BindVerdict::InvalidCredentials);
        CPPUNIT_ASSERT(classifyActiveDirectorySubCode(0x525) == BindVerdict::InvalidCredentials);
        CPPUNIT_ASSERT(classifyActiveDirectorySubCode(-1) == BindVerdict::InvalidCredentials);
        CPPUNIT_ASSERT_EQUAL(std::string("775 account locked out"), describeActiveDirectorySubCode(0x775));
        CPPUNIT_ASSERT_EQUAL(std::string("abc (unknown sub-code)"), describeActiveDirectorySubCode(0xabc));
    }

    void testObjectGuidIsFormattedWithItsLittleEndianGroups() {
        // The GUID {01020304-0506-0708-090a-0b0c0d0e0f10} as AD stores it.
        const std::string bytes("\x04\x03\x02\x01\x06\x05\x08\x07\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10", 16);
        CPPUNIT_ASSERT_EQUAL(std::string("01020304-0506-0708-090a-0b0c0d0e0f10"), formatGuid(bytes));
        CPPUNIT_ASSERT_THROW(formatGuid("short"), std::invalid_argument);
    }

    void testStableIdsFromTextAndBinaryValues() {
        const std::string guid("\x04\x03\x02\x01\x06\x05\x08\x07\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10", 16);
        CPPUNIT_ASSERT_EQUAL(std::string("01020304-0506-0708-090a-0b0c0d0e0f10"), stableIdFromValue("objectGUID", guid));
        CPPUNIT_ASSERT_EQUAL(std::string("01020304-0506-0708-090a-0b0c0d0e0f10"), stableIdFromValue("objectguid", guid));
        CPPUNIT_ASSERT_EQUAL(std::string("6a1c2d5e-1f0b-103c-8d8e-4f9b7f1e3a11"),
                             stableIdFromValue("entryUUID", "6a1c2d5e-1f0b-103c-8d8e-4f9b7f1e3a11"));
        CPPUNIT_ASSERT_EQUAL(std::string("00ff41"), stableIdFromValue("customId", std::string("\x00\xff" "A", 3)));
        CPPUNIT_ASSERT_THROW(stableIdFromValue("entryUUID", ""), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(stableIdFromValue("objectGUID", "not sixteen"), std::invalid_argument);
    }

    void testListsSplitOnSpacesAndCommas() {
        const std::vector<std::string> urls = splitList("  ldap://a:389  ldaps://b,ldap://c\t");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), urls.size());
        CPPUNIT_ASSERT_EQUAL(std::string("ldaps://b"), urls[1]);
        CPPUNIT_ASSERT(splitList(" , ").empty());
    }

    void testAttributeNamesAndFiltersAreChecked() {
        CPPUNIT_ASSERT(isAttributeName("sAMAccountName"));
        CPPUNIT_ASSERT(isAttributeName("user-id"));
        CPPUNIT_ASSERT(isAttributeName("1.2.840.113556.1.4.1941"));
        CPPUNIT_ASSERT(isAttributeName("cn;lang-en"));
        CPPUNIT_ASSERT(!isAttributeName(""));
        CPPUNIT_ASSERT(!isAttributeName("uid=x"));
        CPPUNIT_ASSERT(!isAttributeName("mail)(uid"));
        CPPUNIT_ASSERT(!isAttributeName("1.2."));
        CPPUNIT_ASSERT(isParenthesizedFilter("(objectClass=person)"));
        CPPUNIT_ASSERT(isParenthesizedFilter("(&(objectClass=person)(!(cn=a\\29b)))"));
        CPPUNIT_ASSERT(!isParenthesizedFilter("objectClass=person"));
        CPPUNIT_ASSERT(!isParenthesizedFilter("(a=b)(c=d)"));
        CPPUNIT_ASSERT(!isParenthesizedFilter("(a=b))("));
        CPPUNIT_ASSERT(!isParenthesizedFilter("((a=b)"));
    }
};

ROTUNDA_TEST_SUITE(LdapTextTest);
