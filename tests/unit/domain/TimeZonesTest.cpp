// TimeZonesTest.cpp — IANA zone names against the system's database, and the
// local date in a zone on either side of midnight and of a DST change.
#include <date/date.h>

#include "TestSupport.h"
#include "domain/TimeZones.h"

using namespace rotunda::domain;

namespace {

// 2027-03-28 (the EU's spring change) at hh:mm UTC.
std::chrono::system_clock::time_point utc(int year, unsigned month, unsigned day, int hour,
                                          int minute) {
    using namespace std::chrono;
    return date::sys_days(date::year(year) / date::month(month) / date::day(day)) + hours(hour) +
           minutes(minute);
}

}  // namespace

class TimeZonesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TimeZonesTest);
    CPPUNIT_TEST(testZonesOfTheDatabaseAreKnown);
    CPPUNIT_TEST(testNamesThatAreNotZonesAreRefused);
    CPPUNIT_TEST(testTheLocalDateIsTheZones);
    CPPUNIT_TEST(testAnUnknownZoneReadsAsUtc);
    CPPUNIT_TEST_SUITE_END();

public:
    void testZonesOfTheDatabaseAreKnown() {
        for (const std::string zone :
             {"UTC", "Europe/Berlin", "America/New_York", "America/Argentina/Buenos_Aires",
              "Pacific/Kiritimati", "Etc/GMT+5", "Asia/Kolkata"})
            CPPUNIT_ASSERT_MESSAGE(zone, isTimeZone(zone));
        CPPUNIT_ASSERT_EQUAL(std::string("UTC"), kDefaultTimeZone);
    }

    void testNamesThatAreNotZonesAreRefused() {
        for (const std::string name :
             {"", "Mars/Olympus_Mons", "europe/berlin", "Europe/Berlin ", "../etc/passwd",
              "/usr/share/zoneinfo/UTC", "Europe/../UTC", "Europe\\Berlin", "CET\n"})
            CPPUNIT_ASSERT_MESSAGE(name, !isTimeZone(name));
        CPPUNIT_ASSERT(!isTimeZone(std::string(65, 'A')));
    }

    void testTheLocalDateIsTheZones() {
        // 23:30 UTC is already tomorrow in Berlin (UTC+1 in winter) and still today in New York.
        CPPUNIT_ASSERT_EQUAL(std::string("2027-01-16"),
                             localDate("Europe/Berlin", utc(2027, 1, 15, 23, 30)));
        CPPUNIT_ASSERT_EQUAL(std::string("2027-01-15"),
                             localDate("America/New_York", utc(2027, 1, 15, 23, 30)));
        CPPUNIT_ASSERT_EQUAL(std::string("2027-01-15"), localDate("UTC", utc(2027, 1, 15, 23, 30)));
        // UTC+14 and UTC-12 (Etc/GMT+12) differ by more than a day.
        CPPUNIT_ASSERT_EQUAL(std::string("2027-01-16"),
                             localDate("Pacific/Kiritimati", utc(2027, 1, 15, 10, 0)));
        CPPUNIT_ASSERT_EQUAL(std::string("2027-01-14"),
                             localDate("Etc/GMT+12", utc(2027, 1, 15, 11, 0)));
        // Berlin at 22:30 UTC: 23:30 local in winter, 00:30 the next day in summer (UTC+2).
        CPPUNIT_ASSERT_EQUAL(std::string("2027-03-27"),
                             localDate("Europe/Berlin", utc(2027, 3, 27, 22, 30)));
        CPPUNIT_ASSERT_EQUAL(std::string("2027-03-29"),
                             localDate("Europe/Berlin", utc(2027, 3, 28, 22, 30)));
        // A leap day.
        CPPUNIT_ASSERT_EQUAL(std::string("2028-02-29"),
                             localDate("Asia/Tokyo", utc(2028, 2, 28, 15, 0)));
    }

    void testAnUnknownZoneReadsAsUtc() {
        CPPUNIT_ASSERT_EQUAL(std::string("2027-01-15"),
                             localDate("Mars/Olympus_Mons", utc(2027, 1, 15, 23, 30)));
        CPPUNIT_ASSERT_EQUAL(todayIn("UTC"), todayIn("no such zone"));
    }
};

ROTUNDA_TEST_SUITE(TimeZonesTest);
