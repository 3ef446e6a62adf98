// RotationsTest.cpp — the rotation transition table (every allowed move and every
// refused one, for every party), which statuses hold a place, and the conflict rules.
#include "TestSupport.h"
#include "domain/Rotations.h"

#include <map>
#include <set>
#include <tuple>

using namespace rotunda::domain;

namespace {

using P = RotationParty;
const std::vector<P> kParties{P::Student, P::School, P::Facility, P::System};

// The table written out once more, by hand: (status, action, party) → new status.
// Reopen and resume go back to the remembered status ("onboarding" in these cases).
const std::map<std::tuple<std::string, std::string, P>, std::string>& expectedAllowed() {
    static const auto table = [] {
        std::map<std::tuple<std::string, std::string, P>, std::string> t;
        t[{"draft", "submit", P::Student}] = "pending_review";
        t[{"pending_review", "endorse", P::School}] = "pending_site";
        t[{"pending_site", "accept", P::Facility}] = "onboarding";
        t[{"waitlisted", "accept", P::Facility}] = "onboarding";
        t[{"pending_site", "waitlist", P::Facility}] = "waitlisted";
        t[{"pending_review", "decline", P::School}] = "declined";
        t[{"pending_site", "decline", P::Facility}] = "declined";
        t[{"waitlisted", "decline", P::Facility}] = "declined";
        for (const std::string s : {"draft", "pending_review", "pending_site", "waitlisted"})
            for (const P p : {P::Student, P::School, P::Facility}) t[{s, "cancel", p}] = "cancelled";
        for (const std::string s : {"onboarding", "ready", "active", "paused"})
            for (const P p : {P::School, P::Facility}) t[{s, "cancel", p}] = "cancelled";
        t[{"cancelled", "reopen", P::Facility}] = "onboarding";  // cancelled by the facility in these cases
        for (const std::string s : {"onboarding", "ready", "active"}) t[{s, "pause", P::Facility}] = "paused";
        t[{"paused", "resume", P::Facility}] = "onboarding";
        for (const std::string s : {"active", "offboarding"})
            for (const P p : {P::Facility, P::System}) t[{s, "complete", p}] = "completed";
        t[{"onboarding", "mark_ready", P::System}] = "ready";
        t[{"ready", "unready", P::System}] = "onboarding";
        t[{"ready", "start", P::System}] = "active";
        t[{"active", "offboard", P::System}] = "offboarding";
        t[{"onboarding", "close", P::System}] = "cancelled";
        return t;
    }();
    return table;
}

std::set<std::string> actions() {
    std::set<std::string> names;
    for (const auto& t : rotationTransitions()) names.insert(t.action);
    return names;
}

RotationContext cancelledByFacility() { return {"onboarding", "onboarding", "facility"}; }

}  // namespace

class RotationsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RotationsTest);
    CPPUNIT_TEST(testEveryStatusActionAndPartyIsAllowedExactlyAsTheTableSays);
    CPPUNIT_TEST(testRefusalsSayWhetherTheStateOrThePartyIsWrong);
    CPPUNIT_TEST(testOnlyTheJobTakesAReadyRotationBackToOnboarding);
    CPPUNIT_TEST(testCancelAndDeclineNeedAReason);
    CPPUNIT_TEST(testOnlyTheCancellingPartyReopensAndReturnsToTheStatusBefore);
    CPPUNIT_TEST(testResumeReturnsToTheStatusBeforeThePause);
    CPPUNIT_TEST(testPlacesAreHeldFromAcceptanceToCompletion);
    CPPUNIT_TEST(testUnknownActionsAndStatuses);
    CPPUNIT_TEST(testDatesMustLieInsideTheWindow);
    CPPUNIT_TEST(testNoConflictsWhenEverythingFits);
    CPPUNIT_TEST(testEachConflictIsFoundAndOnlyCapacityCannotBeOverridden);
    CPPUNIT_TEST(testPreceptorLimitCountsStudentsAtOnceNotInTotal);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryStatusActionAndPartyIsAllowedExactlyAsTheTableSays() {
        int allowed = 0;
        for (const auto& status : rotationStatuses())
            for (const auto& action : actions())
                for (const P party : kParties) {
                    std::string to;
                    const RotationRefusal r =
                        checkRotationTransition(status, action, party, "a reason", cancelledByFacility(), to);
                    const auto expected = expectedAllowed().find({status, action, party});
                    const std::string what = status + " " + action + " by " + partyName(party);
                    if (expected == expectedAllowed().end()) {
                        CPPUNIT_ASSERT_MESSAGE(what, r != RotationRefusal::Allowed);
                    } else {
                        CPPUNIT_ASSERT_MESSAGE(what, r == RotationRefusal::Allowed);
                        CPPUNIT_ASSERT_EQUAL_MESSAGE(what, expected->second, to);
                        ++allowed;
                    }
                }
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(expectedAllowed().size()), allowed);
        CPPUNIT_ASSERT_EQUAL(std::size_t(12), rotationStatuses().size());
    }

    void testRefusalsSayWhetherTheStateOrThePartyIsWrong() {
        std::string to;
        CPPUNIT_ASSERT(checkRotationTransition("completed", "cancel", P::Facility, "x", {}, to) ==
                       RotationRefusal::WrongState);
        CPPUNIT_ASSERT(checkRotationTransition("onboarding", "cancel", P::Student, "x", {}, to) ==
                       RotationRefusal::WrongParty);
        CPPUNIT_ASSERT(checkRotationTransition("pending_site", "accept", P::School, "", {}, to) ==
                       RotationRefusal::WrongParty);
        CPPUNIT_ASSERT(checkRotationTransition("onboarding", "mark_ready", P::Facility, "", {}, to) ==
                       RotationRefusal::WrongParty);
        CPPUNIT_ASSERT(describeRotationRefusal(RotationRefusal::WrongParty, "pending_site", "accept")
                           .find("facility") != std::string::npos);
        CPPUNIT_ASSERT(describeRotationRefusal(RotationRefusal::WrongParty, "onboarding", "start")
                           .find("by themselves") != std::string::npos);
        CPPUNIT_ASSERT(describeRotationRefusal(RotationRefusal::WrongState, "declined", "accept")
                           .find("declined") != std::string::npos);
    }

    void testOnlyTheJobTakesAReadyRotationBackToOnboarding() {
        std::string to;
        CPPUNIT_ASSERT(checkRotationTransition("ready", "unready", P::System, "", {}, to) == RotationRefusal::Allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("onboarding"), to);
        CPPUNIT_ASSERT(holdsPlace("onboarding"));  // the place stays with the rotation
        for (const P party : {P::Student, P::School, P::Facility})
            CPPUNIT_ASSERT(checkRotationTransition("ready", "unready", party, "", {}, to) ==
                           RotationRefusal::WrongParty);
        for (const std::string status : {"onboarding", "active", "paused", "offboarding", "completed"})
            CPPUNIT_ASSERT_MESSAGE(status, checkRotationTransition(status, "unready", P::System, "", {}, to) ==
                                               RotationRefusal::WrongState);
        CPPUNIT_ASSERT(describeRotationRefusal(RotationRefusal::WrongParty, "ready", "unready")
                           .find("by themselves (the rotation job)") != std::string::npos);
    }

    void testCancelAndDeclineNeedAReason() {
        std::string to;
        CPPUNIT_ASSERT(checkRotationTransition("onboarding", "cancel", P::School, " \n", {}, to) ==
                       RotationRefusal::ReasonRequired);
        CPPUNIT_ASSERT(checkRotationTransition("pending_site", "decline", P::Facility, "", {}, to) ==
                       RotationRefusal::ReasonRequired);
        CPPUNIT_ASSERT(checkRotationTransition("pending_site", "waitlist", P::Facility, "", {}, to) ==
                       RotationRefusal::Allowed);
        CPPUNIT_ASSERT(checkRotationTransition("draft", "cancel", P::Student, "changed my mind", {}, to) ==
                       RotationRefusal::Allowed);
    }

    void testOnlyTheCancellingPartyReopensAndReturnsToTheStatusBefore() {
        std::string to;
        const RotationContext bySchool{"ready", "", "school"};
        CPPUNIT_ASSERT(checkRotationTransition("cancelled", "reopen", P::School, "", bySchool, to) ==
                       RotationRefusal::Allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("ready"), to);
        CPPUNIT_ASSERT(checkRotationTransition("cancelled", "reopen", P::Facility, "", bySchool, to) ==
                       RotationRefusal::NotTheCanceller);
        CPPUNIT_ASSERT(checkRotationTransition("cancelled", "reopen", P::Student, "", bySchool, to) ==
                       RotationRefusal::NotTheCanceller);
        const RotationContext byStudent{"pending_site", "", "student"};
        CPPUNIT_ASSERT(checkRotationTransition("cancelled", "reopen", P::Student, "", byStudent, to) ==
                       RotationRefusal::Allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("pending_site"), to);
        const RotationContext closedByTheJob{"onboarding", "", "system"};
        CPPUNIT_ASSERT(checkRotationTransition("cancelled", "reopen", P::Facility, "", closedByTheJob, to) ==
                       RotationRefusal::Allowed);
        CPPUNIT_ASSERT(checkRotationTransition("cancelled", "reopen", P::School, "", closedByTheJob, to) ==
                       RotationRefusal::NotTheCanceller);
        CPPUNIT_ASSERT(checkRotationTransition("cancelled", "reopen", P::Facility, "", {"", "", "facility"}, to) ==
                       RotationRefusal::WrongState);
    }

    void testResumeReturnsToTheStatusBeforeThePause() {
        std::string to;
        CPPUNIT_ASSERT(checkRotationTransition("paused", "resume", P::Facility, "", {"", "active", ""}, to) ==
                       RotationRefusal::Allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("active"), to);
    }

    void testPlacesAreHeldFromAcceptanceToCompletion() {
        const std::set<std::string> holding{"onboarding", "ready", "active", "offboarding", "paused", "completed"};
        for (const auto& status : rotationStatuses()) {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(status, holding.count(status) == 1, holdsPlace(status));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(status, holding.count(status) == 1 && status != "completed",
                                         occupiesStudent(status));
        }
    }

    void testUnknownActionsAndStatuses() {
        std::string to;
        CPPUNIT_ASSERT(checkRotationTransition("draft", "delete", P::Student, "", {}, to) ==
                       RotationRefusal::UnknownAction);
        CPPUNIT_ASSERT(checkRotationTransition("archived", "submit", P::Student, "", {}, to) ==
                       RotationRefusal::WrongState);
        CPPUNIT_ASSERT(isRotationStatus("waitlisted"));
        CPPUNIT_ASSERT(!isRotationStatus("withdrawn"));
        CPPUNIT_ASSERT(isRotationAction("reopen"));
        CPPUNIT_ASSERT(!isRotationAction("approve"));
    }

    void testDatesMustLieInsideTheWindow() {
        const DateRange window{"2027-03-01", "2027-03-31"};
        CPPUNIT_ASSERT(checkRotationDates({"2027-03-01", "2027-03-31"}, window).empty());
        CPPUNIT_ASSERT(checkRotationDates({"2027-03-10", "2027-03-10"}, window).empty());
        const auto before = checkRotationDates({"2027-02-28", "2027-03-05"}, window);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), before.size());
        CPPUNIT_ASSERT_EQUAL(std::string("startDate"), before[0].first);
        const auto after = checkRotationDates({"2027-03-20", "2027-04-01"}, window);
        CPPUNIT_ASSERT_EQUAL(std::string("endDate"), after[0].first);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), checkRotationDates({"2027-03-20", "2027-03-10"}, window).size());
    }

    void testNoConflictsWhenEverythingFits() {
        BookingFacts facts;
        facts.rotation = {"2027-03-01", "2027-03-14"};
        facts.window = {"2027-03-01", "2027-03-31"};
        facts.capacity = 2;
        facts.booked = 1;
        facts.studentRotations = {{"2027-02-01", "2027-02-28"}, {"2027-03-15", "2027-03-31"}};
        facts.preceptorRotations = {{"2027-03-01", "2027-03-31"}};
        facts.preceptorMax = 2;
        facts.schoolLimit = 2;
        facts.schoolBooked = 1;
        CPPUNIT_ASSERT(findConflicts(facts).empty());
    }

    void testEachConflictIsFoundAndOnlyCapacityCannotBeOverridden() {
        BookingFacts facts;
        facts.rotation = {"2027-03-01", "2027-03-14"};
        facts.window = {"2027-03-01", "2027-03-31"};
        facts.capacity = 3;
        facts.booked = 2;
        facts.placesWanted = 2;
        facts.studentRotations = {{"2027-03-14", "2027-03-20"}};
        facts.agreementCovers = false;
        facts.preceptorRotations = {{"2027-03-01", "2027-03-31"}};
        facts.preceptorMax = 1;
        facts.schoolLimit = 1;
        facts.schoolBooked = 0;
        std::string codes;
        for (const auto& c : findConflicts(facts)) codes += c.code + ",";
        CPPUNIT_ASSERT_EQUAL(std::string("student_overlap,no_capacity,no_agreement,preceptor_limit,school_limit,"),
                             codes);
        CPPUNIT_ASSERT(!isOverridable("no_capacity"));
        for (const std::string code : {"student_overlap", "no_agreement", "preceptor_limit", "school_limit"})
            CPPUNIT_ASSERT_MESSAGE(code, isOverridable(code));
    }

    void testPreceptorLimitCountsStudentsAtOnceNotInTotal() {
        // Two earlier students one after the other, and the new one overlapping each:
        // never more than two at once.
        const std::vector<DateRange> back2back{{"2027-03-01", "2027-03-10"}, {"2027-03-11", "2027-03-20"}};
        std::vector<DateRange> with = back2back;
        with.push_back({"2027-03-05", "2027-03-15"});
        CPPUNIT_ASSERT_EQUAL(2, mostAtOnce(with, {"2027-03-05", "2027-03-15"}));
        BookingFacts facts;
        facts.rotation = {"2027-03-05", "2027-03-15"};
        facts.capacity = 10;
        facts.preceptorRotations = back2back;
        facts.preceptorMax = 2;
        CPPUNIT_ASSERT(findConflicts(facts).empty());
        facts.preceptorRotations.push_back({"2027-03-15", "2027-03-15"});
        CPPUNIT_ASSERT_EQUAL(std::string("preceptor_limit"), findConflicts(facts).at(0).code);
        CPPUNIT_ASSERT_EQUAL(0, mostAtOnce({{"2027-01-01", "2027-01-31"}}, {"2027-03-01", "2027-03-31"}));
    }
};

ROTUNDA_TEST_SUITE(RotationsTest);
