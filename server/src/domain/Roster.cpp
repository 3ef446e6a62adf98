// Roster.cpp — the rules of a school's student roster import, with no I/O.
#include "domain/Roster.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace rotunda::domain {
namespace {

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

/// The column a header cell names: lower-cased, spaces, dashes and underscores dropped.
std::string columnOf(const std::string& cell) {
    std::string key;
    for (const char c : trimmed(cell))
        if (c != ' ' && c != '_' && c != '-') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const std::map<std::string, std::string> names{
        {"name", "name"},           {"fullname", "name"},         {"studentname", "name"},
        {"email", "email"},         {"emailaddress", "email"},    {"mail", "email"},
        {"program", "program"},     {"programme", "program"},     {"graduationyear", "graduationYear"},
        {"gradyear", "graduationYear"}, {"year", "graduationYear"}, {"classof", "graduationYear"}};
    const auto found = names.find(key);
    return found == names.end() ? "" : found->second;
}

bool hasControlCharacters(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

void checkRow(const CsvRecord& record, const std::map<std::string, std::size_t>& columns,
              const EmailNormaliser& normalise, std::map<std::string, std::size_t>& seen, RosterPlan& plan) {
    const auto cell = [&](const std::string& column) {
        const auto at = columns.find(column);
        return at == columns.end() || at->second >= record.fields.size() ? std::string()
                                                                          : trimmed(record.fields[at->second]);
    };
    const std::size_t before = plan.problems.size();
    const auto problem = [&](const std::string& field, const std::string& message) {
        plan.problems.push_back({record.line, field, message});
    };
    for (const auto& field : record.fields)
        if (!isValidUtf8(field)) {
            problem("file", "is not valid UTF-8 (save the file as CSV UTF-8)");
            return;
        }
    StudentRow student;
    student.row = record.line;
    student.name = cell("name");
    student.program = cell("program");
    const std::string email = cell("email");
    if (student.name.empty()) problem("name", "is missing");
    else if (student.name.size() > kMaxStudentName) problem("name", "is too long (at most 200 bytes)");
    else if (hasControlCharacters(student.name)) problem("name", "must not contain line breaks or control characters");
    if (email.empty()) problem("email", "is missing");
    else if (email.size() > kMaxStudentEmail) problem("email", "is too long (at most 254 bytes)");
    else if ((student.email = normalise(email)).empty()) problem("email", "is not an email address: " + email);
    if (student.program.size() > kMaxStudentProgram) problem("program", "is too long (at most 100 bytes)");
    else if (hasControlCharacters(student.program)) problem("program", "must not contain control characters");
    student.graduationYear = parseGraduationYear(cell("graduationYear"));
    if (student.graduationYear < 0) problem("graduationYear", "must be a year between 1900 and 2100");
    if (!student.email.empty()) {
        const auto [first, inserted] = seen.emplace(student.email, record.line);
        if (!inserted) problem("email", "appears twice in the file (first on line " + std::to_string(first->second) + ")");
    }
    if (plan.problems.size() == before) plan.students.push_back(std::move(student));
}

}  // namespace

int parseGraduationYear(const std::string& text) {
    const std::string value = trimmed(text);
    if (value.empty()) return 0;
    if (value.size() != 4 || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return -1;
    const int year = std::stoi(value);
    return year >= 1900 && year <= 2100 ? year : -1;
}

RosterPlan planRoster(std::string_view csv, const EmailNormaliser& normalise) {
    RosterPlan plan;
    const CsvParse parsed = parseCsv(csv);
    if (parsed.error) {
        plan.problems.push_back({parsed.error->line, "file", parsed.error->message});
        return plan;
    }
    if (parsed.records.empty()) {
        plan.problems.push_back({0, "file", "is empty: give a header (name, email, program, graduation year) and "
                                            "one student per line"});
        return plan;
    }
    std::map<std::string, std::size_t> columns;
    const CsvRecord& first = parsed.records.front();
    for (std::size_t i = 0; i < first.fields.size(); ++i) {
        const std::string column = columnOf(first.fields[i]);
        if (!column.empty()) columns.emplace(column, i);
    }
    plan.hasHeader = columns.count("email") > 0;
    if (!plan.hasHeader) {
        if (first.fields.size() < 2 || normalise(trimmed(first.fields[1])).empty()) {
            plan.problems.push_back({first.line, "file", "has no email column: the first line must be a header "
                                                         "naming the columns (name, email, program, graduation year)"});
            return plan;
        }
        columns = {{"name", 0}, {"email", 1}, {"program", 2}, {"graduationYear", 3}};
    } else if (!columns.count("name")) {
        plan.problems.push_back({first.line, "file", "has no name column in its header"});
        return plan;
    }
    plan.rows = parsed.records.size() - (plan.hasHeader ? 1 : 0);
    if (plan.rows == 0) {
        plan.problems.push_back({first.line, "file", "has a header but no students"});
        return plan;
    }
    if (plan.rows > kMaxRosterRows) {
        plan.problems.push_back({0, "file", "has " + std::to_string(plan.rows) + " rows; import at most " +
                                                std::to_string(kMaxRosterRows) + " at a time"});
        return plan;
    }
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = plan.hasHeader ? 1 : 0; i < parsed.records.size(); ++i)
        checkRow(parsed.records[i], columns, normalise, seen, plan);
    return plan;
}

}  // namespace rotunda::domain
