// ICalendar.h — writing RFC 5545 iCalendar text (all-day events), with no I/O.
#pragma once

#include <string>
#include <vector>

namespace rotunda::domain {

/// One all-day event of a feed.
struct CalendarEvent {
    std::string uid;          ///< stable per record, e.g. "rotation-<id>@rotunda"
    std::string startDate;    ///< YYYY-MM-DD, first day
    std::string endDate;      ///< YYYY-MM-DD, last day (inclusive; written exclusive)
    std::string stamp;        ///< UTC ISO-8601 time the record last changed (DTSTAMP)
    std::string summary;
    std::string location;
    std::string description;  ///< may hold line breaks
};

/// TEXT escaped for a property value: backslash, semicolon and comma get a
/// backslash; a line break (CRLF, LF or CR) becomes "\n"; other control
/// characters are dropped.
std::string icalText(const std::string& value);

/// A content line (without its CRLF) folded so no physical line exceeds 75
/// octets: CRLF and one space before each continuation. A UTF-8 sequence is
/// never split. The result ends with CRLF.
std::string icalLine(const std::string& line);

/// An ISO date YYYY-MM-DD as an iCalendar DATE (YYYYMMDD).
std::string icalDate(const std::string& isoDate);

/// A UTC ISO-8601 time (2026-11-23T08:00:00.000Z) as an iCalendar UTC DATE-TIME
/// (20261123T080000Z); "19700101T000000Z" for text that is not one.
std::string icalUtcTime(const std::string& isoTime);

/// A whole VCALENDAR with one VEVENT per event: all-day (VALUE=DATE), DTEND the
/// day after the last day, CRLF line endings, folded lines. `name` becomes
/// X-WR-CALNAME (the name calendar applications show).
std::string icalCalendar(const std::string& name, const std::vector<CalendarEvent>& events);

}  // namespace rotunda::domain
