// RotationNoticesTest.cpp — what a comment may be, who is told of a comment, a
// scheduling and a decision, when the start reminder is due, and what a digest says.
#include "TestSupport.h"
#include "domain/Policy.h"
#include "domain/RotationNotices.h"

#include <algorithm>

using namespace rotunda::domain;

namespace {

RotationPeople people() {
    RotationPeople p;
    p.studentId = "sam";
    p.preceptorId = "pat";
    p.schoolStaff = {"sally", "scott"};
    p.facilityStaff = {"fiona", "sally"};  // someone on both sides is told once
    return p;
}

bool has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

class RotationNoticesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RotationNoticesTest);
    CPPUNIT_TEST(testCommentsAreTrimmedAndLimited);
    CPPUNIT_TEST(testCommentsTellEveryPersonOnceButNotTheAuthor);
    CPPUNIT_TEST(testFacilityHearsNothingOfADraft);
    CPPUNIT_TEST(testSchedulingTellsTheStudentAndThePreceptor);
    CPPUNIT_TEST(testOnlyTheFacilitysDecisionsMailTheStudent);
    CPPUNIT_TEST(testStepCompletersAreTheStudentOrTheStaffOfTheStepsParty);
    CPPUNIT_TEST(testUnreadyTellsTheStudentAndWhoeverCompletesTheLapsedSteps);
    CPPUNIT_TEST(testPreceptorChangeTellsTheNewThePreviousPreceptorAndTheStudent);
    CPPUNIT_TEST(testStartReminderIsDueWithinTheDaysBeforeTheStart);
    CPPUNIT_TEST(testDigestListsItemsByKindAndIsEmptyWithoutThem);
    CPPUNIT_TEST(testEveryReaderMayCommentAndNoOneElse);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCommentsAreTrimmedAndLimited() {
        std::string error;
        CPPUNIT_ASSERT_EQUAL(std::string("Parking is in lot C.\nBring the badge."),
                             checkComment("  \n Parking is in lot C.\nBring the badge.\t ", error));
        CPPUNIT_ASSERT(error.empty());
        CPPUNIT_ASSERT_EQUAL(std::string(""), checkComment(" \r\n\t ", error));
        CPPUNIT_ASSERT_EQUAL(std::string("write something"), error);
        checkComment(std::string(kCommentMaxBytes, 'x'), error);
        CPPUNIT_ASSERT(error.empty());
        checkComment(std::string(kCommentMaxBytes + 1, 'x'), error);
        CPPUNIT_ASSERT_EQUAL(std::string("at most 4000 bytes"), error);
        checkComment("bell\a", error);
        CPPUNIT_ASSERT_EQUAL(std::string("holds control characters"), error);
        // Spaces around a long text do not count against the limit.
        checkComment("   " + std::string(kCommentMaxBytes, 'x') + "\n\n", error);
        CPPUNIT_ASSERT(error.empty());
    }

    void testCommentsTellEveryPersonOnceButNotTheAuthor() {
        const auto to = commentRecipients(people(), "scott", "onboarding");
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), to.size());
        for (const auto* id : {"sam", "pat", "sally", "fiona"}) CPPUNIT_ASSERT(has(to, id));
        CPPUNIT_ASSERT(!has(to, "scott"));
        const auto fromStudent = commentRecipients(people(), "sam", "active");
        CPPUNIT_ASSERT(!has(fromStudent, "sam"));
        CPPUNIT_ASSERT(has(fromStudent, "pat"));
        // A faculty member (not among the people) who comments tells everyone.
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), commentRecipients(people(), "felix", "active").size());
        RotationPeople noPreceptor = people();
        noPreceptor.preceptorId.clear();
        CPPUNIT_ASSERT(!has(commentRecipients(noPreceptor, "sam", "active"), ""));
    }

    void testFacilityHearsNothingOfADraft() {
        RotationPeople p = people();
        p.facilityStaff = {"fiona"};
        const auto to = commentRecipients(p, "sam", "draft");
        CPPUNIT_ASSERT(!has(to, "fiona"));
        CPPUNIT_ASSERT(has(to, "sally"));
    }

    void testSchedulingTellsTheStudentAndThePreceptor() {
        CPPUNIT_ASSERT(scheduledRecipients(people()) == std::vector<std::string>({"sam", "pat"}));
        RotationPeople p = people();
        p.preceptorId.clear();
        CPPUNIT_ASSERT(scheduledRecipients(p) == std::vector<std::string>({"sam"}));
    }

    void testStepCompletersAreTheStudentOrTheStaffOfTheStepsParty() {
        CPPUNIT_ASSERT(stepCompleters(people(), "student") == std::vector<std::string>({"sam"}));
        CPPUNIT_ASSERT(stepCompleters(people(), "school_coordinator") == std::vector<std::string>({"sally", "scott"}));
        CPPUNIT_ASSERT(stepCompleters(people(), "faculty") == std::vector<std::string>({"sally", "scott"}));
        CPPUNIT_ASSERT(stepCompleters(people(), "facility") == std::vector<std::string>({"fiona", "sally"}));
        CPPUNIT_ASSERT(stepCompleters(people(), "someone else").empty());
    }

    void testUnreadyTellsTheStudentAndWhoeverCompletesTheLapsedSteps() {
        CPPUNIT_ASSERT(unreadyRecipients(people(), {"student"}) == std::vector<std::string>({"sam"}));
        CPPUNIT_ASSERT(unreadyRecipients(people(), {"student", "facility", "student"}) ==
                       std::vector<std::string>({"sam", "fiona", "sally"}));
        CPPUNIT_ASSERT(unreadyRecipients(people(), {"school_coordinator", "facility"}) ==
                       std::vector<std::string>({"sam", "sally", "scott", "fiona"}));
        CPPUNIT_ASSERT(!has(unreadyRecipients(people(), {"student"}), "pat"));  // the preceptor completes no step
    }

    void testPreceptorChangeTellsTheNewThePreviousPreceptorAndTheStudent() {
        const auto letters = preceptorChangeLetters("sam", "pat", "paula");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), letters.size());
        CPPUNIT_ASSERT_EQUAL(std::string("paula/new_preceptor"), letters[0].userId + "/" + letters[0].role);
        CPPUNIT_ASSERT_EQUAL(std::string("pat/previous_preceptor"), letters[1].userId + "/" + letters[1].role);
        CPPUNIT_ASSERT_EQUAL(std::string("sam/student"), letters[2].userId + "/" + letters[2].role);
        CPPUNIT_ASSERT(preceptorChangeLetters("sam", "pat", "pat").empty());
        CPPUNIT_ASSERT(preceptorChangeLetters("sam", "", "").empty());
        const auto first = preceptorChangeLetters("sam", "", "paula");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), first.size());
        CPPUNIT_ASSERT_EQUAL(std::string("new_preceptor"), first[0].role);
        const auto removed = preceptorChangeLetters("sam", "pat", "");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), removed.size());
        CPPUNIT_ASSERT_EQUAL(std::string("previous_preceptor"), removed[0].role);
    }

    void testOnlyTheFacilitysDecisionsMailTheStudent() {
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), decisionWord("accept"));
        CPPUNIT_ASSERT_EQUAL(std::string("waitlisted"), decisionWord("waitlist"));
        CPPUNIT_ASSERT_EQUAL(std::string("declined"), decisionWord("decline"));
        for (const auto* action : {"submit", "endorse", "cancel", "reopen", "pause", "resume", "complete", "start"})
            CPPUNIT_ASSERT_EQUAL(std::string(""), decisionWord(action));
    }

    void testStartReminderIsDueWithinTheDaysBeforeTheStart() {
        CPPUNIT_ASSERT(startReminderDue("2027-03-08", "2027-03-01", 7));
        CPPUNIT_ASSERT(startReminderDue("2027-03-01", "2027-03-01", 7));
        CPPUNIT_ASSERT(!startReminderDue("2027-03-09", "2027-03-01", 7));
        CPPUNIT_ASSERT(!startReminderDue("2027-02-28", "2027-03-01", 7));  // started: too late
        CPPUNIT_ASSERT(startReminderDue("2027-01-02", "2026-12-28", 7));   // across a year
        CPPUNIT_ASSERT(!startReminderDue("2027-03-01", "2027-03-01", 0));  // 0: off
        CPPUNIT_ASSERT(!startReminderDue("soon", "2027-03-01", 7));
    }

    void testDigestListsItemsByKindAndIsEmptyWithoutThem() {
        CPPUNIT_ASSERT(digestLines({}).empty());
        CPPUNIT_ASSERT(digestLines({{"steps_to_do", "R", 0}}).empty());
        const auto lines = digestLines({{"steps_to_verify", "B rotation", 1},
                                        {"steps_to_do", "Z rotation", 3},
                                        {"application_to_decide", "C rotation", 1},
                                        {"steps_to_do", "A rotation", 1},
                                        {"application_to_finish", "D rotation", 1},
                                        {"application_to_review", "E rotation", 1}});
        const std::vector<std::string> expected{
            "Finish and submit your application: D rotation",
            "1 step to complete: A rotation",
            "3 steps to complete: Z rotation",
            "An application to review for your school: E rotation",
            "An application waiting for your facility's decision: C rotation",
            "1 step to verify: B rotation",
        };
        CPPUNIT_ASSERT(lines == expected);
        CPPUNIT_ASSERT_EQUAL(std::string("Sam Student, Cardiology at Mercy General, 2027-03-01 to 2027-03-14"),
                             describeRotation("Sam Student", "Cardiology", "Mercy General", "2027-03-01",
                                              "2027-03-14"));
    }

    void testEveryReaderMayCommentAndNoOneElse() {
        const RotationParties rotation{"sam", "stateu", "mercy", "pat", "onboarding"};
        const Caller student{"sam", false, {{"stateu", "student"}}};
        const Caller preceptor{"pat", false, {{"mercy", "preceptor"}}};
        const Caller faculty{"felix", false, {{"stateu", "faculty"}}};
        const Caller schoolCoordinator{"scott", false, {{"stateu", "coordinator"}}};
        const Caller facilityAdmin{"fiona", false, {{"mercy", "admin"}}};
        const Caller otherStudent{"tess", false, {{"stateu", "student"}}};
        const Caller otherPreceptor{"paula", false, {{"mercy", "preceptor"}}};
        const Caller administrator{"root", true, {}};
        for (const auto& c : {student, preceptor, faculty, schoolCoordinator, facilityAdmin})
            CPPUNIT_ASSERT(mayCommentOnRotation(c, rotation));
        for (const auto& c : {otherStudent, otherPreceptor, administrator})
            CPPUNIT_ASSERT(!mayCommentOnRotation(c, rotation));
        RotationParties draft = rotation;
        draft.status = "draft";
        CPPUNIT_ASSERT(!mayCommentOnRotation(facilityAdmin, draft));
        CPPUNIT_ASSERT(mayCommentOnRotation(student, draft));
    }
};

ROTUNDA_TEST_SUITE(RotationNoticesTest);
