// StepPolicyTest.cpp — as whom every kind of caller acts on a step of a rotation
// (completer, owner) for each completedBy and for a facility's and a school's
// step; who reads and writes a step completion's documents; who reads a
// student's progress.
#include "TestSupport.h"
#include "domain/Policy.h"

#include <map>

using namespace rotunda::domain;

namespace {

// Student "stu" of school "uni" at facility "mercy", preceptor "prec".
StepCompletionParties step(const std::string& completedBy, const std::string& owner, const std::string& status = "onboarding") {
    return {{"stu", "uni", "mercy", "prec", status}, completedBy, owner};
}

const std::map<std::string, Caller>& callers() {
    static const std::map<std::string, Caller> all{
        {"the student", {"stu", false, {{"uni", "student"}}}},
        {"another student", {"stu2", false, {{"uni", "student"}}}},
        {"school admin", {"sa", false, {{"uni", "admin"}}}},
        {"school coordinator", {"sc", false, {{"uni", "coordinator"}}}},
        {"school faculty", {"sf", false, {{"uni", "faculty"}}}},
        {"facility admin", {"fa", false, {{"mercy", "admin"}}}},
        {"facility coordinator", {"fc", false, {{"mercy", "coordinator"}}}},
        {"its preceptor", {"prec", false, {{"mercy", "preceptor"}}}},
        {"another school's admin", {"oa", false, {{"tech", "admin"}}}},
        {"another facility's admin", {"ofa", false, {{"lakeside", "admin"}}}},
        {"Rotunda administrator", {"root", true, {}}},
        {"anonymous", {"", false, {}}},
    };
    return all;
}

std::string as(const StepActors& a) { return std::string(a.completer ? "C" : "-") + (a.owner ? "O" : "-"); }

}  // namespace

class StepPolicyTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StepPolicyTest);
    CPPUNIT_TEST(testWhoCompletesAndWhoVerifiesAFacilityStep);
    CPPUNIT_TEST(testTheSchoolVerifiesItsOwnStepsAndTheFacilityDoesNot);
    CPPUNIT_TEST(testTheFacilityDoesNotActOnADraft);
    CPPUNIT_TEST(testStepCompletionDocuments);
    CPPUNIT_TEST(testWhoReadsAStudentsProgress);
    CPPUNIT_TEST(testWhoReadsAnOrganizationsOnboardingBoard);
    CPPUNIT_TEST_SUITE_END();

public:
    void testWhoCompletesAndWhoVerifiesAFacilityStep() {
        // caller → actors for a facility step completed by: student, school_coordinator, faculty, facility
        const std::map<std::string, std::vector<std::string>> expected{
            {"the student", {"C-", "--", "--", "--"}},
            {"another student", {"--", "--", "--", "--"}},
            {"school admin", {"--", "C-", "--", "--"}},
            {"school coordinator", {"--", "C-", "--", "--"}},
            {"school faculty", {"--", "--", "C-", "--"}},
            {"facility admin", {"-O", "-O", "-O", "CO"}},
            {"facility coordinator", {"-O", "-O", "-O", "CO"}},
            {"its preceptor", {"--", "--", "--", "--"}},
            {"another school's admin", {"--", "--", "--", "--"}},
            {"another facility's admin", {"--", "--", "--", "--"}},
            {"Rotunda administrator", {"--", "--", "--", "--"}},
            {"anonymous", {"--", "--", "--", "--"}},
        };
        const std::vector<std::string> completers{"student", "school_coordinator", "faculty", "facility"};
        for (const auto& [name, caller] : callers())
            for (std::size_t i = 0; i < completers.size(); ++i)
                CPPUNIT_ASSERT_EQUAL_MESSAGE(name + " / " + completers[i], expected.at(name)[i],
                                             as(stepActors(caller, step(completers[i], "mercy"))));
        CPPUNIT_ASSERT_EQUAL(std::string("facility"), stepOwnerParty(step("student", "mercy")));
    }

    void testTheSchoolVerifiesItsOwnStepsAndTheFacilityDoesNot() {
        const auto& c = callers();
        CPPUNIT_ASSERT_EQUAL(std::string("-O"), as(stepActors(c.at("school admin"), step("student", "uni"))));
        CPPUNIT_ASSERT_EQUAL(std::string("CO"), as(stepActors(c.at("school coordinator"), step("school_coordinator", "uni"))));
        CPPUNIT_ASSERT_EQUAL(std::string("--"), as(stepActors(c.at("facility admin"), step("student", "uni"))));
        CPPUNIT_ASSERT_EQUAL(std::string("--"), as(stepActors(c.at("school faculty"), step("student", "uni"))));
        CPPUNIT_ASSERT_EQUAL(std::string("C-"), as(stepActors(c.at("the student"), step("student", "uni"))));
        CPPUNIT_ASSERT_EQUAL(std::string("school"), stepOwnerParty(step("student", "uni")));
        // A step owned by neither organization of the rotation has no owner on it.
        CPPUNIT_ASSERT_EQUAL(std::string("--"), as(stepActors(c.at("another school's admin"), step("student", "tech"))));
    }

    void testTheFacilityDoesNotActOnADraft() {
        const auto& c = callers();
        CPPUNIT_ASSERT_EQUAL(std::string("--"), as(stepActors(c.at("facility admin"), step("facility", "mercy", "draft"))));
        CPPUNIT_ASSERT_EQUAL(std::string("C-"), as(stepActors(c.at("the student"), step("student", "mercy", "draft"))));
    }

    void testStepCompletionDocuments() {
        const StepCompletionLookup lookup = [](const std::string& id) -> std::optional<StepCompletionParties> {
            if (id == "c1") return step("student", "mercy");
            return std::nullopt;
        };
        CPPUNIT_ASSERT(isDocumentRecordType("step_completion"));
        const std::map<std::string, std::pair<bool, bool>> expected{
            {"the student", {true, true}},          {"another student", {false, false}},
            {"school admin", {true, false}},        {"school coordinator", {true, false}},
            {"school faculty", {true, false}},      {"facility admin", {true, false}},
            {"facility coordinator", {true, false}}, {"its preceptor", {true, false}},
            {"another school's admin", {false, false}}, {"another facility's admin", {false, false}},
            {"Rotunda administrator", {false, false}}, {"anonymous", {false, false}},
        };
        for (const auto& [name, caller] : callers()) {
            const DocumentAccess access = documentAccess(caller, "step_completion", "c1", {nullptr, nullptr, lookup});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name + " reads", expected.at(name).first, access.read);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name + " writes", expected.at(name).second, access.write);
            const DocumentAccess none = documentAccess(caller, "step_completion", "c2", {nullptr, nullptr, lookup});
            CPPUNIT_ASSERT_MESSAGE(name + " on no completion", !none.read && !none.write);
            const DocumentAccess noLookup = documentAccess(caller, "step_completion", "c1");
            CPPUNIT_ASSERT_MESSAGE(name + " without a lookup", !noLookup.read && !noLookup.write);
        }
    }

    void testWhoReadsAStudentsProgress() {
        const std::map<std::string, bool> expected{
            {"the student", true},           {"another student", false},    {"school admin", true},
            {"school coordinator", true},    {"school faculty", true},      {"facility admin", false},
            {"facility coordinator", false}, {"its preceptor", false},      {"another school's admin", false},
            {"another facility's admin", false}, {"Rotunda administrator", false}, {"anonymous", false},
        };
        for (const auto& [name, caller] : callers())
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name, expected.at(name), mayReadStudentProgress(caller, "stu", {"uni"}));
    }

    void testWhoReadsAnOrganizationsOnboardingBoard() {
        // caller → (reads the facility's board, reads the school's board)
        const std::map<std::string, std::pair<bool, bool>> expected{
            {"the student", {false, false}},          {"another student", {false, false}},
            {"school admin", {false, true}},          {"school coordinator", {false, true}},
            {"school faculty", {false, true}},        {"facility admin", {true, false}},
            {"facility coordinator", {true, false}},  {"its preceptor", {false, false}},
            {"another school's admin", {false, false}}, {"another facility's admin", {false, false}},
            {"Rotunda administrator", {false, false}}, {"anonymous", {false, false}},
        };
        for (const auto& [name, caller] : callers()) {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name + " / facility", expected.at(name).first,
                                         mayReadOnboardingBoard(caller, "mercy", "facility"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name + " / school", expected.at(name).second,
                                         mayReadOnboardingBoard(caller, "uni", "school"));
        }
        CPPUNIT_ASSERT(!mayReadOnboardingBoard(callers().at("facility admin"), "mercy", "hospital"));
    }
};

ROTUNDA_TEST_SUITE(StepPolicyTest);
