// ImmunizationDates.cpp — strict ISO dates and calendar arithmetic on std::chrono.
#include "ImmunizationDates.h"

#include <cstdio>

namespace rotunda::immunization {

using namespace std::chrono;

std::optional<Date> parseIsoDate(const std::string& text, std::string* problem) {
    const auto digits = [&](std::size_t from, std::size_t count) {
        int value = 0;
        for (std::size_t i = from; i < from + count; ++i) {
            if (text[i] < '0' || text[i] > '9') return -1;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
    const int y = shaped ? digits(0, 4) : -1;
    const int m = shaped ? digits(5, 2) : -1;
    const int d = shaped ? digits(8, 2) : -1;
    if (y < 0 || m < 0 || d < 0) {
        if (problem) *problem = "must be a date written YYYY-MM-DD";
        return std::nullopt;
    }
    const Date date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) {
        if (problem) *problem = "is not a date of the calendar (" + text + ")";
        return std::nullopt;
    }
    return date;
}

std::string isoDate(const Date& date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

long daysBetween(const Date& from, const Date& to) {
    return static_cast<long>((sys_days{to} - sys_days{from}).count());
}

Date addDays(const Date& date, long days) {
    return Date{sys_days{date} + std::chrono::days{days}};
}

Date addYears(const Date& date, int years) {
    const Date later = date + std::chrono::years{years};
    if (later.ok()) return later;
    return Date{year_month_day_last{later.year(), month_day_last{later.month()}}};
}

Date seasonStart(const Date& date, unsigned startMonth) {
    const month first{startMonth};
    const year y = date.month() >= first ? date.year() : date.year() - std::chrono::years{1};
    return Date{y, first, day{1}};
}

Date seasonEnd(const Date& start) {
    return addDays(start + std::chrono::years{1}, -1);
}

Date todayUtc() {
    return Date{floor<days>(system_clock::now())};
}

}  // namespace rotunda::immunization
