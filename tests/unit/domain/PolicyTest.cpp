// PolicyTest.cpp — who may do what, from memberships alone.
#include "TestSupport.h"
#include "domain/Policy.h"

using namespace rotunda::domain;

class PolicyTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PolicyTest);
    CPPUNIT_TEST(testRolesFollowTheOrganizationKind);
    CPPUNIT_TEST(testOnlyAdminsEditAnOrganization);
    CPPUNIT_TEST(testOwnDocumentsAreOnlyTheOwners);
    CPPUNIT_TEST(testOrganizationDocumentsAreReadBySignedInUsersAndWrittenByStaff);
    CPPUNIT_TEST(testUnknownRecordsAndAnonymousCallersGetNothing);
    CPPUNIT_TEST(testRosterIsTheSchoolStaffsAlone);
    CPPUNIT_TEST(testCoordinatorsRemoveMembersButNotAdmins);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRolesFollowTheOrganizationKind() {
        CPPUNIT_ASSERT(isRoleOf("facility", "preceptor"));
        CPPUNIT_ASSERT(!isRoleOf("facility", "student"));
        CPPUNIT_ASSERT(isRoleOf("school", "student"));
        CPPUNIT_ASSERT(!isRoleOf("school", "preceptor"));
        CPPUNIT_ASSERT(!isRoleOf("clinic", "admin"));
        CPPUNIT_ASSERT(!isOrganizationKind("hospital"));
    }

    void testOnlyAdminsEditAnOrganization() {
        const Caller admin{"u1", false, {{"mercy", "admin"}}};
        const Caller coordinator{"u2", false, {{"mercy", "coordinator"}, {"lakeside", "admin"}}};
        const Caller systemAdministrator{"u3", true, {}};
        CPPUNIT_ASSERT(mayEditOrganization(admin, "mercy"));
        CPPUNIT_ASSERT(!mayEditOrganization(coordinator, "mercy"));
        CPPUNIT_ASSERT(mayEditOrganization(coordinator, "lakeside"));
        CPPUNIT_ASSERT(!mayEditOrganization(systemAdministrator, "mercy"));  // break-glass is not membership
    }

    void testOwnDocumentsAreOnlyTheOwners() {
        const Caller owner{"u1", false, {}};
        const Caller other{"u2", true, {{"mercy", "admin"}}};
        CPPUNIT_ASSERT(documentAccess(owner, "user", "u1").read);
        CPPUNIT_ASSERT(documentAccess(owner, "user", "u1").write);
        CPPUNIT_ASSERT(!documentAccess(other, "user", "u1").read);
        CPPUNIT_ASSERT(!documentAccess(other, "user", "u1").write);
    }

    void testOrganizationDocumentsAreReadBySignedInUsersAndWrittenByStaff() {
        const Caller coordinator{"u1", false, {{"mercy", "coordinator"}}};
        const Caller preceptor{"u2", false, {{"mercy", "preceptor"}}};
        const Caller outsider{"u3", false, {{"lakeside", "admin"}}};
        CPPUNIT_ASSERT(documentAccess(coordinator, "organization", "mercy").write);
        CPPUNIT_ASSERT(documentAccess(preceptor, "organization", "mercy").read);
        CPPUNIT_ASSERT(!documentAccess(preceptor, "organization", "mercy").write);
        CPPUNIT_ASSERT(documentAccess(outsider, "organization", "mercy").read);
        CPPUNIT_ASSERT(!documentAccess(outsider, "organization", "mercy").write);
    }

    void testUnknownRecordsAndAnonymousCallersGetNothing() {
        const Caller anyone{"u1", true, {{"mercy", "admin"}}};
        CPPUNIT_ASSERT(!documentAccess(anyone, "agreement", "a1").read);
        CPPUNIT_ASSERT(!isDocumentRecordType("invoice"));
        CPPUNIT_ASSERT(!documentAccess(anyone, "message", "t1").read);  // no thread lookup: no access
        const Caller anonymous{"", false, {}};
        CPPUNIT_ASSERT(!documentAccess(anonymous, "organization", "mercy").read);
        CPPUNIT_ASSERT(!documentAccess(anonymous, "user", "").read);
    }

    void testRosterIsTheSchoolStaffsAlone() {
        const Caller coordinator{"u1", false, {{"lakeside", "coordinator"}}};
        const Caller faculty{"u2", false, {{"lakeside", "faculty"}}};
        const Caller student{"u3", false, {{"lakeside", "student"}}};
        const Caller facility{"u4", false, {{"mercy", "admin"}}};
        CPPUNIT_ASSERT(rosterAccess(coordinator, "lakeside").write);
        CPPUNIT_ASSERT(rosterAccess(faculty, "lakeside").read);
        CPPUNIT_ASSERT(!rosterAccess(faculty, "lakeside").write);
        CPPUNIT_ASSERT(!rosterAccess(student, "lakeside").read);
        CPPUNIT_ASSERT(!rosterAccess(facility, "lakeside").read);
    }

    void testCoordinatorsRemoveMembersButNotAdmins() {
        const Caller coordinator{"u1", false, {{"lakeside", "coordinator"}}};
        const Caller admin{"u2", false, {{"lakeside", "admin"}}};
        CPPUNIT_ASSERT(mayRemoveMember(coordinator, "lakeside", {"student"}));
        CPPUNIT_ASSERT(!mayRemoveMember(coordinator, "lakeside", {"faculty", "admin"}));
        CPPUNIT_ASSERT(mayRemoveMember(admin, "lakeside", {"admin"}));
        CPPUNIT_ASSERT(!mayRemoveMember(admin, "mercy", {"student"}));
    }
};

ROTUNDA_TEST_SUITE(PolicyTest);
