// ICalendar.cpp — writing RFC 5545 iCalendar text (all-day events), with no I/O.
#include "domain/ICalendar.h"

#include "domain/Calendar.h"

namespace rotunda::domain {

std::string icalText(const std::string& value) {
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '\\' || c == ';' || c == ',') {
            out += '\\';
            out += c;
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < value.size() && value[i + 1] == '\n') ++i;
            out += "\\n";
        } else if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) {
            out += c;
        }
    }
    return out;
}

std::string icalLine(const std::string& line) {
    constexpr std::size_t kMostOctets = 75;
    std::string out;
    std::size_t at = 0;
    bool first = true;
    while (line.size() - at > (first ? kMostOctets : kMostOctets - 1)) {
        std::size_t take = first ? kMostOctets : kMostOctets - 1;
        // Back off to the start of a UTF-8 sequence: never cut a character in two.
        while (take > 1 && (static_cast<unsigned char>(line[at + take]) & 0xC0) == 0x80) --take;
        out += line.substr(at, take);
        out += "\r\n ";
        at += take;
        first = false;
    }
    out += line.substr(at);
    return out + "\r\n";
}

std::string icalDate(const std::string& isoDate) {
    std::string out;
    for (const char c : isoDate)
        if (c != '-') out += c;
    return out;
}

std::string icalUtcTime(const std::string& isoTime) {
    // 2026-11-23T08:00:00.000Z
    if (isoTime.size() < 19 || !isIsoDate(isoTime.substr(0, 10)) || isoTime[10] != 'T') return "19700101T000000Z";
    std::string time;
    for (const char c : isoTime.substr(11, 8))
        if (c != ':') time += c;
    if (time.size() != 6 || time.find_first_not_of("0123456789") != std::string::npos) return "19700101T000000Z";
    return icalDate(isoTime.substr(0, 10)) + "T" + time + "Z";
}

std::string icalCalendar(const std::string& name, const std::vector<CalendarEvent>& events) {
    std::string out = icalLine("BEGIN:VCALENDAR") + icalLine("VERSION:2.0") +
                      icalLine("PRODID:-//Rotunda//Rotations//EN") + icalLine("CALSCALE:GREGORIAN") +
                      icalLine("METHOD:PUBLISH") + icalLine("X-WR-CALNAME:" + icalText(name));
    for (const auto& e : events) {
        out += icalLine("BEGIN:VEVENT");
        out += icalLine("UID:" + icalText(e.uid));
        out += icalLine("DTSTAMP:" + icalUtcTime(e.stamp));
        out += icalLine("DTSTART;VALUE=DATE:" + icalDate(e.startDate));
        out += icalLine("DTEND;VALUE=DATE:" + icalDate(addDays(e.endDate, 1)));
        out += icalLine("SUMMARY:" + icalText(e.summary));
        if (!e.location.empty()) out += icalLine("LOCATION:" + icalText(e.location));
        if (!e.description.empty()) out += icalLine("DESCRIPTION:" + icalText(e.description));
        out += icalLine("TRANSP:TRANSPARENT");
        out += icalLine("END:VEVENT");
    }
    return out + icalLine("END:VCALENDAR");
}

}  // namespace rotunda::domain
