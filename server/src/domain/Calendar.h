// Calendar.h — dates of the domain (YYYY-MM-DD) and ranges of them.
#pragma once

#include <string>

namespace rotunda::domain {

/// True for a real calendar date written YYYY-MM-DD (2027-02-29 is not one).
bool isIsoDate(const std::string& text);

/// An inclusive range of ISO dates; such text compares as the dates do.
struct DateRange {
    std::string start;
    std::string end;
};

/// True when the ranges share at least one day (both ends inclusive).
bool overlaps(const DateRange& a, const DateRange& b);

/// True when `outer` contains every day of `inner`.
bool covers(const DateRange& outer, const DateRange& inner);

/// The ISO date `days` after `date` (negative: before). `date` must be an ISO date.
std::string addDays(const std::string& date, int days);

/// Today in UTC, as an ISO date.
std::string todayUtc();

}  // namespace rotunda::domain
