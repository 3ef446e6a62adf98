// PeopleRepository.cpp — an organization's members and roles, and a school's students.
#include "store/PeopleRepository.h"

#include "store/Clock.h"
#include "store/SearchText.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <map>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

/// Emails looked up per statement: well under SQLite's and PostgreSQL's parameter limits.
constexpr std::size_t kLookupChunk = 500;

std::string text(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? "" : rows.value(column, row).convert<std::string>();
}

int number(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? 0 : rows.value(column, row).convert<int>();
}

std::string placeholders(std::size_t first, std::size_t count) {
    std::string list;
    for (std::size_t i = 0; i < count; ++i) list += (i ? ", $" : "$") + std::to_string(first + i);
    return list;
}

/// `LIKE` pattern matching `text` anywhere, with its own wildcards escaped.
std::string containing(const std::string& text) {
    std::string pattern = "%";
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

}  // namespace

std::vector<Member> PeopleRepository::listMembers(const std::string& organizationId, bool includeStudents,
                                                  const std::string& afterEmail, int limit) {
    std::string org = organizationId, after = afterEmail;
    Poco::Int64 max = limit;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "WITH page AS (SELECT u.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id "
              "WHERE m.organization_id = $1 AND u.email > $2" +
                  std::string(includeStudents ? "" : " AND m.role <> 'student'") +
                  " GROUP BY u.id, u.email ORDER BY u.email LIMIT $3) "
                  "SELECT u.id, u.email, u.name, u.status, m.role, m.source, m.created_at FROM page p "
                  "JOIN users u ON u.id = p.id JOIN memberships m ON m.user_id = p.id AND m.organization_id = $1 "
                  "ORDER BY u.email, m.role",
        use(org), use(after), use(max);
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<Member> members;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        if (members.empty() || members.back().userId != text(rows, 0, row))
            members.push_back({text(rows, 0, row), text(rows, 1, row), text(rows, 2, row), text(rows, 3, row), {}});
        members.back().roles.push_back(
            {organizationId, members.back().userId, text(rows, 4, row), text(rows, 5, row), text(rows, 6, row)});
    }
    return members;
}

std::vector<Membership> PeopleRepository::rolesIn(const std::string& organizationId, const std::string& userId) {
    std::string org = organizationId, user = userId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT role, source, created_at FROM memberships WHERE organization_id = $1 AND user_id = $2 "
              "ORDER BY role",
        use(org), use(user);
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<Membership> roles;
    for (std::size_t row = 0; row < rows.rowCount(); ++row)
        roles.push_back({organizationId, userId, text(rows, 0, row), text(rows, 1, row), text(rows, 2, row)});
    return roles;
}

RemovalOutcome PeopleRepository::removeRole(const std::string& organizationId, const std::string& userId,
                                            const std::string& role) {
    return removeRoles(organizationId, userId, {role});
}

RemovalOutcome PeopleRepository::removeMember(const std::string& organizationId, const std::string& userId) {
    return removeRoles(organizationId, userId, {});
}

RemovalOutcome PeopleRepository::removeRoles(const std::string& organizationId, const std::string& userId,
                                             const std::vector<std::string>& roles) {
    std::string org = organizationId, user = userId;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    // The first write locks the organization's row (PostgreSQL) or the database
    // (SQLite): whoever removes an admin next waits, then counts again.
    session << "UPDATE organizations SET updated_at = updated_at WHERE id = $1", use(org), now;
    std::vector<std::string> held, sources;
    session << "SELECT role, source FROM memberships WHERE organization_id = $1 AND user_id = $2 ORDER BY role",
        use(org), use(user), into(held), into(sources), now;
    std::vector<std::string> removing;
    for (std::size_t i = 0; i < held.size(); ++i) {
        if (!roles.empty() && std::find(roles.begin(), roles.end(), held[i]) == roles.end()) continue;
        if (sources[i] != "manual") return RemovalOutcome::FromDirectory;
        removing.push_back(held[i]);
    }
    if (removing.empty()) return RemovalOutcome::NotHeld;
    if (std::find(removing.begin(), removing.end(), "admin") != removing.end()) {
        int otherAdmins = 0;
        session << "SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = 'admin' AND user_id <> $2",
            use(org), use(user), into(otherAdmins), now;
        if (otherAdmins == 0) return RemovalOutcome::LastAdmin;
    }
    for (std::string role : removing)
        session << "DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2 AND role = $3", use(org),
            use(user), use(role), now;
    transaction.commit();
    return RemovalOutcome::Removed;
}

std::vector<Student> PeopleRepository::listStudents(const std::string& schoolId, const StudentFilter& filter) {
    std::string school = schoolId, after = filter.afterEmail, pattern = containing(filter.text),
                program = filter.program;
    Poco::Int64 year = filter.graduationYear, max = filter.limit;
    std::string sql =
        "SELECT u.id, u.email, u.name, u.status, COALESCE(p.program, ''), COALESCE(p.graduation_year, 0), "
        "m.created_at FROM memberships m JOIN users u ON u.id = m.user_id "
        "LEFT JOIN student_profiles p ON p.organization_id = m.organization_id AND p.user_id = m.user_id "
        "WHERE m.organization_id = $1 AND m.role = 'student' AND u.email > $2";
    int next = 3;
    const auto placeholder = [&next] { return "$" + std::to_string(next++); };
    if (!filter.text.empty()) {
        const std::string n = placeholder();
        sql += " AND (LOWER(u.name) LIKE LOWER(" + n + ") ESCAPE '\\' OR u.email LIKE LOWER(" + n + ") ESCAPE '\\')";
    }
    if (!filter.program.empty()) sql += " AND p.program = " + placeholder();
    if (filter.graduationYear != 0) sql += " AND p.graduation_year = CAST(" + placeholder() + " AS INTEGER)";
    sql += " ORDER BY u.email";
    if (filter.limit > 0) sql += " LIMIT " + placeholder();
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement statement(session);
    statement << sql, use(school), use(after);
    if (!filter.text.empty()) statement, use(pattern);
    if (!filter.program.empty()) statement, use(program);
    if (filter.graduationYear != 0) statement, use(year);
    if (filter.limit > 0) statement, use(max);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    std::vector<Student> students;
    for (std::size_t row = 0; row < rows.rowCount(); ++row)
        students.push_back({text(rows, 0, row), text(rows, 1, row), text(rows, 2, row), text(rows, 3, row),
                            text(rows, 4, row), number(rows, 5, row), text(rows, 6, row)});
    return students;
}

std::set<std::string> PeopleRepository::studentEmails(const std::string& schoolId) {
    std::string school = schoolId;
    std::vector<std::string> emails;
    Poco::Data::Session session = database_.session();
    session << "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id "
               "WHERE m.organization_id = $1 AND m.role = 'student'",
        use(school), into(emails), now;
    return {emails.begin(), emails.end()};
}

std::set<std::string> PeopleRepository::existingEmails(const std::vector<std::string>& emails) {
    std::set<std::string> found;
    Poco::Data::Session session = database_.session();
    for (std::size_t start = 0; start < emails.size(); start += kLookupChunk) {
        std::vector<std::string> chunk(emails.begin() + start,
                                       emails.begin() + std::min(emails.size(), start + kLookupChunk));
        std::vector<std::string> existing;
        Poco::Data::Statement select(session);
        select << "SELECT email FROM users WHERE email IN (" + placeholders(1, chunk.size()) + ")";
        for (auto& email : chunk) select, use(email);
        select, into(existing);
        select.execute();
        found.insert(existing.begin(), existing.end());
    }
    return found;
}

std::vector<ImportedStudent> PeopleRepository::importStudents(Poco::Data::Session& session,
                                                              const std::string& schoolId,
                                                              const std::vector<StudentRecord>& students) {
    std::vector<ImportedStudent> outcome(students.size());
    if (students.empty()) return outcome;
    const std::string at = utcNow();
    std::vector<std::string> ids, emails, names, folded, times(students.size(), at), statuses(students.size(), "invited");
    for (const auto& s : students) {
        ids.push_back(Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
        emails.push_back(s.email);
        names.push_back(s.name);
        folded.push_back(searchFold(s.name));
    }
    // New emails become invited accounts; an email that has an account keeps it.
    session << "INSERT INTO users (id, email, name, status, created_at, updated_at, name_lower) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (email) DO NOTHING",
        use(ids), use(emails), use(names), use(statuses), use(times), use(times), use(folded), now;

    std::map<std::string, std::size_t> rowOf;
    for (std::size_t i = 0; i < students.size(); ++i) rowOf.emplace(students[i].email, i);
    for (std::size_t start = 0; start < emails.size(); start += kLookupChunk) {
        std::vector<std::string> chunk(emails.begin() + start,
                                       emails.begin() + std::min(emails.size(), start + kLookupChunk));
        std::vector<std::string> foundIds, foundEmails, foundStatuses;
        std::vector<int> withoutPassword;
        Poco::Data::Statement select(session);
        select << "SELECT id, email, status, CASE WHEN password_hash IS NULL THEN 1 ELSE 0 END FROM users "
                  "WHERE email IN (" + placeholders(1, chunk.size()) + ")";
        for (auto& email : chunk) select, use(email);
        select, into(foundIds), into(foundEmails), into(foundStatuses), into(withoutPassword);
        select.execute();
        for (std::size_t k = 0; k < foundIds.size(); ++k) {
            const std::size_t i = rowOf.at(foundEmails[k]);
            outcome[i].userId = foundIds[k];
            outcome[i].created = foundIds[k] == ids[i];
            outcome[i].needsPassword = withoutPassword[k] != 0 && foundStatuses[k] == "invited";
        }
    }

    std::string school = schoolId;
    std::vector<std::string> current;
    session << "SELECT user_id FROM memberships WHERE organization_id = $1 AND role = 'student'", use(school),
        into(current), now;
    const std::set<std::string> students_(current.begin(), current.end());
    std::vector<std::string> userIds, schools(students.size(), schoolId), roles(students.size(), "student"),
        sources(students.size(), "manual"), programs;
    std::vector<Poco::Int64> years;
    for (std::size_t i = 0; i < students.size(); ++i) {
        outcome[i].alreadyStudent = students_.count(outcome[i].userId) > 0;
        userIds.push_back(outcome[i].userId);
        programs.push_back(students[i].program);
        years.push_back(students[i].graduationYear);
    }
    session << "INSERT INTO memberships (organization_id, user_id, role, source, created_at) "
               "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        use(schools), use(userIds), use(roles), use(sources), use(times), now;
    session << "INSERT INTO student_profiles (organization_id, user_id, program, graduation_year, created_at, "
               "updated_at) VALUES ($1, $2, $3, NULLIF(CAST($4 AS INTEGER), 0), $5, $6) "
               "ON CONFLICT (organization_id, user_id) DO UPDATE SET program = excluded.program, "
               "graduation_year = excluded.graduation_year, updated_at = excluded.updated_at",
        use(schools), use(userIds), use(programs), use(years), use(times), use(times), now;
    return outcome;
}

}  // namespace rotunda::store
