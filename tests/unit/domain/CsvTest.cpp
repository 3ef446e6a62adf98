// CsvTest.cpp — reading hostile CSV and writing cells a spreadsheet cannot run.
#include "TestSupport.h"
#include "domain/Csv.h"

using namespace rotunda::domain;

class CsvTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CsvTest);
    CPPUNIT_TEST(testByteOrderMarkAndLineEndingsAreAccepted);
    CPPUNIT_TEST(testQuotedFieldsHoldCommasQuotesAndLineBreaks);
    CPPUNIT_TEST(testRecordsKnowTheLineTheyStartOn);
    CPPUNIT_TEST(testUnterminatedQuoteNamesItsLine);
    CPPUNIT_TEST(testTextAfterClosingQuoteIsAnError);
    CPPUNIT_TEST(testEmptyTextHasNoRecords);
    CPPUNIT_TEST(testUtf8IsValidated);
    CPPUNIT_TEST(testWrittenFieldsAreQuotedAndFormulasNeutralised);
    CPPUNIT_TEST(testWhatIsWrittenReadsBack);
    CPPUNIT_TEST(testHostileCellsReadBackAsText);
    CPPUNIT_TEST_SUITE_END();

public:
    void testByteOrderMarkAndLineEndingsAreAccepted() {
        const CsvParse parsed = parseCsv("\xEF\xBB\xBFname,email\r\nAna,a@x.org\nBo,b@x.org\rCy,c@x.org");
        CPPUNIT_ASSERT(!parsed.error);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), parsed.records.size());
        CPPUNIT_ASSERT_EQUAL(std::string("name"), parsed.records[0].fields[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("c@x.org"), parsed.records[3].fields[1]);
    }

    void testQuotedFieldsHoldCommasQuotesAndLineBreaks() {
        const CsvParse parsed = parseCsv("\"Doe, Jane \"\"JD\"\"\",\"line1\r\nline2\",\n");
        CPPUNIT_ASSERT(!parsed.error);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), parsed.records.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), parsed.records[0].fields.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Doe, Jane \"JD\""), parsed.records[0].fields[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("line1\nline2"), parsed.records[0].fields[1]);
        CPPUNIT_ASSERT_EQUAL(std::string(""), parsed.records[0].fields[2]);
    }

    void testRecordsKnowTheLineTheyStartOn() {
        const CsvParse parsed = parseCsv("h\n\n\"a\nb\"\nc\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), parsed.records.size());  // the blank line is skipped
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), parsed.records[1].line);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), parsed.records[2].line);
    }

    void testUnterminatedQuoteNamesItsLine() {
        const CsvParse parsed = parseCsv("a,b\nc,\"never closed\nd\n");
        CPPUNIT_ASSERT(parsed.error);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), parsed.error->line);
    }

    void testTextAfterClosingQuoteIsAnError() {
        CPPUNIT_ASSERT(parseCsv("\"a\"b,c\n").error);
        const CsvParse lenient = parseCsv("a\"b,c\n");  // a quote inside an unquoted field is text
        CPPUNIT_ASSERT(!lenient.error);
        CPPUNIT_ASSERT_EQUAL(std::string("a\"b"), lenient.records[0].fields[0]);
    }

    void testEmptyTextHasNoRecords() {
        CPPUNIT_ASSERT(parseCsv("").records.empty());
        CPPUNIT_ASSERT(parseCsv("\xEF\xBB\xBF\r\n\r\n").records.empty());
    }

    void testUtf8IsValidated() {
        CPPUNIT_ASSERT(isValidUtf8("Zoë Ångström 日本 😀"));
        CPPUNIT_ASSERT(!isValidUtf8("\xFF"));
        CPPUNIT_ASSERT(!isValidUtf8("\xC0\xAF"));          // overlong '/'
        CPPUNIT_ASSERT(!isValidUtf8("\xED\xA0\x80"));      // surrogate
        CPPUNIT_ASSERT(!isValidUtf8("\xE6\x97"));          // truncated
        CPPUNIT_ASSERT(!isValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    }

    void testWrittenFieldsAreQuotedAndFormulasNeutralised() {
        CPPUNIT_ASSERT_EQUAL(std::string("plain"), csvField("plain"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"a,b\""), csvField("a,b"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"say \"\"hi\"\"\""), csvField("say \"hi\""));
        CPPUNIT_ASSERT_EQUAL(std::string("'=HYPERLINK(1)"), csvField("=HYPERLINK(1)"));
        CPPUNIT_ASSERT_EQUAL(std::string("'+1"), csvField("+1"));
        CPPUNIT_ASSERT_EQUAL(std::string("'-2"), csvField("-2"));
        CPPUNIT_ASSERT_EQUAL(std::string("'@SUM(A1)"), csvField("@SUM(A1)"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"'=1,2\""), csvField("=1,2"));
        CPPUNIT_ASSERT_EQUAL(std::string("a,\"b\nc\"\r\n"), csvLine({"a", "b\nc"}));
    }

    void testWhatIsWrittenReadsBack() {
        const std::vector<std::string> fields{"Doe, \"J\"", "x\ny", "", "ü"};
        const CsvParse parsed = parseCsv(csvLine(fields) + csvLine(fields));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), parsed.records.size());
        CPPUNIT_ASSERT(parsed.records[1].fields == fields);
    }

    // A rotation export carries names people typed: whatever they hold, each
    // comes back from a CSV reader as one cell, and none starts a formula.
    void testHostileCellsReadBackAsText() {
        const std::vector<std::string> hostile{"=cmd|' /C calc'!A0", "@SUM(1,2)\r\n=2", "-1+\"x\"", "+\t1",
                                               "\t=1", "\"=quoted\"", "ok=fine"};
        const CsvParse parsed = parseCsv(csvLine(hostile));
        CPPUNIT_ASSERT(!parsed.error);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), parsed.records.size());
        const auto& cells = parsed.records[0].fields;
        CPPUNIT_ASSERT_EQUAL(hostile.size(), cells.size());
        for (std::size_t i = 0; i + 2 < hostile.size(); ++i) {
            CPPUNIT_ASSERT_EQUAL('\'', cells[i].front());
        }
        CPPUNIT_ASSERT_EQUAL(std::string("'=cmd|' /C calc'!A0"), cells[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("'@SUM(1,2)\n=2"), cells[1]);  // line breaks read back as LF
        CPPUNIT_ASSERT_EQUAL(std::string("\"=quoted\""), cells[5]);     // a quote first is not a formula
        CPPUNIT_ASSERT_EQUAL(std::string("ok=fine"), cells[6]);
    }
};


ROTUNDA_TEST_SUITE(CsvTest);
