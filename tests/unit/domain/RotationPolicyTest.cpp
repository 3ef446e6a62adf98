// RotationPolicyTest.cpp — who reads a rotation, as whom they act on it, who
// schedules, applies, overrides and sets the facility's rotation settings: every
// kind of caller against one rotation, as a draft and once placed.
#include "TestSupport.h"
#include "domain/Policy.h"

#include <algorithm>
#include <map>

using namespace rotunda::domain;

namespace {

// The rotation: student "stu" of school "uni" at facility "mercy", preceptor "prec".
RotationParties rotation(const std::string& status) { return {"stu", "uni", "mercy", "prec", status}; }

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
        {"another preceptor", {"prec2", false, {{"mercy", "preceptor"}}}},
        {"another school's admin", {"oa", false, {{"tech", "admin"}}}},
        {"another facility's admin", {"ofa", false, {{"lakeside", "admin"}}}},
        {"Rotunda administrator", {"root", true, {}}},
        {"anonymous", {"", false, {}}},
    };
    return all;
}

std::string actorsOf(const RotationActors& a) {
    return std::string(a.student ? "S" : "-") + (a.school ? "C" : "-") + (a.facility ? "F" : "-");
}

}  // namespace

class RotationPolicyTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RotationPolicyTest);
    CPPUNIT_TEST(testWhoReadsARotation);
    CPPUNIT_TEST(testAsWhomEachCallerActs);
    CPPUNIT_TEST(testWhoSchedulesAppliesOverridesAndSetsSettings);
    CPPUNIT_TEST(testRotationScopeReadsWhatMayReadRotationReads);
    CPPUNIT_TEST(testDashboardAndCalendarFeed);
    CPPUNIT_TEST_SUITE_END();

public:
    void testWhoReadsARotation() {
        const std::map<std::string, std::pair<bool, bool>> expected{
            // caller → (reads the draft, reads it once placed)
            {"the student", {true, true}},          {"another student", {false, false}},
            {"school admin", {true, true}},         {"school coordinator", {true, true}},
            {"school faculty", {true, true}},       {"facility admin", {false, true}},
            {"facility coordinator", {false, true}}, {"its preceptor", {true, true}},
            {"another preceptor", {false, false}},  {"another school's admin", {false, false}},
            {"another facility's admin", {false, false}}, {"Rotunda administrator", {false, false}},
            {"anonymous", {false, false}},
        };
        for (const auto& [name, caller] : callers()) {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name, expected.at(name).first, mayReadRotation(caller, rotation("draft")));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name, expected.at(name).second,
                                         mayReadRotation(caller, rotation("onboarding")));
        }
    }

    void testAsWhomEachCallerActs() {
        const std::map<std::string, std::pair<std::string, std::string>> expected{
            // caller → (parties on the draft, parties once placed): Student, sChool, Facility
            {"the student", {"S--", "S--"}},        {"another student", {"---", "---"}},
            {"school admin", {"-C-", "-C-"}},        {"school coordinator", {"-C-", "-C-"}},
            {"school faculty", {"---", "---"}},      {"facility admin", {"---", "--F"}},
            {"facility coordinator", {"---", "--F"}}, {"its preceptor", {"---", "---"}},
            {"another preceptor", {"---", "---"}},   {"another school's admin", {"---", "---"}},
            {"another facility's admin", {"---", "---"}}, {"Rotunda administrator", {"---", "---"}},
            {"anonymous", {"---", "---"}},
        };
        for (const auto& [name, caller] : callers()) {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name, expected.at(name).first,
                                         actorsOf(rotationActors(caller, rotation("draft"))));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name, expected.at(name).second,
                                         actorsOf(rotationActors(caller, rotation("active"))));
        }
    }

    void testWhoSchedulesAppliesOverridesAndSetsSettings() {
        const std::map<std::string, std::string> expected{
            // caller → schedules, applies from uni, overrides, reads settings, changes settings
            {"the student", "-A---"},          {"another student", "-A---"},
            {"school admin", "S----"},         {"school coordinator", "S----"},
            {"school faculty", "-----"},       {"facility admin", "S-ORW"},
            {"facility coordinator", "S--R-"}, {"its preceptor", "-----"},
            {"another preceptor", "-----"},    {"another school's admin", "-----"},
            {"another facility's admin", "-----"}, {"Rotunda administrator", "-----"},
            {"anonymous", "-----"},
        };
        for (const auto& [name, caller] : callers()) {
            const std::string got = std::string(mayScheduleRotations(caller, "uni", "mercy") ? "S" : "-") +
                                    (mayApplyForElective(caller, "uni") ? "A" : "-") +
                                    (mayOverrideConflicts(caller, "mercy") ? "O" : "-") +
                                    (mayReadRotationSettings(caller, "mercy") ? "R" : "-") +
                                    (mayChangeRotationSettings(caller, "mercy") ? "W" : "-");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name, expected.at(name), got);
        }
    }

    // Lists, counts, exports and feeds filter with the scope in SQL; one
    // rotation is checked with mayReadRotation. They must agree for everyone.
    void testRotationScopeReadsWhatMayReadRotationReads() {
        const auto contains = [](const std::vector<std::string>& ids, const std::string& id) {
            return std::find(ids.begin(), ids.end(), id) != ids.end();
        };
        for (const auto& [who, caller] : callers()) {
            const RotationScope scope = rotationScope(caller);
            for (const auto& status : {"draft", "pending_review", "pending_site", "onboarding", "active", "completed",
                                       "cancelled"}) {
                const RotationParties r = rotation(status);
                const bool listed = !caller.userId.empty() &&
                                    (caller.userId == r.studentId || caller.userId == r.preceptorId ||
                                     (r.status != "draft" && contains(scope.facilityIds, r.facilityId)) ||
                                     contains(scope.schoolIds, r.schoolId));
                CPPUNIT_ASSERT_EQUAL_MESSAGE(who + " / " + status, mayReadRotation(caller, r), listed);
            }
        }
        const RotationScope faculty = rotationScope(callers().at("school faculty"));
        CPPUNIT_ASSERT(faculty.actingSchoolIds.empty() && faculty.actingFacilityIds.empty());
        const RotationScope coordinator = rotationScope(callers().at("facility coordinator"));
        CPPUNIT_ASSERT(coordinator.actingFacilityIds == std::vector<std::string>{"mercy"});
    }

    void testDashboardAndCalendarFeed() {
        CPPUNIT_ASSERT(mayReadDashboard(callers().at("its preceptor"), ""));
        CPPUNIT_ASSERT(mayReadDashboard(callers().at("its preceptor"), "mercy"));
        CPPUNIT_ASSERT(!mayReadDashboard(callers().at("its preceptor"), "uni"));
        CPPUNIT_ASSERT(!mayReadDashboard(callers().at("Rotunda administrator"), "mercy"));
        CPPUNIT_ASSERT(!mayReadDashboard(callers().at("anonymous"), ""));
        CPPUNIT_ASSERT(mayKeepCalendarFeed(callers().at("the student")));
        CPPUNIT_ASSERT(!mayKeepCalendarFeed(callers().at("anonymous")));
    }
};


ROTUNDA_TEST_SUITE(RotationPolicyTest);
