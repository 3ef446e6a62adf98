// TimeZones.h — IANA time zones (the system's zone database, through Howard
// Hinnant's date/tz library) and the local date in one.
#pragma once

#include <chrono>
#include <string>

namespace rotunda::domain {

/// The zone organizations have until their admins choose one.
inline const std::string kDefaultTimeZone = "UTC";

/// True when `name` is a zone or link of the system's IANA database
/// ("Europe/Berlin", "America/New_York", "UTC"); names are case-sensitive.
bool isTimeZone(const std::string& name);

/// The local date (YYYY-MM-DD) in zone `name` at `when`. An unknown zone is
/// read as UTC, so a value that predates validation never stops a request.
std::string localDate(const std::string& name, std::chrono::system_clock::time_point when);

/// The local date in zone `name` now.
std::string todayIn(const std::string& name);

}  // namespace rotunda::domain
