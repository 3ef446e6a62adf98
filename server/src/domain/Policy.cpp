// Policy.cpp — who may do what to which record, decided from memberships alone.
#include "domain/Policy.h"

#include <algorithm>

namespace rotunda::domain {

const std::vector<std::string>& rolesOf(const std::string& kind) {
    static const std::vector<std::string> facility{"admin", "coordinator", "preceptor"};
    static const std::vector<std::string> school{"admin", "coordinator", "faculty", "student"};
    static const std::vector<std::string> none;
    if (kind == "facility") return facility;
    if (kind == "school") return school;
    return none;
}

bool isOrganizationKind(const std::string& kind) { return kind == "facility" || kind == "school"; }

bool isRoleOf(const std::string& kind, const std::string& role) {
    const auto& roles = rolesOf(kind);
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool isMember(const Caller& caller, const std::string& organizationId) {
    return std::any_of(caller.roles.begin(), caller.roles.end(),
                       [&](const Role& r) { return r.organizationId == organizationId; });
}

bool hasRole(const Caller& caller, const std::string& organizationId, const std::vector<std::string>& roles) {
    return std::any_of(caller.roles.begin(), caller.roles.end(), [&](const Role& r) {
        return r.organizationId == organizationId && std::find(roles.begin(), roles.end(), r.role) != roles.end();
    });
}

bool mayEditOrganization(const Caller& caller, const std::string& organizationId) {
    return hasRole(caller, organizationId, {"admin"});
}

bool mayInvite(const Caller& caller, const std::string& organizationId, const std::string& role) {
    if (hasRole(caller, organizationId, {"admin"})) return true;
    return role != "admin" && hasRole(caller, organizationId, {"coordinator"});
}

bool mayManageSetup(const Caller& caller, const std::string& organizationId) {
    return hasRole(caller, organizationId, {"admin", "coordinator"});
}

bool mayReadSteps(const Caller& caller, const std::string& organizationId) { return isMember(caller, organizationId); }

bool mayReadService(const Caller& caller, const std::string& facilityId, bool active) {
    if (caller.userId.empty()) return false;
    return active || isMember(caller, facilityId);
}

bool mayReadCapacity(const Caller& caller, const std::string& facilityId, const std::string& workflow,
                     const std::string& schoolId) {
    if (caller.userId.empty()) return false;
    if (workflow == "student_requested" || isMember(caller, facilityId)) return true;
    return !schoolId.empty() && hasRole(caller, schoolId, {"admin", "coordinator", "faculty"});
}

bool mayReadAgreement(const Caller& caller, const AgreementParties& parties) {
    if (mayManageSetup(caller, parties.facilityId)) return true;
    return !parties.draft && mayManageSetup(caller, parties.schoolId);
}

bool mayDecideAgreement(const Caller& caller, const AgreementParties& parties) {
    return !parties.draft && mayManageSetup(caller, parties.schoolId);
}

bool mayRemoveMember(const Caller& caller, const std::string& organizationId,
                     const std::vector<std::string>& targetRoles) {
    if (hasRole(caller, organizationId, {"admin"})) return true;
    const bool targetIsAdmin = std::find(targetRoles.begin(), targetRoles.end(), "admin") != targetRoles.end();
    return !targetIsAdmin && hasRole(caller, organizationId, {"coordinator"});
}

RosterAccess rosterAccess(const Caller& caller, const std::string& schoolId) {
    const bool write = hasRole(caller, schoolId, {"admin", "coordinator"});
    return {write || hasRole(caller, schoolId, {"faculty"}), write};
}

bool mayManagePartnerships(const Caller& caller, const std::string& organizationId) {
    return hasRole(caller, organizationId, {"admin", "coordinator"});
}

bool isDocumentRecordType(const std::string& recordType) {
    return recordType == "user" || recordType == "profile" || recordType == "organization" || recordType == "agreement" ||
           recordType == "message" || recordType == "step_completion";
}

DocumentAccess documentAccess(const Caller& caller, const std::string& recordType, const std::string& recordId,
                              const DocumentLookups& lookups) {
    if (caller.userId.empty()) return {};
    if (recordType == "user") {
        const bool own = recordId == caller.userId;
        return {own, own};
    }
    if (recordType == "organization") return {true, hasRole(caller, recordId, {"admin", "coordinator"})};
    if (recordType == "profile") return {true, recordId == caller.userId};
    if (recordType == "agreement" && lookups.agreements) {
        const std::optional<AgreementParties> parties = lookups.agreements(recordId);
        if (!parties || !mayReadAgreement(caller, *parties)) return {};
        return {true, mayManageSetup(caller, parties->facilityId)};
    }
    if (recordType == "message" && lookups.threads) {
        const bool party = mayReadThread(caller, lookups.threads(recordId));
        return {party, party};
    }
    if (recordType == "step_completion" && lookups.completions) {
        const std::optional<StepCompletionParties> step = lookups.completions(recordId);
        if (!step || !mayReadRotation(caller, step->rotation)) return {};
        return {true, stepActors(caller, *step).completer};
    }
    return {};
}

bool isListedByDefault(const std::vector<std::string>& roles) {
    return std::any_of(roles.begin(), roles.end(), [](const std::string& role) { return role != "student"; });
}

bool isListed(const DirectoryPerson& person) {
    return person.listedChoice ? *person.listedChoice : isListedByDefault(person.roles);
}

PersonVisibility personVisibility(const Caller& caller, const DirectoryPerson& person, const Relation& relation) {
    if (caller.userId.empty()) return {};
    if (caller.userId == person.userId) return {true, true, true};
    if (!isListed(person) && !relation.connected && !relation.pending) return {};
    return {true, person.sharesEmail, person.sharesPhone};
}

bool isFoundInDirectory(const Caller& caller, const DirectoryPerson& person, const Relation& relation) {
    return !caller.userId.empty() && isListed(person) && !relation.blockedByThem && !relation.blockedByCaller;
}

namespace {

ContactRefusal basicContact(const Caller& caller, const std::string& personId, const Relation& relation) {
    if (caller.userId.empty() || caller.userId == personId) return ContactRefusal::Self;
    if (relation.blockedByThem || relation.blockedByCaller) return ContactRefusal::Blocked;
    return ContactRefusal::None;
}

}  // namespace

ContactRefusal mayRequestConnection(const Caller& caller, const std::string& personId, const Relation& relation) {
    return basicContact(caller, personId, relation);
}

ContactRefusal mayMessage(const Caller& caller, const std::string& personId, const Relation& relation,
                          const SharedRotationLookup& sharedRotation) {
    const ContactRefusal refusal = basicContact(caller, personId, relation);
    if (refusal != ContactRefusal::None) return refusal;
    if (relation.connected) return ContactRefusal::None;
    if (sharedRotation && sharedRotation(caller.userId, personId)) return ContactRefusal::None;
    return ContactRefusal::NotConnected;
}

ContactRefusal mayEndorse(const Caller& caller, const std::string& personId, const Relation& relation) {
    const ContactRefusal refusal = basicContact(caller, personId, relation);
    if (refusal != ContactRefusal::None) return refusal;
    return relation.connected ? ContactRefusal::None : ContactRefusal::NotConnected;
}

bool mayReadThread(const Caller& caller, const std::vector<std::string>& threadPeople) {
    if (caller.userId.empty()) return false;
    return std::find(threadPeople.begin(), threadPeople.end(), caller.userId) != threadPeople.end();
}

bool mayManageSkills(const Caller& caller, const std::string& organizationId) {
    return hasRole(caller, organizationId, {"admin", "coordinator"});
}

}  // namespace rotunda::domain

namespace rotunda::domain {

bool mayReadRotation(const Caller& caller, const RotationParties& rotation) {
    if (caller.userId.empty()) return false;
    if (caller.userId == rotation.studentId) return true;  // Rotunda's administrator is not a party
    if (!rotation.preceptorId.empty() && caller.userId == rotation.preceptorId) return true;
    if (hasRole(caller, rotation.schoolId, {"admin", "coordinator", "faculty"})) return true;
    return rotation.status != "draft" && hasRole(caller, rotation.facilityId, {"admin", "coordinator"});
}

RotationActors rotationActors(const Caller& caller, const RotationParties& rotation) {
    RotationActors actors;
    actors.student = !caller.userId.empty() && caller.userId == rotation.studentId;
    actors.school = hasRole(caller, rotation.schoolId, {"admin", "coordinator"});
    actors.facility = rotation.status != "draft" && hasRole(caller, rotation.facilityId, {"admin", "coordinator"});
    return actors;
}

bool mayScheduleRotations(const Caller& caller, const std::string& schoolId, const std::string& facilityId) {
    return hasRole(caller, schoolId, {"admin", "coordinator"}) || hasRole(caller, facilityId, {"admin", "coordinator"});
}

bool mayApplyForElective(const Caller& caller, const std::string& schoolId) {
    return hasRole(caller, schoolId, {"student"});
}

RotationScope rotationScope(const Caller& caller) {
    RotationScope scope;
    for (const auto& r : caller.roles) {
        const bool staff = r.role == "admin" || r.role == "coordinator";
        if (staff) {
            scope.facilityIds.push_back(r.organizationId);
            scope.actingFacilityIds.push_back(r.organizationId);
            scope.actingSchoolIds.push_back(r.organizationId);
        }
        if (staff || r.role == "faculty") scope.schoolIds.push_back(r.organizationId);
    }
    return scope;
}

bool mayReadDashboard(const Caller& caller, const std::string& organizationId) {
    return organizationId.empty() ? !caller.userId.empty() : isMember(caller, organizationId);
}

bool mayKeepCalendarFeed(const Caller& caller) { return !caller.userId.empty(); }

bool mayOverrideConflicts(const Caller& caller, const std::string& facilityId) {
    return hasRole(caller, facilityId, {"admin"});
}

bool mayReadRotationSettings(const Caller& caller, const std::string& facilityId) {
    return hasRole(caller, facilityId, {"admin", "coordinator"});
}

bool mayChangeRotationSettings(const Caller& caller, const std::string& facilityId) {
    return hasRole(caller, facilityId, {"admin"});
}

bool mayCommentOnRotation(const Caller& caller, const RotationParties& rotation) {
    return mayReadRotation(caller, rotation);
}

}  // namespace rotunda::domain

namespace rotunda::domain {

StepActors stepActors(const Caller& caller, const StepCompletionParties& step) {
    const RotationParties& r = step.rotation;
    const bool schoolStaff = hasRole(caller, r.schoolId, {"admin", "coordinator"});
    // The facility does not see a student's application while it is a draft.
    const bool facilityStaff = r.status != "draft" && hasRole(caller, r.facilityId, {"admin", "coordinator"});
    StepActors actors;
    if (step.completedBy == "student") actors.completer = !caller.userId.empty() && caller.userId == r.studentId;
    else if (step.completedBy == "school_coordinator") actors.completer = schoolStaff;
    else if (step.completedBy == "faculty") actors.completer = hasRole(caller, r.schoolId, {"faculty"});
    else if (step.completedBy == "facility") actors.completer = facilityStaff;
    if (step.ownerOrganizationId == r.schoolId) actors.owner = schoolStaff;
    else if (step.ownerOrganizationId == r.facilityId) actors.owner = facilityStaff;
    return actors;
}

std::string stepOwnerParty(const StepCompletionParties& step) {
    return step.ownerOrganizationId == step.rotation.schoolId ? "school" : "facility";
}

bool mayReadStudentProgress(const Caller& caller, const std::string& studentId,
                            const std::vector<std::string>& studentSchoolIds) {
    if (caller.userId.empty()) return false;
    if (caller.userId == studentId) return true;
    return std::any_of(studentSchoolIds.begin(), studentSchoolIds.end(), [&](const std::string& school) {
        return hasRole(caller, school, {"admin", "coordinator", "faculty"});
    });
}

bool mayReadOnboardingBoard(const Caller& caller, const std::string& organizationId, const std::string& kind) {
    if (kind == "facility") return hasRole(caller, organizationId, {"admin", "coordinator"});
    if (kind == "school") return hasRole(caller, organizationId, {"admin", "coordinator", "faculty"});
    return false;
}

}  // namespace rotunda::domain
