// DashboardRepository.h — what dashboards, rotation exports and calendar feeds
// read: counts by status (GROUP BY in SQL), pages of rotations with the names
// of their people, organizations and service, the steps students have to do,
// and the secret calendar feeds (only the SHA-256 of each token).
#pragma once

#include "store/Database.h"
#include "store/RotationRepository.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rotunda::store {

/// A rotation with the names a person reads (export rows, calendar events, dashboard items).
struct RotationRow {
    std::string id, status, startDate, endDate, updatedAt;
    std::string studentId, studentName, studentEmail;
    std::string schoolId, schoolName;
    std::string facilityId, facilityName;
    std::string serviceId, serviceName, serviceLocation;
    std::string preceptorId, preceptorName;  ///< empty: none
};

/// A step a student has to complete (todo) or do again (rejected, or expired since verification).
struct StepToDo {
    std::string completionId, stepId, stepName, phase, state, reason;
    std::string reviewReasons;  ///< steps to verify: why a plugin left it for review, one a line
    RotationRow rotation;
};

/// Whose steps are to be completed: the student's own, and those a staff member
/// completes for their organizations' rotations (school_coordinator steps for
/// the schools they are admin or coordinator of, faculty steps for the schools
/// they teach at, facility steps for the facilities they are admin or
/// coordinator of).
struct StepCompleter {
    std::string userId;
    std::vector<std::string> coordinatorSchoolIds;
    std::vector<std::string> facultySchoolIds;
    std::vector<std::string> facilityIds;
};

class DashboardRepository {
public:
    explicit DashboardRepository(Database& database) : database_(database) {}

    /// How many rotations `query` matches, per status (one GROUP BY; statuses with none left out).
    std::vector<std::pair<std::string, int>> countByStatus(const RotationQuery& query);
    /// How many rotations `query` matches.
    int count(const RotationQuery& query);
    /// One page of `query` (after `query.after`, at most `query.limit`) by start date, then id.
    std::vector<RotationRow> rows(const RotationQuery& query);

    /// Steps completed by the student, in todo, rejected or expired, on their rotations
    /// that are still going (not completed, cancelled or declined): at most `limit`, by start date.
    std::vector<StepToDo> stepsToDo(const StepCompleter& completer, const std::string& organizationId, int limit);
    int countStepsToDo(const StepCompleter& completer, const std::string& organizationId);

    /// Submitted steps waiting for their owner (the step's organization, one of
    /// `ownerIds`) to verify, reject or waive, on rotations that are still going
    /// (a facility's never on a draft): at most `limit`, by start date.
    std::vector<StepToDo> stepsToVerify(const std::vector<std::string>& ownerIds, const std::string& organizationId,
                                        int limit);
    int countStepsToVerify(const std::vector<std::string>& ownerIds, const std::string& organizationId);

    /// Creates or replaces the user's calendar feed with the token whose SHA-256 is `tokenHash`.
    void putCalendarFeed(const std::string& userId, const std::string& tokenHash);
    /// Removes the user's feed; false when they had none.
    bool removeCalendarFeed(const std::string& userId);
    /// The user whose feed token hashes to `tokenHash`.
    std::optional<std::string> calendarFeedUser(const std::string& tokenHash);

private:
    Database& database_;
};

}  // namespace rotunda::store
