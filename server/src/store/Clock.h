// Clock.h — how the store writes times: UTC ISO-8601 text, which sorts as it reads.
#pragma once

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <string>

namespace rotunda::store {

/// `when` as "YYYY-MM-DDTHH:MM:SS.mmmZ".
inline std::string utcText(const Poco::Timestamp& when) {
    return Poco::DateTimeFormatter::format(when, "%Y-%m-%dT%H:%M:%S.%iZ");
}

/// Now, as utcText.
inline std::string utcNow() {
    return utcText(Poco::Timestamp());
}

}  // namespace rotunda::store
