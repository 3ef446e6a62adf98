// ErrorText.h — database errors as one line for operators' logs and /health.
#pragma once

#include <cctype>
#include <string>

namespace rotunda::store {

/// `text` with every run of whitespace, line breaks included, turned into one
/// space. libpq's messages span lines ("... failed: Connection refused\n\tIs the
/// server running ..."), and a log line or health reason must stay one line.
inline std::string oneLine(const std::string& text) {
    std::string line;
    bool space = false;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !line.empty();
            continue;
        }
        if (space) line += ' ';
        space = false;
        line += c;
    }
    return line;
}

}  // namespace rotunda::store
