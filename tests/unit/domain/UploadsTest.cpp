// UploadsTest.cpp — content sniffing, declared types and file-name cleaning.
#include "TestSupport.h"
#include "domain/Uploads.h"

using rotunda::domain::cleanFilename;
using rotunda::domain::declaredTypeAgrees;
using rotunda::domain::sniffContentType;

class UploadsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(UploadsTest);
    CPPUNIT_TEST(testMagicBytesDecideTheType);
    CPPUNIT_TEST(testTheNameOnlyRefinesWhatTheBytesCannotTell);
    CPPUNIT_TEST(testTextIsValidUtf8WithoutControlCharacters);
    CPPUNIT_TEST(testDeclaredTypeMustAgreeWithContent);
    CPPUNIT_TEST(testFilenamesAreCleaned);
    CPPUNIT_TEST_SUITE_END();

public:
    void testMagicBytesDecideTheType() {
        CPPUNIT_ASSERT_EQUAL(std::string("application/pdf"), sniffContentType("%PDF-1.7\n", "x.png"));
        CPPUNIT_ASSERT_EQUAL(std::string("image/png"), sniffContentType("\x89PNG\r\n\x1a\n....", "x.pdf"));
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), sniffContentType("\xff\xd8\xff\xe0", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("image/gif"), sniffContentType("GIF89a", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("image/webp"), sniffContentType(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16), ""));
        CPPUNIT_ASSERT_EQUAL(std::string("image/tiff"), sniffContentType(std::string("II*\0\x08", 5), ""));
        CPPUNIT_ASSERT_EQUAL(std::string("application/octet-stream"), sniffContentType("\x7f" "ELF\x02", "a.pdf"));
        CPPUNIT_ASSERT_EQUAL(std::string("application/octet-stream"), sniffContentType("", "a.txt"));
        CPPUNIT_ASSERT_EQUAL(std::string("application/octet-stream"), sniffContentType(std::string("RIFF\x10\0\0\0WAVE", 12), ""));
    }

    void testTheNameOnlyRefinesWhatTheBytesCannotTell() {
        const std::string zip("PK\x03\x04rest", 8);
        CPPUNIT_ASSERT_EQUAL(std::string("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                             sniffContentType(zip, "Policy.DOCX"));
        CPPUNIT_ASSERT_EQUAL(std::string("application/zip"), sniffContentType(zip, "policy.pdf"));
        CPPUNIT_ASSERT_EQUAL(std::string("text/csv"), sniffContentType("name,dose\nMMR,1\n", "roster.csv"));
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain"), sniffContentType("name,dose\n", "roster.exe"));
    }

    void testTextIsValidUtf8WithoutControlCharacters() {
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain"), sniffContentType("Zoë — ok\r\n\tindented", "a.txt"));
        CPPUNIT_ASSERT_EQUAL(std::string("application/octet-stream"), sniffContentType(std::string("a\0b", 3), "a.txt"));
        CPPUNIT_ASSERT_EQUAL(std::string("application/octet-stream"), sniffContentType("bad \xc3\x28 utf8", "a.txt"));
        CPPUNIT_ASSERT_EQUAL(std::string("application/octet-stream"), sniffContentType("\xc0\xaf", "a.txt"));
        // A head cut inside a character is forgiven only when the head is full.
        std::string full(rotunda::domain::kSniffBytes - 1, 'a');
        full += "\xc3";
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain"), sniffContentType(full, "a.txt"));
        CPPUNIT_ASSERT_EQUAL(std::string("application/octet-stream"), sniffContentType("short \xc3", "a.txt"));
    }

    void testDeclaredTypeMustAgreeWithContent() {
        CPPUNIT_ASSERT(declaredTypeAgrees("", "application/pdf"));
        CPPUNIT_ASSERT(declaredTypeAgrees("application/octet-stream", "image/png"));
        CPPUNIT_ASSERT(declaredTypeAgrees("Application/PDF; name=x", "application/pdf"));
        CPPUNIT_ASSERT(declaredTypeAgrees("image/jpg", "image/jpeg"));
        CPPUNIT_ASSERT(declaredTypeAgrees("text/plain", "text/csv"));
        CPPUNIT_ASSERT(!declaredTypeAgrees("image/png", "application/octet-stream"));
        CPPUNIT_ASSERT(!declaredTypeAgrees("application/pdf", "image/png"));
    }

    void testFilenamesAreCleaned() {
        CPPUNIT_ASSERT_EQUAL(std::string("passwd"), cleanFilename("../../etc/passwd"));
        CPPUNIT_ASSERT_EQUAL(std::string("boot.ini"), cleanFilename("C:\\windows\\..\\boot.ini"));
        CPPUNIT_ASSERT_EQUAL(std::string("ab.pdf"), cleanFilename(std::string("a\0b.pdf", 7)));
        CPPUNIT_ASSERT_EQUAL(std::string("x.pdfSet-Cookie: a"), cleanFilename("x.pdf\r\nSet-Cookie: a"));
        CPPUNIT_ASSERT_EQUAL(std::string("htaccess"), cleanFilename("..htaccess"));
        CPPUNIT_ASSERT_EQUAL(std::string("document"), cleanFilename("../.."));
        CPPUNIT_ASSERT_EQUAL(std::string("document"), cleanFilename(""));
        CPPUNIT_ASSERT_EQUAL(std::string("quote.pdf"), cleanFilename("\"quote\".pdf"));
        CPPUNIT_ASSERT_EQUAL(std::string("Zoë résumé.pdf"), cleanFilename("Zoë résumé.pdf"));
        CPPUNIT_ASSERT_EQUAL(std::string("bad.pdf"), cleanFilename("bad\xff.pdf"));
        const std::string longName = cleanFilename(std::string(150, 'a') + std::string(60, '\xc3') + "x");
        CPPUNIT_ASSERT(longName.size() <= 200);
        std::string accents;
        for (int i = 0; i < 150; ++i) accents += "é";
        const std::string cut = cleanFilename(accents);
        CPPUNIT_ASSERT_EQUAL(std::size_t{200}, cut.size());  // 100 whole two-byte characters
    }
};

ROTUNDA_TEST_SUITE(UploadsTest);
