// SetupRulesTest.cpp — dates and overlaps of capacity and agreements, what a step
// may be, and who sets up and reads steps, services, capacity and agreements.
#include "TestSupport.h"
#include "domain/Calendar.h"
#include "domain/Policy.h"
#include "domain/Steps.h"

using namespace rotunda::domain;

class SetupRulesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SetupRulesTest);
    CPPUNIT_TEST(testIsoDatesAreRealCalendarDates);
    CPPUNIT_TEST(testRangesOverlapWhenTheyShareADay);
    CPPUNIT_TEST(testAnAgreementCoversAWindowInsideItsDates);
    CPPUNIT_TEST(testAddDaysCrossesMonthsAndLeapDays);
    CPPUNIT_TEST(testFormFieldsAreChecked);
    CPPUNIT_TEST(testStepVocabulary);
    CPPUNIT_TEST(testFacilityStaffManageSetupAndOthersRead);
    CPPUNIT_TEST(testCapacityVisibilityFollowsTheWorkflow);
    CPPUNIT_TEST(testAgreementsAreReadByBothPartiesButDraftsByTheFacilityOnly);
    CPPUNIT_TEST(testAgreementDocumentsFollowTheAgreement);
    CPPUNIT_TEST_SUITE_END();

public:
    void testIsoDatesAreRealCalendarDates() {
        CPPUNIT_ASSERT(isIsoDate("2027-02-28"));
        CPPUNIT_ASSERT(isIsoDate("2028-02-29"));
        CPPUNIT_ASSERT(!isIsoDate("2027-02-29"));
        CPPUNIT_ASSERT(!isIsoDate("2027-13-01"));
        CPPUNIT_ASSERT(!isIsoDate("2027-1-01"));
        CPPUNIT_ASSERT(!isIsoDate("01/02/2027"));
        CPPUNIT_ASSERT(!isIsoDate("2027-01-01T00:00"));
        CPPUNIT_ASSERT(!isIsoDate(""));
    }

    void testRangesOverlapWhenTheyShareADay() {
        CPPUNIT_ASSERT(overlaps({"2027-01-01", "2027-01-31"}, {"2027-01-31", "2027-02-28"}));  // one shared day
        CPPUNIT_ASSERT(overlaps({"2027-01-10", "2027-01-20"}, {"2027-01-01", "2027-01-31"}));  // inside
        CPPUNIT_ASSERT(!overlaps({"2027-01-01", "2027-01-31"}, {"2027-02-01", "2027-02-28"}));  // adjacent
        CPPUNIT_ASSERT(!overlaps({"2027-03-01", "2027-03-31"}, {"2027-01-01", "2027-02-28"}));
    }

    void testAnAgreementCoversAWindowInsideItsDates() {
        const DateRange agreement{"2027-01-01", "2027-12-31"};
        CPPUNIT_ASSERT(covers(agreement, {"2027-01-01", "2027-12-31"}));
        CPPUNIT_ASSERT(covers(agreement, {"2027-03-01", "2027-03-31"}));
        CPPUNIT_ASSERT(!covers(agreement, {"2026-12-31", "2027-01-31"}));
        CPPUNIT_ASSERT(!covers(agreement, {"2027-12-01", "2028-01-01"}));
    }

    void testAddDaysCrossesMonthsAndLeapDays() {
        CPPUNIT_ASSERT_EQUAL(std::string("2028-02-29"), addDays("2028-02-28", 1));
        CPPUNIT_ASSERT_EQUAL(std::string("2027-03-01"), addDays("2027-02-28", 1));
        CPPUNIT_ASSERT_EQUAL(std::string("2027-01-31"), addDays("2027-03-02", -30));
        CPPUNIT_ASSERT_EQUAL(std::string("2028-01-01"), addDays("2027-12-02", 30));
        CPPUNIT_ASSERT(isIsoDate(todayUtc()));
    }

    void testFormFieldsAreChecked() {
        CPPUNIT_ASSERT(checkStepFields({{"dose", "Dose date", "date", "", true, {}}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), checkStepFields({}).size());
        const auto errors = checkStepFields({{"a", "A", "choice", "", false, {}},
                                             {"a", "", "colour", "", false, {"x"}},
                                             {"b", "B", "choice", "", false, {"x", "x"}}});
        std::vector<std::string> fields;
        for (const auto& e : errors) fields.push_back(e.first);
        const std::vector<std::string> expected{"fields[0].options", "fields[1].name", "fields[1].label",
                                                "fields[1].type", "fields[1].options", "fields[2].options"};
        CPPUNIT_ASSERT(fields == expected);
    }

    void testStepVocabulary() {
        CPPUNIT_ASSERT(isStepPhase("evaluation"));
        CPPUNIT_ASSERT(!isStepPhase("closing"));
        CPPUNIT_ASSERT(isBuiltInStepType("confirmation"));
        CPPUNIT_ASSERT(!isBuiltInStepType("immunization-record"));
        CPPUNIT_ASSERT(isStepCompleter("school_coordinator"));
        CPPUNIT_ASSERT(!isStepCompleter("preceptor"));
        CPPUNIT_ASSERT(isStepExpiryDays(365));
        CPPUNIT_ASSERT(!isStepExpiryDays(0));
    }

    void testFacilityStaffManageSetupAndOthersRead() {
        const Caller admin{"u1", false, {{"mercy", "admin"}}};
        const Caller coordinator{"u2", false, {{"mercy", "coordinator"}}};
        const Caller preceptor{"u3", false, {{"mercy", "preceptor"}}};
        const Caller student{"u4", false, {{"state-u", "student"}}};
        const Caller anonymous{"", false, {}};
        CPPUNIT_ASSERT(mayManageSetup(admin, "mercy"));
        CPPUNIT_ASSERT(mayManageSetup(coordinator, "mercy"));
        CPPUNIT_ASSERT(!mayManageSetup(preceptor, "mercy"));
        CPPUNIT_ASSERT(!mayManageSetup(student, "mercy"));
        CPPUNIT_ASSERT(mayReadSteps(preceptor, "mercy"));
        CPPUNIT_ASSERT(!mayReadSteps(student, "mercy"));
        CPPUNIT_ASSERT(mayReadService(student, "mercy", true));
        CPPUNIT_ASSERT(!mayReadService(student, "mercy", false));
        CPPUNIT_ASSERT(mayReadService(preceptor, "mercy", false));
        CPPUNIT_ASSERT(!mayReadService(anonymous, "mercy", true));
    }

    void testCapacityVisibilityFollowsTheWorkflow() {
        const Caller student{"u4", false, {{"state-u", "student"}}};
        const Caller faculty{"u5", false, {{"state-u", "faculty"}}};
        const Caller preceptor{"u3", false, {{"mercy", "preceptor"}}};
        const Caller otherSchool{"u6", false, {{"tech", "admin"}}};
        CPPUNIT_ASSERT(mayReadCapacity(student, "mercy", "student_requested", ""));
        CPPUNIT_ASSERT(!mayReadCapacity(student, "mercy", "coordinator_scheduled", "state-u"));
        CPPUNIT_ASSERT(mayReadCapacity(faculty, "mercy", "coordinator_scheduled", "state-u"));
        CPPUNIT_ASSERT(mayReadCapacity(preceptor, "mercy", "coordinator_scheduled", "state-u"));
        CPPUNIT_ASSERT(!mayReadCapacity(otherSchool, "mercy", "coordinator_scheduled", "state-u"));
        CPPUNIT_ASSERT(!mayReadCapacity(Caller{"", false, {}}, "mercy", "student_requested", ""));
    }

    void testAgreementsAreReadByBothPartiesButDraftsByTheFacilityOnly() {
        const Caller facilityCoordinator{"u1", false, {{"mercy", "coordinator"}}};
        const Caller preceptor{"u3", false, {{"mercy", "preceptor"}}};
        const Caller schoolAdmin{"u2", false, {{"state-u", "admin"}}};
        const Caller student{"u4", false, {{"state-u", "student"}}};
        const Caller outsider{"u6", false, {{"tech", "admin"}}};
        const AgreementParties draft{"mercy", "state-u", true}, submitted{"mercy", "state-u", false};
        CPPUNIT_ASSERT(mayReadAgreement(facilityCoordinator, draft));
        CPPUNIT_ASSERT(!mayReadAgreement(schoolAdmin, draft));
        CPPUNIT_ASSERT(mayReadAgreement(schoolAdmin, submitted));
        CPPUNIT_ASSERT(!mayReadAgreement(preceptor, submitted));
        CPPUNIT_ASSERT(!mayReadAgreement(student, submitted));
        CPPUNIT_ASSERT(!mayReadAgreement(outsider, submitted));
        CPPUNIT_ASSERT(mayDecideAgreement(schoolAdmin, submitted));
        CPPUNIT_ASSERT(!mayDecideAgreement(schoolAdmin, draft));
        CPPUNIT_ASSERT(!mayDecideAgreement(facilityCoordinator, submitted));
    }

    void testAgreementDocumentsFollowTheAgreement() {
        const AgreementLookup lookup = [](const std::string& id) -> std::optional<AgreementParties> {
            if (id == "a1") return AgreementParties{"mercy", "state-u", false};
            if (id == "a2") return AgreementParties{"mercy", "state-u", true};
            return std::nullopt;
        };
        const Caller facilityAdmin{"u1", false, {{"mercy", "admin"}}};
        const Caller schoolCoordinator{"u2", false, {{"state-u", "coordinator"}}};
        const Caller outsider{"u6", false, {{"tech", "admin"}}};
        CPPUNIT_ASSERT(isDocumentRecordType("agreement"));
        CPPUNIT_ASSERT(documentAccess(facilityAdmin, "agreement", "a1", {lookup}).write);
        CPPUNIT_ASSERT(documentAccess(schoolCoordinator, "agreement", "a1", {lookup}).read);
        CPPUNIT_ASSERT(!documentAccess(schoolCoordinator, "agreement", "a1", {lookup}).write);
        CPPUNIT_ASSERT(!documentAccess(schoolCoordinator, "agreement", "a2", {lookup}).read);
        CPPUNIT_ASSERT(!documentAccess(outsider, "agreement", "a1", {lookup}).read);
        CPPUNIT_ASSERT(!documentAccess(facilityAdmin, "agreement", "nope", {lookup}).read);
        CPPUNIT_ASSERT(!documentAccess(facilityAdmin, "agreement", "a1").read);  // no lookup: no access
    }
};

ROTUNDA_TEST_SUITE(SetupRulesTest);
