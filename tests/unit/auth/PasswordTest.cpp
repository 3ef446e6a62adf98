// PasswordTest.cpp — Argon2id hashes, the password policy, tokens and constant-time comparison.
#include "TestSupport.h"
#include "auth/AccountService.h"
#include "auth/PasswordHasher.h"
#include "auth/Secrets.h"

#include <set>

using rotunda::auth::PasswordHasher;

class PasswordTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PasswordTest);
    CPPUNIT_TEST(testHashIsArgon2idWithOwaspParameters);
    CPPUNIT_TEST(testVerifyAcceptsOnlyTheRightPassword);
    CPPUNIT_TEST(testSamePasswordHashesDifferently);
    CPPUNIT_TEST(testMalformedHashNeverMatches);
    CPPUNIT_TEST(testPolicyRequiresLengthAndRefusesNameAndEmail);
    CPPUNIT_TEST(testPolicyAllowsLongPassphrasesAndUnicode);
    CPPUNIT_TEST(testTokensAreRandomAndUrlSafe);
    CPPUNIT_TEST(testConstantTimeEquals);
    CPPUNIT_TEST(testEmailsAreNormalisedOrRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHashIsArgon2idWithOwaspParameters() {
        const std::string hash = PasswordHasher::hash("violet stapler orbit 42");
        CPPUNIT_ASSERT_MESSAGE(hash, hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
    }

    void testVerifyAcceptsOnlyTheRightPassword() {
        const std::string hash = PasswordHasher::hash("violet stapler orbit 42");
        CPPUNIT_ASSERT(PasswordHasher::verify(hash, "violet stapler orbit 42"));
        CPPUNIT_ASSERT(!PasswordHasher::verify(hash, "violet stapler orbit 43"));
        CPPUNIT_ASSERT(!PasswordHasher::verify(hash, ""));
    }

    void testSamePasswordHashesDifferently() {
        CPPUNIT_ASSERT(PasswordHasher::hash("same password here") != PasswordHasher::hash("same password here"));
    }

    void testMalformedHashNeverMatches() {
        CPPUNIT_ASSERT(!PasswordHasher::verify("", "x"));
        CPPUNIT_ASSERT(!PasswordHasher::verify("plaintext", "plaintext"));
        CPPUNIT_ASSERT(!PasswordHasher::verify("$argon2id$v=19$m=19456,t=2,p=1$garbage", "x"));
        CPPUNIT_ASSERT(!PasswordHasher::verify(PasswordHasher::decoyHash(), "anything at all"));
    }

    void testPolicyRequiresLengthAndRefusesNameAndEmail() {
        using rotunda::auth::passwordProblems;
        CPPUNIT_ASSERT_EQUAL(std::string("must be at least 12 characters long"),
                             passwordProblems("short", "a@b.org", "A B", 12).at(0));
        CPPUNIT_ASSERT_EQUAL(std::string("must not contain your email address"),
                             passwordProblems("xx-jordan.lee-xx-2026", "Jordan.Lee@hospital.org", "J L", 12).at(0));
        CPPUNIT_ASSERT_EQUAL(std::string("must not contain your name"),
                             passwordProblems("my name is PRIYA and more", "p@h.org", "Priya Raman", 12).at(0));
        CPPUNIT_ASSERT(passwordProblems("an okay passphrase", "p@h.org", "Al Bo", 12).empty());
    }

    void testPolicyAllowsLongPassphrasesAndUnicode() {
        using rotunda::auth::passwordProblems;
        CPPUNIT_ASSERT(passwordProblems(std::string(200, 'x') + " long one", "p@h.org", "Al", 12).empty());
        // Twelve characters, more bytes: length counts characters, not bytes.
        CPPUNIT_ASSERT(passwordProblems("ÅÄÖåäöÆØæøßé", "p@h.org", "Al", 12).empty());
        CPPUNIT_ASSERT(!passwordProblems("ÅÄÖåäöÆØæøß", "p@h.org", "Al", 12).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("must be at most 1024 bytes long"),
                             passwordProblems(std::string(1025, 'x'), "p@h.org", "Al", 12).at(0));
    }

    void testTokensAreRandomAndUrlSafe() {
        std::set<std::string> seen;
        for (int i = 0; i < 100; ++i) {
            const std::string token = rotunda::auth::randomToken();
            CPPUNIT_ASSERT_EQUAL(std::size_t(43), token.size());
            CPPUNIT_ASSERT(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
                           std::string::npos);
            seen.insert(token);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), seen.size());
        CPPUNIT_ASSERT_EQUAL(std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                             rotunda::auth::sha256Hex(""));
    }

    void testConstantTimeEquals() {
        CPPUNIT_ASSERT(rotunda::auth::constantTimeEquals("abc", "abc"));
        CPPUNIT_ASSERT(!rotunda::auth::constantTimeEquals("abc", "abd"));
        CPPUNIT_ASSERT(!rotunda::auth::constantTimeEquals("abc", "abcd"));
        CPPUNIT_ASSERT(!rotunda::auth::constantTimeEquals("", "a"));
        CPPUNIT_ASSERT(rotunda::auth::constantTimeEquals("", ""));
    }

    void testEmailsAreNormalisedOrRefused() {
        using rotunda::auth::normaliseEmail;
        CPPUNIT_ASSERT_EQUAL(std::string("zoe@example.org"), normaliseEmail("  Zoe@Example.ORG "));
        CPPUNIT_ASSERT_EQUAL(std::string(""), normaliseEmail("no-at-sign"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), normaliseEmail("a@b"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), normaliseEmail("two@@example.org"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), normaliseEmail("a b@example.org"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), normaliseEmail("x@example.org\r\nBcc: y@example.org"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), normaliseEmail(std::string(300, 'a') + "@example.org"));
    }
};

ROTUNDA_TEST_SUITE(PasswordTest);
