// Csv.h — reading and writing RFC 4180 CSV text, with no I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rotunda::domain {

/// One record of a CSV text and the physical line it starts on (1-based), so
/// problems can name the line a spreadsheet shows.
struct CsvRecord {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

/// Why a text is not CSV.
struct CsvError {
    std::size_t line = 0;  ///< 1-based line where the problem was found
    std::string message;
};

/// The outcome of parsing: the records, or the first error.
struct CsvParse {
    std::vector<CsvRecord> records;
    std::optional<CsvError> error;
};

/// Parses RFC 4180 text with the leniencies spreadsheets need: a UTF-8 byte
/// order mark is skipped, records end in CRLF, LF or CR, quoted fields may hold
/// commas, doubled quotes and line breaks, and blank lines are skipped. A quote
/// inside an unquoted field is kept as text; an unterminated quoted field, or
/// text after a closing quote, is an error naming its line. Bytes are not
/// decoded: check UTF-8 with isValidUtf8.
CsvParse parseCsv(std::string_view text);

/// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool isValidUtf8(std::string_view text);

/// One field written for RFC 4180: quoted when it holds a comma, quote, CR or
/// LF (quotes doubled). A cell beginning with = + - @, tab or CR is prefixed
/// with an apostrophe first, so a spreadsheet shows it as text instead of
/// running it as a formula (CSV injection).
std::string csvField(const std::string& value);

/// A whole record: fields joined by commas, ended by CRLF.
std::string csvLine(const std::vector<std::string>& fields);

}  // namespace rotunda::domain
