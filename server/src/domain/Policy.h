// Policy.h — who may do what to which record, decided from memberships alone.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rotunda::domain {

/// One role held in one organization.
struct Role {
    std::string organizationId;
    std::string role;
};

/// The person asking, as the policy needs them.
struct Caller {
    std::string userId;
    bool administrator = false;  ///< Rotunda's own administrator (break-glass)
    std::vector<Role> roles;
};

/// Roles an organization of `kind` allows: facility admin|coordinator|preceptor,
/// school admin|coordinator|faculty|student. Empty for an unknown kind.
const std::vector<std::string>& rolesOf(const std::string& kind);
bool isOrganizationKind(const std::string& kind);
bool isRoleOf(const std::string& kind, const std::string& role);

/// True when `caller` holds any role in the organization.
bool isMember(const Caller& caller, const std::string& organizationId);
/// True when `caller` holds one of `roles` in the organization.
bool hasRole(const Caller& caller, const std::string& organizationId, const std::vector<std::string>& roles);

/// Organization profiles are public to every signed-in user (students browse
/// them); only the organization's admins change them.
bool mayEditOrganization(const Caller& caller, const std::string& organizationId);

/// Admins invite to any role of their organization; coordinators invite to every
/// role except admin. Nobody else invites.
bool mayInvite(const Caller& caller, const std::string& organizationId, const std::string& role);

/// Steps, services, capacity windows and agreements of an organization are set
/// up by its admins and coordinators (a school sets up only its own steps).
bool mayManageSetup(const Caller& caller, const std::string& organizationId);

/// An organization's steps (and their versions) are read by its members.
bool mayReadSteps(const Caller& caller, const std::string& organizationId);

/// Active services are browsed by every signed-in user; archived ones only by
/// the facility's members.
bool mayReadService(const Caller& caller, const std::string& facilityId, bool active);

/// student_requested windows of active services are browsed by every signed-in
/// user; coordinator_scheduled ones by the facility's members and the staff
/// (admin, coordinator, faculty) of the school they are linked to.
bool mayReadCapacity(const Caller& caller, const std::string& facilityId, const std::string& workflow,
                     const std::string& schoolId);

/// The two organizations of an agreement and whether the school has seen it.
struct AgreementParties {
    std::string facilityId;
    std::string schoolId;
    bool draft = true;  ///< drafts (never submitted, or taken back) are the facility's alone
};

/// The facility's admins and coordinators read every agreement of it; the
/// school's admins and coordinators read those submitted to them (not drafts).
bool mayReadAgreement(const Caller& caller, const AgreementParties& parties);

/// The school's admins and coordinators approve or decline.
bool mayDecideAgreement(const Caller& caller, const AgreementParties& parties);

/// Finds the parties of an agreement by id (the api layer passes a repository
/// lookup in); nullopt when there is no such agreement.
using AgreementLookup = std::function<std::optional<AgreementParties>(const std::string& agreementId)>;

/// Members (any role) see who else holds which role; seeing the students among
/// them takes rosterAccess(...).read. Roles are changed by those who may invite
/// to that role (mayInvite): admins any role, coordinators every role but admin.
/// Removing a member entirely: admins; coordinators only members who are not admins.
bool mayRemoveMember(const Caller& caller, const std::string& organizationId, const std::vector<std::string>& targetRoles);

/// What a caller may do with a school's student roster.
struct RosterAccess {
    bool read = false;   ///< list, export
    bool write = false;  ///< import, add
};

/// A school's admins and coordinators manage its roster; its faculty read it;
/// nobody else (students, facilities, other schools) sees it.
RosterAccess rosterAccess(const Caller& caller, const std::string& schoolId);

/// A facility's or school's admins and coordinators link, invite and end partnerships.
bool mayManagePartnerships(const Caller& caller, const std::string& organizationId);

/// Finds the two people of a message thread by id (the api layer passes a
/// repository lookup in); empty when there is no such thread.
using ThreadLookup = std::function<std::vector<std::string>(const std::string& threadId)>;

/// What a caller may do with the documents of one record.
struct DocumentAccess {
    bool read = false;   ///< list, download
    bool write = false;  ///< upload, delete
};

/// Record types that documents may belong to.
bool isDocumentRecordType(const std::string& recordType);

/// documentAccess(...), who may read and write the documents of a record, is
/// declared with the step rules below (it needs their lookup).

// --- The staff directory, connections, endorsements and messages ---------------

/// A person as the directory rules need them.
struct DirectoryPerson {
    std::string userId;
    std::optional<bool> listedChoice;  ///< what they chose; nullopt: the default for their roles
    std::vector<std::string> roles;    ///< every role they hold, in any organization
    bool sharesEmail = false;
    bool sharesPhone = false;
};

/// How the caller and a person stand with each other.
struct Relation {
    bool connected = false;      ///< an accepted connection
    bool pending = false;        ///< a pending request, either way
    bool blockedByThem = false;  ///< the person blocked the caller
    bool blockedByCaller = false;
};

/// Staff (anyone holding a role other than student) are listed by default;
/// students and people without a role are not. A choice overrides the default.
bool isListedByDefault(const std::vector<std::string>& roles);
bool isListed(const DirectoryPerson& person);

/// What a caller sees of a person: whether at all (otherwise 404), and the
/// email and phone.
struct PersonVisibility {
    bool visible = false;
    bool email = false;
    bool phone = false;
};

/// A person is seen by themselves (everything); by every signed-in user when
/// listed, and by those connected to them or with a pending request either way
/// (so a request can be answered). Email and phone only when the person shares
/// them. Search leaves out, besides the unlisted, people who blocked the caller
/// and people the caller blocked.
PersonVisibility personVisibility(const Caller& caller, const DirectoryPerson& person, const Relation& relation);
/// True when `person` is in the caller's directory search results.
bool isFoundInDirectory(const Caller& caller, const DirectoryPerson& person, const Relation& relation);

/// Whether two users share a rotation (as student, preceptor or the rotation's
/// coordinators). The api layer passes one in: api/SharedRotationLookup.cpp.
using SharedRotationLookup = std::function<bool(const std::string& userA, const std::string& userB)>;

/// Why a connection request or a message is refused; None when it is not.
enum class ContactRefusal { None, Self, Blocked, NotConnected };

/// A connection request: to someone the caller sees (checked before), not to
/// themselves, never when either has blocked the other.
ContactRefusal mayRequestConnection(const Caller& caller, const std::string& personId, const Relation& relation);

/// A message (or a new thread): between connected users, or without connecting
/// between the parties of a shared rotation (asked through `sharedRotation`;
/// null: none); never when either has blocked the other.
ContactRefusal mayMessage(const Caller& caller, const std::string& personId, const Relation& relation,
                          const SharedRotationLookup& sharedRotation);

/// Endorsements go between connected users, never to oneself nor across a block.
ContactRefusal mayEndorse(const Caller& caller, const std::string& personId, const Relation& relation);

/// A thread is read by its two people alone; everyone else gets 404.
bool mayReadThread(const Caller& caller, const std::vector<std::string>& threadPeople);

/// A facility's (or school's) skill list is kept by its admins and coordinators;
/// every signed-in user reads it.
bool mayManageSkills(const Caller& caller, const std::string& organizationId);

}  // namespace rotunda::domain

namespace rotunda::domain {

/// The people and organizations of one rotation, as the policy needs them.
struct RotationParties {
    std::string studentId;
    std::string schoolId;
    std::string facilityId;
    std::string preceptorId;  ///< empty: none
    std::string status;
};

/// Who reads a rotation: the student on it; the school's admins, coordinators
/// and faculty; the facility's admins and coordinators (not a draft: that is the
/// student's application in progress); its preceptor. Nobody else (404), not
/// even Rotunda's administrator: break-glass access is not a membership.
bool mayReadRotation(const Caller& caller, const RotationParties& rotation);

/// As whom a caller may act on a rotation: the student themself, the school's
/// admins and coordinators, the facility's admins and coordinators.
struct RotationActors {
    bool student = false;
    bool school = false;
    bool facility = false;
};
RotationActors rotationActors(const Caller& caller, const RotationParties& rotation);

/// Scheduling students of a school onto a facility's coordinator_scheduled
/// window: the school's admins and coordinators, or the facility's.
bool mayScheduleRotations(const Caller& caller, const std::string& schoolId, const std::string& facilityId);

/// Applying for an elective: a student of `schoolId`.
bool mayApplyForElective(const Caller& caller, const std::string& schoolId);

/// Overriding a scheduling conflict (overlap, agreement, preceptor or school
/// limit — never capacity): the facility's admins.
bool mayOverrideConflicts(const Caller& caller, const std::string& facilityId);

/// A facility's rotation settings: read by its admins and coordinators, changed by its admins.
bool mayReadRotationSettings(const Caller& caller, const std::string& facilityId);
bool mayChangeRotationSettings(const Caller& caller, const std::string& facilityId);

/// One step of one rotation, as the policy needs it.
struct StepCompletionParties {
    RotationParties rotation;
    std::string completedBy;          ///< student, school_coordinator, faculty, facility
    std::string ownerOrganizationId;  ///< the facility, or the school for its own steps
};

/// As whom a caller acts on a step of a rotation. The completer submits: the
/// student themself; the school's admins and coordinators (school_coordinator);
/// the school's faculty (faculty); the facility's admins and coordinators
/// (facility, not on a draft). The owner verifies, rejects and waives: the
/// facility's admins and coordinators for the facility's steps, the school's
/// admins and coordinators for the school's own steps.
struct StepActors {
    bool completer = false;
    bool owner = false;
};
StepActors stepActors(const Caller& caller, const StepCompletionParties& step);

/// "facility" or "school": the party that owns a step of the rotation.
std::string stepOwnerParty(const StepCompletionParties& step);

/// Finds the parties of a step completion by id (for its documents); nullopt when there is none.
using StepCompletionLookup = std::function<std::optional<StepCompletionParties>(const std::string& completionId)>;

/// The lookups documentAccess needs for the record types whose parties live in
/// the database (the api layer passes repository lookups in).
struct DocumentLookups {
    AgreementLookup agreements = nullptr;
    ThreadLookup threads = nullptr;
    StepCompletionLookup completions = nullptr;
};

/// Documents follow their record: a user's own documents are theirs alone; a
/// user's profile documents (the photo) are read by every signed-in user and
/// written by that user; an organization's (logo, profile attachments) are
/// readable by every signed-in user and written by its admins and coordinators.
/// An agreement's are read by whoever may read the agreement and written by the
/// facility's admins and coordinators. A message thread's attachments are read
/// and written by its two people alone. A step completion's are read by whoever
/// reads the rotation and written by the step's completer. Each of the last
/// three needs its lookup; without it, no access. Unknown types: no access.
DocumentAccess documentAccess(const Caller& caller, const std::string& recordType, const std::string& recordId,
                              const DocumentLookups& lookups = {});

/// A student's onboarding progress across rotations: the student themself and
/// the staff (admins, coordinators, faculty) of a school they study at
/// (`studentSchoolIds`). Each rotation in it is still filtered by mayReadRotation.
bool mayReadStudentProgress(const Caller& caller, const std::string& studentId,
                            const std::vector<std::string>& studentSchoolIds);

/// An organization's onboarding board (its rotations with their step progress):
/// a facility's admins and coordinators; a school's admins, coordinators and faculty.
bool mayReadOnboardingBoard(const Caller& caller, const std::string& organizationId, const std::string& kind);

/// Commenting on a rotation's activity: everyone who reads it (mayReadRotation),
/// school faculty included — they supervise the student and the comments are
/// where the parties talk about the rotation (docs/rotations.md, "Activity and mail").
bool mayCommentOnRotation(const Caller& caller, const RotationParties& rotation);

}  // namespace rotunda::domain

namespace rotunda::domain {

/// The organizations whose rotations a caller reads as staff, as lists and
/// exports filter them (mayReadRotation for many rows at once): as the facility
/// (admins and coordinators; never drafts) and as the school (admins,
/// coordinators and faculty). A school never appears as a rotation's facility
/// nor a facility as its school, so no organization kind is needed. `acting*`
/// are the organizations for which the caller takes the party's actions
/// (admins and coordinators): what dashboards ask them to do.
struct RotationScope {
    std::vector<std::string> facilityIds;
    std::vector<std::string> schoolIds;
    std::vector<std::string> actingFacilityIds;
    std::vector<std::string> actingSchoolIds;
};
RotationScope rotationScope(const Caller& caller);

/// A dashboard for one organization: its members. Without one: every signed-in user (their own).
bool mayReadDashboard(const Caller& caller, const std::string& organizationId);

/// A personal calendar feed of one's rotations: every signed-in user, for themself only.
bool mayKeepCalendarFeed(const Caller& caller);

}  // namespace rotunda::domain
