// ImmunizationDates.h — the calendar arithmetic of the step-immunization plugin, on
// std::chrono's C++20 calendar types: strict ISO dates, day counts, anniversaries
// and influenza seasons. No time zones here: the host gives facility-local dates.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace rotunda::immunization {

/// A calendar date (facility-local; no time of day, no zone).
using Date = std::chrono::year_month_day;

/// Reads a date written exactly as YYYY-MM-DD. Returns nothing when the text is not
/// in that form or names no day of the calendar (2025-02-30, 2025-02-29); then
/// `problem`, when given, says which, as a message for the person who typed it.
std::optional<Date> parseIsoDate(const std::string& text, std::string* problem = nullptr);

/// YYYY-MM-DD.
std::string isoDate(const Date& date);

/// Days from `from` to `to` (negative when `to` is earlier).
long daysBetween(const Date& from, const Date& to);

/// `date` plus `days` (may be negative).
Date addDays(const Date& date, long days);

/// The same month and day `years` later; a 29 February that does not exist in the
/// target year becomes 28 February, so a validity period never runs a day long.
Date addYears(const Date& date, int years);

/// The first day of the influenza season containing `date`, seasons starting on the
/// first day of `startMonth` (1–12): with 8, 2026-07-31 is in the season from
/// 2025-08-01 and 2026-08-01 starts the next.
Date seasonStart(const Date& date, unsigned startMonth);

/// The last day of the season that starts on `start`.
Date seasonEnd(const Date& start);

/// Today's date in UTC, for hosts older than plugin ABI 1.2 that give no local date.
Date todayUtc();

}  // namespace rotunda::immunization
