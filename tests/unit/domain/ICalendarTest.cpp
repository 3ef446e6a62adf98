// ICalendarTest.cpp — calendar feeds as RFC 5545 says: escaped text, lines
// folded at 75 octets without cutting a character, all-day dates with DTEND
// exclusive, CRLF everywhere.
#include "TestSupport.h"
#include "domain/ICalendar.h"

using namespace rotunda::domain;

namespace {

std::vector<std::string> physicalLines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t at = text.find("\r\n"); at != std::string::npos; at = text.find("\r\n", start)) {
        lines.push_back(text.substr(start, at - start));
        start = at + 2;
    }
    if (start < text.size()) lines.push_back(text.substr(start));
    return lines;
}

std::string unfolded(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, "\r\n ") == 0) {
            i += 2;
            continue;
        }
        out += text[i];
    }
    return out;
}

}  // namespace

class ICalendarTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ICalendarTest);
    CPPUNIT_TEST(testTextIsEscaped);
    CPPUNIT_TEST(testShortLinesAreNotFolded);
    CPPUNIT_TEST(testLongLinesFoldAt75Octets);
    CPPUNIT_TEST(testFoldingNeverSplitsAUtf8Character);
    CPPUNIT_TEST(testDatesAndTimes);
    CPPUNIT_TEST(testCalendarHasAllDayEventsWithExclusiveEnd);
    CPPUNIT_TEST(testEveryLineEndsInCrlfAndNoneIsTooLong);
    CPPUNIT_TEST(testHostileTextCannotAddProperties);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTextIsEscaped() {
        CPPUNIT_ASSERT_EQUAL(std::string("a\\\\b\\;c\\,d"), icalText("a\\b;c,d"));
        CPPUNIT_ASSERT_EQUAL(std::string("one\\ntwo\\nthree\\nfour"), icalText("one\r\ntwo\nthree\rfour"));
        CPPUNIT_ASSERT_EQUAL(std::string("tabgone"), icalText("tab\tgone"));
        CPPUNIT_ASSERT_EQUAL(std::string("Zoë: \"quoted\""), icalText("Zoë: \"quoted\""));
    }

    void testShortLinesAreNotFolded() {
        const std::string line(75, 'x');
        CPPUNIT_ASSERT_EQUAL(line + "\r\n", icalLine(line));
    }

    void testLongLinesFoldAt75Octets() {
        const std::string line = "SUMMARY:" + std::string(200, 'a');
        const std::string folded = icalLine(line);
        const auto lines = physicalLines(folded);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(75), lines[0].size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(75), lines[1].size());
        CPPUNIT_ASSERT_EQUAL(' ', lines[1][0]);
        CPPUNIT_ASSERT_EQUAL(' ', lines[2][0]);
        CPPUNIT_ASSERT_EQUAL(line + "\r\n", unfolded(folded));
    }

    void testFoldingNeverSplitsAUtf8Character() {
        std::string line = "SUMMARY:";
        for (int i = 0; i < 60; ++i) line += "é€";  // 2 + 3 octets each
        const std::string folded = icalLine(line);
        for (const auto& physical : physicalLines(folded)) {
            CPPUNIT_ASSERT(physical.size() <= 75);
            const std::string content = physical[0] == ' ' ? physical.substr(1) : physical;
            // No line starts with a continuation byte nor ends inside a sequence.
            CPPUNIT_ASSERT((static_cast<unsigned char>(content.front()) & 0xC0) != 0x80);
            const unsigned char last = static_cast<unsigned char>(content.back());
            CPPUNIT_ASSERT(last < 0x80 || (last & 0xC0) == 0x80);
        }
        CPPUNIT_ASSERT_EQUAL(line + "\r\n", unfolded(folded));
    }

    void testDatesAndTimes() {
        CPPUNIT_ASSERT_EQUAL(std::string("20270301"), icalDate("2027-03-01"));
        CPPUNIT_ASSERT_EQUAL(std::string("20261123T080910Z"), icalUtcTime("2026-11-23T08:09:10.123Z"));
        CPPUNIT_ASSERT_EQUAL(std::string("19700101T000000Z"), icalUtcTime("yesterday"));
    }

    void testCalendarHasAllDayEventsWithExclusiveEnd() {
        CalendarEvent e;
        e.uid = "rotation-1@rotunda";
        e.startDate = "2027-02-20";
        e.endDate = "2027-02-28";  // the last day; DTEND is the day after: 1 March (2027 is no leap year)
        e.stamp = "2026-11-23T08:00:00.000Z";
        e.summary = "Cardiology, Mercy";
        e.location = "Building B; floor 2";
        e.description = "Status: onboarding\nPreceptor: Dr. X";
        const std::string ics = unfolded(icalCalendar("My rotations", {e}));
        CPPUNIT_ASSERT(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 0) == 0);
        CPPUNIT_ASSERT(ics.find("X-WR-CALNAME:My rotations\r\n") != std::string::npos);
        CPPUNIT_ASSERT(ics.find("BEGIN:VEVENT\r\nUID:rotation-1@rotunda\r\nDTSTAMP:20261123T080000Z\r\n") !=
                       std::string::npos);
        CPPUNIT_ASSERT(ics.find("DTSTART;VALUE=DATE:20270220\r\n") != std::string::npos);
        CPPUNIT_ASSERT(ics.find("DTEND;VALUE=DATE:20270301\r\n") != std::string::npos);
        CPPUNIT_ASSERT(ics.find("SUMMARY:Cardiology\\, Mercy\r\n") != std::string::npos);
        CPPUNIT_ASSERT(ics.find("LOCATION:Building B\\; floor 2\r\n") != std::string::npos);
        CPPUNIT_ASSERT(ics.find("DESCRIPTION:Status: onboarding\\nPreceptor: Dr. X\r\n") != std::string::npos);
        CPPUNIT_ASSERT(ics.size() > 15 && ics.compare(ics.size() - 15, 15, "END:VCALENDAR\r\n") == 0);
    }

    void testEveryLineEndsInCrlfAndNoneIsTooLong() {
        CalendarEvent e;
        e.uid = "rotation-2@rotunda";
        e.startDate = e.endDate = "2027-12-31";
        e.summary = std::string(300, 'S');
        e.description = std::string(100, 'd') + "\n" + std::string(100, 'e');
        const std::string ics = icalCalendar("x", {e, e});
        for (std::size_t i = 0; i < ics.size(); ++i) {
            if (ics[i] == '\n') CPPUNIT_ASSERT(i > 0 && ics[i - 1] == '\r');
            if (ics[i] == '\r') CPPUNIT_ASSERT(i + 1 < ics.size() && ics[i + 1] == '\n');
        }
        for (const auto& line : physicalLines(ics)) CPPUNIT_ASSERT(line.size() <= 75);
        CPPUNIT_ASSERT(unfolded(ics).find("DTEND;VALUE=DATE:20280101\r\n") != std::string::npos);
    }

    void testHostileTextCannotAddProperties() {
        CalendarEvent e;
        e.uid = "rotation-3@rotunda";
        e.startDate = e.endDate = "2027-01-01";
        e.summary = "Evil\r\nATTENDEE:mailto:x@example.org\r\nEND:VEVENT";
        const std::string ics = unfolded(icalCalendar("x", {e}));
        CPPUNIT_ASSERT(ics.find("\r\nATTENDEE") == std::string::npos);
        CPPUNIT_ASSERT(ics.find("SUMMARY:Evil\\nATTENDEE:mailto:x@example.org\\nEND:VEVENT\r\n") != std::string::npos);
    }
};

ROTUNDA_TEST_SUITE(ICalendarTest);
