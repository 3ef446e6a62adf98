// TimeZones.cpp — IANA time zones and local dates, on date/tz (USE_OS_TZDB: it
// reads /usr/share/zoneinfo, which Debian's tzdata keeps up to date).
#include "domain/TimeZones.h"

#include <date/date.h>
#include <date/tz.h>

#include <exception>

namespace rotunda::domain {
namespace {

const date::time_zone* findZone(const std::string& name) {
    // The database only names zones in this alphabet; anything else (paths,
    // "../", spaces) is refused before the lookup.
    if (name.empty() || name.size() > 64) return nullptr;
    for (const char c : name)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '-' || c == '+'))
            return nullptr;
    if (name.front() == '/' || name.find("..") != std::string::npos) return nullptr;
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return nullptr;  // not in the database
    }
}

}  // namespace

bool isTimeZone(const std::string& name) {
    return findZone(name) != nullptr;
}

std::string localDate(const std::string& name, std::chrono::system_clock::time_point when) {
    const auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(when);
    const date::time_zone* zone = findZone(name);
    if (zone == nullptr) return date::format("%F", date::floor<date::days>(seconds));
    const auto local = zone->to_local(seconds);
    return date::format("%F", date::floor<date::days>(local));
}

std::string todayIn(const std::string& name) {
    return localDate(name, std::chrono::system_clock::now());
}

}  // namespace rotunda::domain
