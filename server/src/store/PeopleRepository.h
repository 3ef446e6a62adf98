// PeopleRepository.h — an organization's members and roles, and a school's students.
#pragma once

#include "store/Database.h"
#include "store/OrganizationRepository.h"

#include <set>
#include <string>
#include <vector>

namespace rotunda::store {

/// One person of an organization with every role they hold there.
struct Member {
    std::string userId;
    std::string email;
    std::string name;
    std::string status;
    std::vector<Membership> roles;  ///< by role
};

/// One student of a school, with the school's record of them.
struct Student {
    std::string userId;
    std::string email;
    std::string name;
    std::string status;  ///< invited until they set a password
    std::string program;
    int graduationYear = 0;  ///< 0: unknown
    std::string addedAt;
};

/// Which students a roster listing returns; filters combine with AND.
struct StudentFilter {
    std::string text;     ///< part of the name or email, case-insensitive; empty: all
    std::string program;  ///< exact; empty: all
    int graduationYear = 0;
    std::string afterEmail;  ///< cursor: the last email of the previous page
    int limit = 50;          ///< 0: no limit (export)
};

/// One student as an import or a coordinator gives them.
struct StudentRecord {
    std::string name;
    std::string email;  ///< normalised
    std::string program;
    int graduationYear = 0;
};

/// What an import wrote, row by row in the order given.
struct ImportedStudent {
    std::string userId;
    bool created = false;         ///< a new invited account
    bool alreadyStudent = false;  ///< held the student role before
    bool needsPassword = false;   ///< an invited account without password: send an invitation
};

/// Why a role could not be removed.
enum class RemovalOutcome { Removed, NotHeld, LastAdmin, FromDirectory };

class PeopleRepository {
public:
    explicit PeopleRepository(Database& database) : database_(database) {}

    /// Members ordered by email, after `afterEmail`, at most `limit` people. Without
    /// `includeStudents`, people whose only role is student are left out.
    std::vector<Member> listMembers(const std::string& organizationId, bool includeStudents,
                                    const std::string& afterEmail, int limit);
    /// The roles one user holds in one organization (empty: not a member).
    std::vector<Membership> rolesIn(const std::string& organizationId, const std::string& userId);

    /// Removes one manual role. The admin role goes only while another admin
    /// remains: checked and removed in one transaction that first locks the
    /// organization's row, so two admins demoting each other cannot both win.
    RemovalOutcome removeRole(const std::string& organizationId, const std::string& userId, const std::string& role);
    /// Removes every role of a member, under the same rules (nothing is removed
    /// when one of them comes from a directory or would leave no admin).
    RemovalOutcome removeMember(const std::string& organizationId, const std::string& userId);

    /// Students of a school by email, filtered.
    std::vector<Student> listStudents(const std::string& schoolId, const StudentFilter& filter);
    /// The emails of every student of a school.
    std::set<std::string> studentEmails(const std::string& schoolId);
    /// The emails among `emails` that already have an account.
    std::set<std::string> existingEmails(const std::vector<std::string>& emails);

    /// Writes `students` into the school as part of `transaction`: an invited
    /// account for each new email (existing accounts are linked, never
    /// duplicated), the student membership and the program and graduation year.
    /// Bulk statements: tens of thousands of rows a second on SQLite.
    std::vector<ImportedStudent> importStudents(Poco::Data::Session& transaction, const std::string& schoolId,
                                                const std::vector<StudentRecord>& students);

private:
    RemovalOutcome removeRoles(const std::string& organizationId, const std::string& userId,
                               const std::vector<std::string>& roles);

    Database& database_;
};

}  // namespace rotunda::store
