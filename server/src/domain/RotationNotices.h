// RotationNotices.h — the rules of a rotation's activity and its mail, with no
// I/O: what a comment may be, who is told of what, when the start reminder is
// due, and what a weekly digest says (docs/rotations.md, "Activity and mail").
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace rotunda::domain {

/// The longest comment, in bytes of UTF-8 (after trimming).
constexpr std::size_t kCommentMaxBytes = 4000;

/// `raw` trimmed of surrounding white space; `error` is set (and the result
/// empty) when nothing is left, when it is longer than kCommentMaxBytes or
/// when it holds control characters other than tab and line breaks.
std::string checkComment(const std::string& raw, std::string& error);

/// The people of one rotation who may be mailed about it. Staff are the
/// admins and coordinators of the school and of the facility (the parties
/// that act on it, domain::rotationActors); faculty read and comment, but are
/// not mailed: a school may have many, and none of them acts on the rotation.
struct RotationPeople {
    std::string studentId;
    std::string preceptorId;  ///< empty: none
    std::vector<std::string> schoolStaff;
    std::vector<std::string> facilityStaff;
};

/// Who is told of a comment: every person of the rotation, each once, except
/// its author. The facility's staff are left out while the rotation is a
/// draft (they do not see drafts).
std::vector<std::string> commentRecipients(const RotationPeople& people, const std::string& authorId,
                                           const std::string& status);

/// Who is told that a rotation was scheduled: the student and the preceptor.
std::vector<std::string> scheduledRecipients(const RotationPeople& people);

/// Who completes a step with `completedBy` (student, school_coordinator,
/// faculty, facility): the student, or the staff of the school (for its
/// coordinators' and faculty's steps: faculty are not mailed) or of the facility.
std::vector<std::string> stepCompleters(const RotationPeople& people, const std::string& completedBy);

/// Who is told that a ready rotation went back to onboarding because required
/// steps completed by `completedBy` (one entry per step) lapsed: its student
/// first, then whoever completes each step, each once.
std::vector<std::string> unreadyRecipients(const RotationPeople& people, const std::vector<std::string>& completedBy);

/// One letter about a change of preceptor: to whom, and as what.
struct PreceptorLetter {
    std::string userId;
    std::string role;  ///< new_preceptor, previous_preceptor, student
};

/// Who is told that a rotation's preceptor changed from `before` to `after`
/// (either may be empty: none): the new preceptor, the previous one and the
/// student, each once. Nobody when the preceptor did not change.
std::vector<PreceptorLetter> preceptorChangeLetters(const std::string& studentId, const std::string& before,
                                                    const std::string& after);

/// The words for the student's mail after a status action, or empty when the
/// action mails nobody: accept ("accepted"), waitlist ("waitlisted"), decline ("declined").
std::string decisionWord(const std::string& action);

/// Whether a rotation starting on `startDate` is inside the reminder time on
/// `today` (both YYYY-MM-DD): from `reminderDays` days before the start to
/// the start day itself. reminderDays 0: never.
bool startReminderDue(const std::string& startDate, const std::string& today, int reminderDays);

/// One open item of a person, for the weekly digest.
struct OpenItem {
    /// application_to_finish (a student's draft), steps_to_do (steps the person
    /// completes), application_to_review (the school's review), application_to_decide
    /// (the facility's decision), steps_to_verify (submitted steps of the person's organization)
    std::string kind;
    std::string rotation;  ///< the rotation as describeRotation writes it
    int count = 1;         ///< steps: how many
};

/// The digest's lines, one per item, grouped by kind in the order above and
/// then by rotation. Empty when there is nothing open: no digest is sent then.
std::vector<std::string> digestLines(std::vector<OpenItem> items);

/// "Sam Student, Cardiology at Mercy General, 2027-03-01 to 2027-03-14".
std::string describeRotation(const std::string& studentName, const std::string& serviceName,
                             const std::string& facilityName, const std::string& startDate,
                             const std::string& endDate);

}  // namespace rotunda::domain
