// Rotations.h — the statuses of a rotation, the one table of who may move it from
// which status to which, which statuses hold a place on the capacity window, and
// the conflict rules checked when a student is scheduled or accepted.
#pragma once

#include "domain/Calendar.h"

#include <string>
#include <vector>

namespace rotunda::domain {

/// Who takes a step on a rotation: the student on it, the staff of the student's
/// school, the staff of the facility, or Rotunda's own rotation job.
enum class RotationParty { Student, School, Facility, System };

/// "student", "school", "facility", "system".
std::string partyName(RotationParty party);

/// One allowed move. `to` empty: back to the status remembered when the rotation
/// was paused (resume) or cancelled (reopen).
struct RotationTransition {
    std::string action;
    std::vector<std::string> from;
    std::string to;
    std::vector<RotationParty> parties;
    bool reasonRequired = false;
};

/// Every allowed transition (docs/decisions/0014-rotation-lifecycle-and-places.md):
///   submit       draft → pending_review                      student (application sent)
///   endorse      pending_review → pending_site               school
///   accept       pending_site | waitlisted → onboarding      facility (books a place)
///   waitlist     pending_site → waitlisted                   facility
///   decline      pending_review → declined                   school, with a reason
///                pending_site | waitlisted → declined        facility, with a reason
///   cancel       draft … waitlisted → cancelled              student, school, facility, with a reason
///                onboarding | ready | active | paused → cancelled   school, facility, with a reason
///   reopen       cancelled → the status before               the party that cancelled
///   pause        onboarding | ready | active → paused        facility
///   resume       paused → the status before                  facility
///   complete     active | offboarding → completed            facility, system
///   mark_ready   onboarding → ready                          system (required steps verified or waived)
///   unready      ready → onboarding                          system (a required step is no longer verified
///                                                            or waived, e.g. it expired, before the start)
///   start        ready → active                              system (on the start date)
///   offboard     active → offboarding                        system (end date, offboarding steps exist)
///   close        onboarding → cancelled                      system (not ready by the start date, when
///                                                            the facility chose so)
const std::vector<RotationTransition>& rotationTransitions();

/// Every status, in lifecycle order.
const std::vector<std::string>& rotationStatuses();
bool isRotationStatus(const std::string& status);
bool isRotationAction(const std::string& action);

/// True for the statuses that count in the window's `booked`: onboarding, ready,
/// active, offboarding, paused, completed. Applications (draft … waitlisted) do
/// not hold a place until accepted; cancelled and declined give it back.
bool holdsPlace(const std::string& status);

/// True for statuses in which a rotation occupies the student's (and the
/// preceptor's) time: onboarding, ready, active, offboarding, paused. Open
/// applications do not: a student may apply to several electives at once.
bool occupiesStudent(const std::string& status);

/// Why a transition is refused; Allowed when it is not.
enum class RotationRefusal { Allowed, UnknownAction, WrongState, WrongParty, ReasonRequired, NotTheCanceller };

/// What a transition needs to know about the rotation besides its status.
struct RotationContext {
    std::string statusBeforeCancel;  ///< reopen goes back here
    std::string statusBeforePause;   ///< resume goes back here
    std::string cancelledParty;      ///< student, school, facility, system
};

/// Checks `action` on a rotation in `status` taken by `party` with `reason`. On
/// Allowed, `to` is the new status. Reopen is for the party that cancelled (a
/// rotation the job closed is reopened by the facility).
RotationRefusal checkRotationTransition(const std::string& status, const std::string& action, RotationParty party,
                                        const std::string& reason, const RotationContext& context, std::string& to);

/// A sentence for a refusal, for a problem's detail.
std::string describeRotationRefusal(RotationRefusal refusal, const std::string& status, const std::string& action);

/// A conflict that stands in the way of scheduling or accepting a student.
struct Conflict {
    std::string code;     ///< student_overlap, no_capacity, no_agreement, preceptor_limit, school_limit
    std::string message;  ///< a sentence for the person scheduling
};

/// Conflicts a facility admin may override (all but no_capacity: capacity is
/// never overbooked; raise the window's capacity instead).
bool isOverridable(const std::string& code);

/// What the conflict rules look at, gathered by the caller.
struct BookingFacts {
    DateRange rotation;                 ///< the dates asked for
    DateRange window;                   ///< the capacity window's dates
    int capacity = 0;
    int booked = 0;
    int placesWanted = 1;               ///< students booked together onto the window
    std::vector<DateRange> studentRotations;  ///< the student's other rotations that occupy them
    bool agreementCovers = true;        ///< an active agreement covers school, service and dates
    std::vector<DateRange> preceptorRotations;  ///< the preceptor's rotations that occupy them
    int preceptorMax = 0;               ///< rotations.preceptorMaxStudents; 0: no limit
    int schoolLimit = 0;                ///< the window's limit for the student's school; 0: none
    int schoolBooked = 0;               ///< the school's rotations holding a place on the window
};

/// Field problems of the dates themselves ("startDate"/"endDate" → sentence):
/// inside the window, end not before start.
std::vector<std::pair<std::string, std::string>> checkRotationDates(const DateRange& rotation, const DateRange& window);

/// Every conflict of the facts, in a stable order.
std::vector<Conflict> findConflicts(const BookingFacts& facts);

/// The most rotations of `ranges` running on one day within `within`.
int mostAtOnce(const std::vector<DateRange>& ranges, const DateRange& within);

}  // namespace rotunda::domain
