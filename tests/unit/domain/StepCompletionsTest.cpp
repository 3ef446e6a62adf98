// StepCompletionsTest.cpp — the step-completion state table (every state × action
// × party, allowed or refused and why), submissions of each built-in type, whom a
// step waits on, and expiry.
#include "TestSupport.h"
#include "domain/StepCompletions.h"

#include <map>
#include <tuple>

using namespace rotunda::domain;

namespace {

using P = StepParty;
const std::vector<P> kParties{P::Completer, P::Owner, P::System};
const std::vector<std::string> kActions{"submit", "verify", "reject", "waive", "expire"};

// The table once more, by hand: (state, action, party) → new state.
std::map<std::tuple<std::string, std::string, P>, std::string> expectedAllowed() {
    std::map<std::tuple<std::string, std::string, P>, std::string> t;
    for (const std::string s : {"todo", "rejected", "expired"}) t[{s, "submit", P::Completer}] = "submitted";
    t[{"submitted", "verify", P::Owner}] = "verified";
    t[{"submitted", "reject", P::Owner}] = "rejected";
    for (const std::string s : {"todo", "submitted", "rejected", "expired"}) t[{s, "waive", P::Owner}] = "waived";
    t[{"verified", "expire", P::System}] = "expired";
    return t;
}

Answer text(const std::string& value) { return {Answer::Kind::Text, value}; }
Answer number(const std::string& value) { return {Answer::Kind::Number, value}; }
Answer boolean(bool value) { return {Answer::Kind::Boolean, value ? "true" : "false"}; }

std::vector<StepField> form() {
    return {{"name", "Name", "text", "", true, {}},
            {"age", "Age", "number", "", false, {}},
            {"born", "Born", "date", "", false, {}},
            {"size", "Size", "choice", "", true, {"S", "M", "L"}},
            {"vaccinated", "Vaccinated", "yesno", "", true, {}}};
}

std::string fieldsOf(const std::vector<std::pair<std::string, std::string>>& errors) {
    std::string out;
    for (const auto& e : errors) out += (out.empty() ? "" : ",") + e.first;
    return out;
}

}  // namespace

class StepCompletionsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StepCompletionsTest);
    CPPUNIT_TEST(testEveryStateActionAndPartyIsAllowedOrRefusedAsTheTableSays);
    CPPUNIT_TEST(testRejectNeedsAReasonAndUnknownActionsAreRefused);
    CPPUNIT_TEST(testAPluginVerdictDecidesTheStateAfterSubmit);
    CPPUNIT_TEST(testStepsAreWorkedOnlyOnOpenRotations);
    CPPUNIT_TEST(testAFormSubmissionIsCheckedAgainstTheVersionsFields);
    CPPUNIT_TEST(testAValidFormSubmissionHasNoErrors);
    CPPUNIT_TEST(testADocumentSubmissionNamesDocumentsOfTheCompletion);
    CPPUNIT_TEST(testAConfirmationIsTickedAndTakesNothingElse);
    CPPUNIT_TEST(testWhomAStepWaitsOn);
    CPPUNIT_TEST(testExpiry);
    CPPUNIT_TEST(testAPluginsFactsAreKeptWithinTheirLimits);
    CPPUNIT_TEST(testReviewReasonsArePlainTextReadAsLines);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryStateActionAndPartyIsAllowedOrRefusedAsTheTableSays() {
        const auto allowed = expectedAllowed();
        for (const auto& state : stepStates())
            for (const auto& action : kActions)
                for (const P party : kParties) {
                    std::string to;
                    const StepRefusal refusal = checkStepTransition(state, action, party, "a reason", to);
                    const auto expected = allowed.find({state, action, party});
                    const std::string where = state + " " + action + " by party " + std::to_string(static_cast<int>(party));
                    if (expected != allowed.end()) {
                        CPPUNIT_ASSERT_MESSAGE(where, refusal == StepRefusal::Allowed);
                        CPPUNIT_ASSERT_EQUAL_MESSAGE(where, expected->second, to);
                        continue;
                    }
                    CPPUNIT_ASSERT_MESSAGE(where, refusal != StepRefusal::Allowed);
                    // The state is checked before the party: a wrong state is a 409 for everyone.
                    bool stateFits = false;
                    for (const auto& [key, value] : allowed)
                        if (std::get<0>(key) == state && std::get<1>(key) == action) stateFits = true;
                    CPPUNIT_ASSERT_MESSAGE(where, refusal == (stateFits ? StepRefusal::WrongParty : StepRefusal::WrongState));
                    CPPUNIT_ASSERT_MESSAGE(where, !describeStepRefusal(refusal, state, action).empty());
                }
    }

    void testRejectNeedsAReasonAndUnknownActionsAreRefused() {
        std::string to;
        CPPUNIT_ASSERT(checkStepTransition("submitted", "reject", P::Owner, "  ", to) == StepRefusal::ReasonRequired);
        CPPUNIT_ASSERT(checkStepTransition("submitted", "reject", P::Owner, "blurred scan", to) == StepRefusal::Allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("rejected"), to);
        CPPUNIT_ASSERT(checkStepTransition("todo", "waive", P::Owner, "", to) == StepRefusal::Allowed);
        CPPUNIT_ASSERT(checkStepTransition("todo", "approve", P::Owner, "", to) == StepRefusal::UnknownAction);
        CPPUNIT_ASSERT(!isStepAction("approve"));
        CPPUNIT_ASSERT(isStepAction("waive"));
    }

    void testAPluginVerdictDecidesTheStateAfterSubmit() {
        CPPUNIT_ASSERT_EQUAL(std::string("submitted"), stepStateAfterSubmit(AutomaticVerdict::Manual));
        CPPUNIT_ASSERT_EQUAL(std::string("verified"), stepStateAfterSubmit(AutomaticVerdict::Verified));
        CPPUNIT_ASSERT_EQUAL(std::string("rejected"), stepStateAfterSubmit(AutomaticVerdict::Rejected));
    }

    void testStepsAreWorkedOnlyOnOpenRotations() {
        for (const std::string s : {"draft", "pending_review", "onboarding", "ready", "active", "offboarding", "paused"})
            CPPUNIT_ASSERT_MESSAGE(s, stepsOpen(s));
        for (const std::string s : {"cancelled", "declined", "completed"}) CPPUNIT_ASSERT_MESSAGE(s, !stepsOpen(s));
    }

    void testAFormSubmissionIsCheckedAgainstTheVersionsFields() {
        Submission s;
        s.answers["name"] = text("   ");             // required, blank
        s.answers["age"] = text("forty");           // not a number
        s.answers["born"] = text("2001-02-30");     // not a real date
        s.answers["size"] = text("XL");             // not an option
        s.answers["vaccinated"] = text("yes");      // not a boolean
        s.answers["colour"] = text("red");          // not a field
        s.documentIds = {"d1"};
        s.confirmed = true;
        const auto errors = checkSubmission("form", form(), s, {"d1"});
        CPPUNIT_ASSERT_EQUAL(std::string("answers.colour,answers.name,answers.age,answers.born,answers.size,"
                                         "answers.vaccinated,documentIds,confirmed"),
                             fieldsOf(errors));
        Submission missing;
        CPPUNIT_ASSERT_EQUAL(std::string("answers.name,answers.size,answers.vaccinated"),
                             fieldsOf(checkSubmission("form", form(), missing, {})));
        Submission tooLong;
        tooLong.answers["name"] = text(std::string(4001, 'x'));
        tooLong.answers["size"] = text("S");
        tooLong.answers["vaccinated"] = boolean(false);
        CPPUNIT_ASSERT_EQUAL(std::string("answers.name"), fieldsOf(checkSubmission("form", form(), tooLong, {})));
        Submission nulls;
        nulls.answers["name"] = text("Ada");
        nulls.answers["size"] = text("S");
        nulls.answers["vaccinated"] = Answer{Answer::Kind::Null, ""};
        nulls.answers["age"] = Answer{Answer::Kind::Other, ""};
        CPPUNIT_ASSERT_EQUAL(std::string("answers.age,answers.vaccinated"), fieldsOf(checkSubmission("form", form(), nulls, {})));
    }

    void testAValidFormSubmissionHasNoErrors() {
        Submission s;
        s.answers["name"] = text("Ada Lovelace");
        s.answers["age"] = number("36");
        s.answers["born"] = text("1985-12-10");
        s.answers["size"] = text("M");
        s.answers["vaccinated"] = boolean(true);
        CPPUNIT_ASSERT(checkSubmission("form", form(), s, {}).empty());
        s.answers.erase("age");  // optional fields may be left out
        s.answers["born"] = Answer{Answer::Kind::Null, ""};
        CPPUNIT_ASSERT(checkSubmission("form", form(), s, {}).empty());
    }

    void testADocumentSubmissionNamesDocumentsOfTheCompletion() {
        Submission none;
        CPPUNIT_ASSERT_EQUAL(std::string("documentIds"), fieldsOf(checkSubmission("document", {}, none, {"d1"})));
        Submission s;
        s.documentIds = {"d1", "elsewhere", "d1"};
        s.answers["note"] = text("x");
        CPPUNIT_ASSERT_EQUAL(std::string("answers,documentIds[1],documentIds[2]"),
                             fieldsOf(checkSubmission("document", {}, s, {"d1", "d2"})));
        Submission good;
        good.documentIds = {"d2", "d1"};
        CPPUNIT_ASSERT(checkSubmission("document", {}, good, {"d1", "d2"}).empty());
    }

    void testAConfirmationIsTickedAndTakesNothingElse() {
        Submission unticked;
        CPPUNIT_ASSERT_EQUAL(std::string("confirmed"), fieldsOf(checkSubmission("confirmation", {}, unticked, {})));
        unticked.confirmed = false;
        CPPUNIT_ASSERT_EQUAL(std::string("confirmed"), fieldsOf(checkSubmission("confirmation", {}, unticked, {})));
        Submission ticked;
        ticked.confirmed = true;
        CPPUNIT_ASSERT(checkSubmission("confirmation", {}, ticked, {}).empty());
        ticked.documentIds = {"d1"};
        CPPUNIT_ASSERT_EQUAL(std::string("documentIds"), fieldsOf(checkSubmission("confirmation", {}, ticked, {"d1"})));
    }

    void testWhomAStepWaitsOn() {
        CPPUNIT_ASSERT_EQUAL(std::string("student"), waitingOn("todo", "student", "facility"));
        CPPUNIT_ASSERT_EQUAL(std::string("faculty"), waitingOn("rejected", "faculty", "facility"));
        CPPUNIT_ASSERT_EQUAL(std::string("school_coordinator"), waitingOn("expired", "school_coordinator", "school"));
        CPPUNIT_ASSERT_EQUAL(std::string("school"), waitingOn("submitted", "student", "school"));
        CPPUNIT_ASSERT_EQUAL(std::string("facility"), waitingOn("submitted", "student", "facility"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), waitingOn("verified", "student", "facility"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), waitingOn("waived", "student", "facility"));
    }

    void testExpiry() {
        CPPUNIT_ASSERT_EQUAL(std::string("2027-03-31"), expiryOf("2027-03-01", 30));
        CPPUNIT_ASSERT_EQUAL(std::string(""), expiryOf("2027-03-01", 0));
        CPPUNIT_ASSERT(expiresBefore("2027-03-10", "2027-03-14"));
        CPPUNIT_ASSERT(!expiresBefore("2027-03-14", "2027-03-14"));
        CPPUNIT_ASSERT(!expiresBefore("", "2027-03-14"));
        CPPUNIT_ASSERT(expiresBefore("2027-03-10T12:00:00Z", "2027-03-14"));
        // A verification holds through its expiry date and lapses the day after.
        CPPUNIT_ASSERT(!isExpiredOn("2027-03-10", "2027-03-10"));
        CPPUNIT_ASSERT(isExpiredOn("2027-03-10", "2027-03-11"));
        CPPUNIT_ASSERT(!isExpiredOn("", "2099-01-01"));
    }

    void testAPluginsFactsAreKeptWithinTheirLimits() {
        CPPUNIT_ASSERT_EQUAL(std::string(), checkStepFacts({}));
        CPPUNIT_ASSERT_EQUAL(std::string(), checkStepFacts({{"policy.version", "3"},
                                                            {"sha-256", std::string(64, 'a')},
                                                            {"signed_name", "Zoë Müller"},
                                                            {"note", "two\nlines\twith a tab"}}));
        CPPUNIT_ASSERT_EQUAL(std::string(), checkStepFacts({{std::string(64, 'n'), std::string(4096, 'v')}}));
        // Names: 1-64 characters of [A-Za-z0-9_.-], each once.
        CPPUNIT_ASSERT(checkStepFacts({{"", "x"}}).find("names are") != std::string::npos);
        CPPUNIT_ASSERT(checkStepFacts({{std::string(65, 'n'), "x"}}).find("names are") != std::string::npos);
        CPPUNIT_ASSERT(checkStepFacts({{"has space", "x"}}).find("'has space'") != std::string::npos);
        CPPUNIT_ASSERT(checkStepFacts({{"a/b", "x"}}).find("names are") != std::string::npos);
        CPPUNIT_ASSERT(checkStepFacts({{"a", "1"}, {"a", "2"}}).find("twice") != std::string::npos);
        // Values: at most 4 KB of plain UTF-8 text.
        CPPUNIT_ASSERT(checkStepFacts({{"a", std::string(4097, 'v')}}).find("4097 bytes") != std::string::npos);
        CPPUNIT_ASSERT(checkStepFacts({{"a", std::string("nul\0inside", 10)}}).find("not plain text") != std::string::npos);
        CPPUNIT_ASSERT(checkStepFacts({{"a", "bell\a"}}).find("not plain text") != std::string::npos);
        CPPUNIT_ASSERT(checkStepFacts({{"a", "\xff\xfe"}}).find("not plain text") != std::string::npos);
        CPPUNIT_ASSERT(checkStepFacts({{"a", "cut \xc3"}}).find("not plain text") != std::string::npos);
        // At most 32 facts.
        std::vector<std::pair<std::string, std::string>> many;
        for (int i = 0; i < 32; ++i) many.emplace_back("f" + std::to_string(i), "v");
        CPPUNIT_ASSERT_EQUAL(std::string(), checkStepFacts(many));
        many.emplace_back("f32", "v");
        CPPUNIT_ASSERT(checkStepFacts(many).find("33 facts") != std::string::npos);
    }

    void testReviewReasonsArePlainTextReadAsLines() {
        CPPUNIT_ASSERT_EQUAL(std::string(), checkReviewReasons(""));
        CPPUNIT_ASSERT_EQUAL(std::string(), checkReviewReasons("TB test older than 365 days\nno MMR titer"));
        CPPUNIT_ASSERT(!checkReviewReasons(std::string(8193, 'r')).empty());
        CPPUNIT_ASSERT(!checkReviewReasons("escape \x1b[31m").empty());
        const auto lines = reviewReasonLines("  first reason \r\n\n second\n   \n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("first reason"), lines[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("second"), lines[1]);
        CPPUNIT_ASSERT(reviewReasonLines("").empty());
    }
};

ROTUNDA_TEST_SUITE(StepCompletionsTest);
