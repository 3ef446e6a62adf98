// Roster.h — the rules of a school's student roster import, with no I/O.
#pragma once

#include "domain/Csv.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace rotunda::domain {

/// Limits of one roster row, in bytes of UTF-8.
constexpr std::size_t kMaxStudentName = 200;
constexpr std::size_t kMaxStudentEmail = 254;
constexpr std::size_t kMaxStudentProgram = 100;
/// The most rows one import takes (a large school's whole roster fits).
constexpr std::size_t kMaxRosterRows = 100000;

/// One student as a roster row gives them.
struct StudentRow {
    std::size_t row = 0;   ///< 1-based line of the file, as a spreadsheet numbers it
    std::string name;
    std::string email;     ///< normalised
    std::string program;   ///< may be empty
    int graduationYear = 0;  ///< 0: not given
};

/// What is wrong with one row (or the file, row 0).
struct RosterProblem {
    std::size_t row = 0;
    std::string field;  ///< name, email, program, graduationYear, or "file"
    std::string message;
};

/// A roster file read and checked.
struct RosterPlan {
    std::vector<StudentRow> students;     ///< rows without problems
    std::vector<RosterProblem> problems;  ///< one or more per bad row; row 0: the whole file
    std::size_t rows = 0;                 ///< data rows in the file (header excluded)
    bool hasHeader = false;
};

/// Turns an email into its stored form, or "" when it is not an address (the
/// caller passes auth::normaliseEmail, so the roster and sign-up agree).
using EmailNormaliser = std::function<std::string(const std::string&)>;

/// Reads a roster CSV: a header row naming the columns in any order and case
/// (name or "full name"; email or "e-mail"; optional program; optional
/// "graduation year", "grad year" or "year"), or no header and the columns in
/// that order when the first row's second cell is an email. Each row is checked
/// (name present, email valid and not twice in the file, lengths, year
/// 1900–2100, valid UTF-8, no control characters). A file that is empty, not
/// CSV, has no email column or holds more than kMaxRosterRows rows is a file
/// problem (row 0) and yields no students.
RosterPlan planRoster(std::string_view csv, const EmailNormaliser& normalise);

/// A graduation year from text: 1900–2100, or 0 for empty; -1 when malformed.
int parseGraduationYear(const std::string& text);

}  // namespace rotunda::domain
