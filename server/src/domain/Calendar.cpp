// Calendar.cpp — dates of the domain (YYYY-MM-DD) and ranges of them.
#include "domain/Calendar.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timespan.h>

#include <cctype>

namespace rotunda::domain {

bool isIsoDate(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    const int year = std::stoi(text.substr(0, 4));
    const int month = std::stoi(text.substr(5, 2));
    const int day = std::stoi(text.substr(8, 2));
    return year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= Poco::DateTime::daysOfMonth(year, month);
}

bool overlaps(const DateRange& a, const DateRange& b) { return a.start <= b.end && b.start <= a.end; }

bool covers(const DateRange& outer, const DateRange& inner) {
    return outer.start <= inner.start && inner.end <= outer.end;
}

std::string addDays(const std::string& date, int days) {
    Poco::DateTime when(std::stoi(date.substr(0, 4)), std::stoi(date.substr(5, 2)), std::stoi(date.substr(8, 2)));
    when += Poco::Timespan(days, 0, 0, 0, 0);
    return Poco::DateTimeFormatter::format(when, "%Y-%m-%d");
}

std::string todayUtc() { return Poco::DateTimeFormatter::format(Poco::DateTime(), "%Y-%m-%d"); }

}  // namespace rotunda::domain
