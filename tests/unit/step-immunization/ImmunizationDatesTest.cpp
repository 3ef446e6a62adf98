// ImmunizationDatesTest.cpp — strict ISO dates, day counts, anniversaries and
// influenza seasons on std::chrono's calendar, with leap years.
#include "ImmunizationDates.h"
#include "TestSupport.h"

using namespace rotunda::immunization;

namespace {

Date date(const std::string& text) {
    const auto parsed = parseIsoDate(text);
    if (!parsed) throw std::invalid_argument("test date " + text);
    return *parsed;
}

std::string problemOf(const std::string& text) {
    std::string problem;
    return parseIsoDate(text, &problem) ? "(a date)" : problem;
}

}  // namespace

class ImmunizationDatesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ImmunizationDatesTest);
    CPPUNIT_TEST(testIsoDatesRoundTrip);
    CPPUNIT_TEST(testMalformedTextIsNotADate);
    CPPUNIT_TEST(testDaysThatTheCalendarLacksAreRefused);
    CPPUNIT_TEST(testDaysBetweenCountLeapDays);
    CPPUNIT_TEST(testAddYearsMovesALeapDayBackToTheTwentyEighth);
    CPPUNIT_TEST(testSeasonsChangeOnTheFirstOfTheStartMonth);
    CPPUNIT_TEST(testTodayInUtcIsADate);
    CPPUNIT_TEST_SUITE_END();

public:
    void testIsoDatesRoundTrip() {
        for (const char* text : {"2026-11-23", "2024-02-29", "1900-01-01", "2000-12-31"})
            CPPUNIT_ASSERT_EQUAL(std::string(text), isoDate(date(text)));
    }

    void testMalformedTextIsNotADate() {
        for (const char* text : {"", "2026-1-05", "2026/01/05", "05-01-2026", "2026-01-05T00:00", " 2026-01-05",
                                 "2026-0a-05", "twenty", "+026-01-05", "2026-01--5"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(text, std::string("must be a date written YYYY-MM-DD"), problemOf(text));
    }

    void testDaysThatTheCalendarLacksAreRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("is not a date of the calendar (2025-02-30)"), problemOf("2025-02-30"));
        CPPUNIT_ASSERT_EQUAL(std::string("is not a date of the calendar (2025-02-29)"), problemOf("2025-02-29"));
        CPPUNIT_ASSERT_EQUAL(std::string("is not a date of the calendar (1900-02-29)"), problemOf("1900-02-29"));
        CPPUNIT_ASSERT_EQUAL(std::string("is not a date of the calendar (2026-13-01)"), problemOf("2026-13-01"));
        CPPUNIT_ASSERT_EQUAL(std::string("is not a date of the calendar (2026-04-31)"), problemOf("2026-04-31"));
        CPPUNIT_ASSERT_EQUAL(std::string("is not a date of the calendar (2026-00-10)"), problemOf("2026-00-10"));
        CPPUNIT_ASSERT_EQUAL(std::string("(a date)"), problemOf("2000-02-29"));  // divisible by 400
    }

    void testDaysBetweenCountLeapDays() {
        CPPUNIT_ASSERT_EQUAL(366L, daysBetween(date("2024-01-01"), date("2025-01-01")));
        CPPUNIT_ASSERT_EQUAL(365L, daysBetween(date("2024-02-29"), date("2025-02-28")));
        CPPUNIT_ASSERT_EQUAL(28L, daysBetween(date("2024-02-01"), date("2024-02-29")));
        CPPUNIT_ASSERT_EQUAL(28L, daysBetween(date("2023-02-01"), date("2023-03-01")));
        CPPUNIT_ASSERT_EQUAL(-1L, daysBetween(date("2026-01-01"), date("2025-12-31")));
        CPPUNIT_ASSERT_EQUAL(std::string("2025-03-01"), isoDate(addDays(date("2024-03-01"), 365)));
        CPPUNIT_ASSERT_EQUAL(std::string("2024-02-29"), isoDate(addDays(date("2024-03-01"), -1)));
    }

    void testAddYearsMovesALeapDayBackToTheTwentyEighth() {
        CPPUNIT_ASSERT_EQUAL(std::string("2034-02-28"), isoDate(addYears(date("2024-02-29"), 10)));
        CPPUNIT_ASSERT_EQUAL(std::string("2028-02-29"), isoDate(addYears(date("2024-02-29"), 4)));
        CPPUNIT_ASSERT_EQUAL(std::string("2036-06-15"), isoDate(addYears(date("2026-06-15"), 10)));
    }

    void testSeasonsChangeOnTheFirstOfTheStartMonth() {
        CPPUNIT_ASSERT_EQUAL(std::string("2025-08-01"), isoDate(seasonStart(date("2026-07-31"), 8)));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-08-01"), isoDate(seasonStart(date("2026-08-01"), 8)));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-08-01"), isoDate(seasonStart(date("2027-01-15"), 8)));
        CPPUNIT_ASSERT_EQUAL(std::string("2027-07-31"), isoDate(seasonEnd(date("2026-08-01"))));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01"), isoDate(seasonStart(date("2026-12-31"), 1)));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-31"), isoDate(seasonEnd(date("2026-01-01"))));
        // A southern-hemisphere facility: seasons from 1 March, ending on the leap day.
        CPPUNIT_ASSERT_EQUAL(std::string("2027-03-01"), isoDate(seasonStart(date("2027-03-01"), 3)));
        CPPUNIT_ASSERT_EQUAL(std::string("2028-02-29"), isoDate(seasonEnd(date("2027-03-01"))));
    }

    void testTodayInUtcIsADate() {
        const Date today = todayUtc();
        CPPUNIT_ASSERT(today.ok());
        CPPUNIT_ASSERT(parseIsoDate(isoDate(today)).has_value());
    }
};

ROTUNDA_TEST_SUITE(ImmunizationDatesTest);
