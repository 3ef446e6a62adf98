// RotationRepository.h — students on rotations: booking a place and the rotation
// in one transaction, status changes that book or release places, the steps a
// rotation was given, its activity, the elective search and the job's queries.
#pragma once

#include "store/Database.h"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace Poco::Data {
class RecordSet;
}  // namespace Poco::Data

namespace rotunda::store {

/// One student on one capacity window.
struct Rotation {
    std::string id;
    std::string studentId;
    std::string schoolId;
    std::string facilityId;
    std::string serviceId;
    std::string windowId;
    std::string preceptorId;  ///< empty: none
    std::string startDate;    ///< YYYY-MM-DD
    std::string endDate;
    std::string origin;       ///< scheduled, application
    std::string status;
    bool holdsPlace = false;  ///< counted in the window's booked
    std::string reason;       ///< of the last cancel, decline or close
    std::string statusBeforeCancel;
    std::string cancelledBy;  ///< user id; empty: the job
    std::string cancelledParty;
    std::string statusBeforePause;
    std::string overrideConflicts;  ///< comma-separated conflict codes a facility admin overrode
    std::string overriddenBy;
    std::string createdBy;
    std::string createdAt;
    std::string updatedAt;
    std::string statusChangedAt;
};

/// A step a new rotation is given: one version of a step, with what progress needs.
struct RotationStep {
    std::string stepId;
    int version = 1;
    std::string phase;
    int position = 0;
    bool required = true;
    std::string completedBy;
    bool oncePerStudent = false;  ///< a verified, unexpired completion of the student's carries over
    /// A plugin step type (not form, document or confirmation): its carry-over
    /// needs a CarryOverApproval, because only the plugin can say whether an old
    /// submission still holds.
    bool pluginType = false;
    std::string stepType = "";  ///< form, document, confirmation or a plugin step type id
    std::string definition = "{}";  ///< the version's JSON ({"settings": {...}} for a plugin type)
};

/// Leave to carry a plugin step type's verified completion `sourceId` over to a
/// new rotation of `studentId`, given before the booking transaction by whoever
/// asked the plugin (so no plugin is called while the transaction holds the
/// database). `expiresAt` is the re-verification's expiry; empty: the
/// original's, as for any carry-over.
struct CarryOverApproval {
    std::string studentId;
    std::string stepId;
    std::string sourceId;
    std::string expiresAt;
};

/// One row of step_completions.
struct StepCompletion {
    std::string id;
    std::string rotationId;
    std::string stepId;
    int stepVersion = 1;
    std::string phase;
    int position = 0;
    bool required = true;
    std::string completedBy;
    std::string state;  ///< todo, submitted, verified, rejected, waived, expired
    std::string answers = "{}";
    std::string documentIds = "[]";
    std::string submittedBy, submittedAt, verifiedBy, verifiedAt, reason, expiresAt, carriedFrom;
    std::string facts = "[]";    ///< what a plugin step type recorded: [{"name", "value"}, ...]
    std::string reviewReasons;   ///< why a plugin left it for review, one reason per line
};

/// One entry of a rotation's activity.
struct RotationEvent {
    long long id = 0;
    std::string rotationId;
    std::string occurredAt;
    std::string actorId;  ///< empty: the rotation job
    std::string kind;     ///< status, override, update, step (later: comment)
    std::string action;
    std::string fromStatus;
    std::string toStatus;
    std::string body;
    std::string detail = "{}";
    std::string stepCompletionId;  ///< for kind step: the completion it is about
};

/// The columns of rotation_events `e` that readEvent() reads, in its order.
extern const char* const kEventColumns;

/// A row of `rows` selected with kEventColumns first.
RotationEvent readEvent(Poco::Data::RecordSet& rows, std::size_t row);

/// How a booking or status change ended.
enum class BookingResult {
    Done,         ///< written
    Full,         ///< the window had fewer free places than asked for: nothing written
    SchoolLimit,  ///< the school's limit on the window would be passed: nothing written
    StudentBusy,  ///< the student holds an overlapping place (booked meanwhile): nothing written
    PreceptorBusy,  ///< the preceptor would have too many students at once: nothing written
    Changed,      ///< the rotation's status changed meanwhile: nothing written
};

/// Which rotations a list returns. Visibility: the caller's own (as student or
/// preceptor), those of `facilityIds` (not drafts) and those of `schoolIds`.
struct RotationQuery {
    std::string viewerId;
    std::vector<std::string> facilityIds;
    std::vector<std::string> schoolIds;
    std::string status, facilityId, schoolId, studentId, windowId, preceptorId;
    std::string from, to;  ///< rotations overlapping [from, to]; empty: open
    std::string after;     ///< the last id of the previous page
    int limit = 50;
    // Dashboards, exports and calendar feeds (issue 7).
    std::vector<std::string> statuses;  ///< any of these; empty: any
    std::string startFrom, startTo;     ///< start date within [startFrom, startTo]; empty: open
    std::string organizationId;         ///< its facility or its school; empty: any
};

/// The WHERE clause (rotations aliased `r`) for `query` without its page
/// (`after`, `limit`): visibility and filters, with `?` numbered from
/// `values.size() + 1` and the values appended to `values`, so SQLite and
/// PostgreSQL bind them alike. One rule for lists, counts, exports and feeds.
std::string rotationWhere(const RotationQuery& query, std::vector<std::string>& values);
/// The condition for rotations after `afterId` in (start date, id) order, numbered as rotationWhere does.
std::string rotationsAfter(const std::string& afterId, std::vector<std::string>& values);

/// A student_requested window as the elective search shows it.
struct Elective {
    std::string windowId, serviceId, serviceName, specialty, location, description, facilityId, facilityName;
    std::string startDate, endDate, applicationDeadline;
    int capacity = 0;
    int booked = 0;
};

/// What the elective search filters on. Text matches part of the service's
/// name, specialty, description or the facility's name, in any case.
struct ElectiveQuery {
    std::string specialty, facilityId, location, text;
    std::string from, to;  ///< windows overlapping [from, to]
    std::string openOn;    ///< windows still open for applications on this day (deadline, end date)
    bool withFreePlaces = false;
    bool descending = false;  ///< by start date, latest first
    std::string after;        ///< the last window id of the previous page
    int limit = 50;
};

/// Whether a rotation fits its preceptor's other rotations (their dates, the
/// rotation), as the domain's preceptor limit says; called inside the booking
/// transaction with the preceptor's row locked. Empty: no check.
using PreceptorCheck =
    std::function<bool(const std::vector<std::pair<std::string, std::string>>& others, const Rotation& rotation)>;

class RotationRepository {
public:
    explicit RotationRepository(Database& database) : database_(database) {}

    /// Stores `rotations` (all on one window, of one school) with `steps` as todo
    /// completions and a status event each, in one transaction. A once-per-student
    /// step the student already has verified and unexpired on another rotation is
    /// stored verified instead, a copy of that completion with `carried_from`
    /// naming it (and a step.carried_over event); for a plugin step type only
    /// when `approvals` has leave for exactly that source (its expiry, if any,
    /// then replaces the original's). When they hold a
    /// place, first books `rotations.size()` places with one conditional update
    /// (never past capacity), then checks `schoolLimit` (0: none) against the
    /// school's places on the window, and with `refuseOverlap` that no student
    /// holds an overlapping place (each student's user row is locked first, so
    /// two bookings of one student take turns on every node), and `preceptorFits`
    /// the same way with the preceptor's row. Fills ids and times.
    BookingResult create(std::vector<Rotation>& rotations, const std::vector<RotationStep>& steps,
                         int schoolLimit, bool refuseOverlap = true, const PreceptorCheck& preceptorFits = nullptr,
                         const std::vector<CarryOverApproval>& approvals = {});

    std::optional<Rotation> findById(const std::string& id);
    std::vector<Rotation> list(const RotationQuery& query);

    /// Writes `after` (status and the fields that go with it) if the rotation is
    /// still in `from`, books a place when `after` holds one and `from` did not
    /// (checking `schoolLimit` and, with `refuseOverlap`, the student's other
    /// places as create does), releases it in the opposite case, and appends the
    /// status event — all in one transaction.
    BookingResult changeStatus(const Rotation& after, const std::string& from, int schoolLimit, bool refuseOverlap,
                               const std::string& actorId, const std::string& action, const std::string& detail,
                               const PreceptorCheck& preceptorFits = nullptr);

    /// Writes the preceptor, the dates and the override fields of `r` if its status
    /// is still `r.status`, with an "update" event; false when the status changed.
    bool updateDetails(const Rotation& r, const std::string& actorId, const std::string& detail);

    /// Appends one event outside a status change (an override, later comments).
    void appendEvent(const RotationEvent& event);
    /// Events of a rotation, oldest first, after the id `afterId`, at most `limit`.
    std::vector<RotationEvent> events(const std::string& rotationId, long long afterId, int limit);
    std::vector<StepCompletion> completions(const std::string& rotationId);
    /// True when both users are people of one live rotation (not a draft, not
    /// cancelled or declined): its student, its preceptor, the school's admins,
    /// coordinators and faculty, the facility's admins and coordinators — who may
    /// message each other without connecting.
    bool shareRotation(const std::string& userA, const std::string& userB);

    /// The current versions of the steps a new rotation gets: those the service
    /// lists (in its order) and the school's own steps, none archived.
    std::vector<RotationStep> applicableSteps(const std::string& serviceId, const std::string& schoolId);

    /// Dates of the student's (or preceptor's) rotations that occupy them
    /// (holding a place, not completed), except `exceptId`.
    std::vector<std::pair<std::string, std::string>> studentDates(const std::string& studentId,
                                                                  const std::string& exceptId);
    std::vector<std::pair<std::string, std::string>> preceptorDates(const std::string& preceptorId,
                                                                    const std::string& exceptId);
    /// How many of the school's rotations hold a place on the window.
    int schoolPlaces(const std::string& windowId, const std::string& schoolId);
    /// The window's limit for the school; 0: none.
    int schoolLimit(const std::string& windowId, const std::string& schoolId);

    std::vector<Elective> searchElectives(const ElectiveQuery& query);

    // The rotation job's questions.
    /// Onboarding rotations whose required application and onboarding steps are all verified or waived.
    std::vector<Rotation> readyToMark();
    /// Ready rotations with a required application or onboarding step that is no
    /// longer verified or waived (it expired, or was reset): readyToMark's opposite.
    std::vector<Rotation> noLongerReady();
    /// Onboarding rotations starting on or before `today` at facilities that close them then
    /// (`today`: the latest local date of any facility; the job compares each facility's own).
    std::vector<Rotation> notReadyAtStart(const std::string& today);
    /// Ready rotations starting on or before `today`.
    std::vector<Rotation> dueToStart(const std::string& today);
    /// Active rotations ending on or before `today`, with whether they have offboarding steps.
    std::vector<std::pair<Rotation, bool>> dueToEnd(const std::string& today);
    /// Offboarding rotations whose required offboarding steps are all verified or waived.
    std::vector<Rotation> offboardingDone();

    /// An organization's setting `name`; `fallback` when unset.
    std::string setting(const std::string& organizationId, const std::string& name, const std::string& fallback);
    void putSetting(const std::string& organizationId, const std::string& name, const std::string& value,
                    const std::string& updatedBy);

private:
    std::vector<Rotation> select(const std::string& where, std::vector<std::string> values,
                                 const std::string& tail = " ORDER BY r.start_date, r.id");

    Database& database_;
};

}  // namespace rotunda::store
