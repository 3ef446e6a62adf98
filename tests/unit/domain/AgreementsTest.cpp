// AgreementsTest.cpp — the agreement transition table: every allowed move, every
// refused one, and who may take it.
#include "TestSupport.h"
#include "domain/Agreements.h"

using namespace rotunda::domain;

namespace {

AgreementRefusal attempt(const std::string& state, const std::string& action, AgreementParty party,
                         const std::string& reason = "", std::string* to = nullptr) {
    std::string next;
    const AgreementRefusal refusal = checkAgreementTransition(state, action, party, reason, next);
    if (to) *to = next;
    return refusal;
}

const std::vector<AgreementParty> kParties{AgreementParty::Facility, AgreementParty::School, AgreementParty::System};

}  // namespace

class AgreementsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AgreementsTest);
    CPPUNIT_TEST(testEveryAllowedTransitionLeadsWhereTheTableSays);
    CPPUNIT_TEST(testEveryOtherStateIsRefused);
    CPPUNIT_TEST(testOnlyTheNamedPartyTakesEachTransition);
    CPPUNIT_TEST(testDeclineNeedsAReason);
    CPPUNIT_TEST(testUnknownActionsAndStates);
    CPPUNIT_TEST(testOnlyDraftsAreEdited);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryAllowedTransitionLeadsWhereTheTableSays() {
        std::string to;
        CPPUNIT_ASSERT(attempt("draft", "submit", AgreementParty::Facility, "", &to) == AgreementRefusal::Allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), to);
        CPPUNIT_ASSERT(attempt("pending", "withdraw", AgreementParty::Facility, "", &to) == AgreementRefusal::Allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), to);
        CPPUNIT_ASSERT(attempt("pending", "approve", AgreementParty::School, "", &to) == AgreementRefusal::Allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("active"), to);
        CPPUNIT_ASSERT(attempt("pending", "decline", AgreementParty::School, "no", &to) == AgreementRefusal::Allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("declined"), to);
        CPPUNIT_ASSERT(attempt("declined", "revise", AgreementParty::Facility, "", &to) == AgreementRefusal::Allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), to);
        CPPUNIT_ASSERT(attempt("active", "expire", AgreementParty::System, "", &to) == AgreementRefusal::Allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("expired"), to);
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), agreementTransitions().size());
    }

    void testEveryOtherStateIsRefused() {
        // Every (state, action) pair not in the table is refused for the right party.
        int allowed = 0;
        for (const auto& state : agreementStates()) {
            for (const auto& t : agreementTransitions()) {
                std::string to;
                const AgreementRefusal r = attempt(state, t.action, t.party, "a reason", &to);
                if (state == t.from) {
                    CPPUNIT_ASSERT_MESSAGE(state + " " + t.action, r == AgreementRefusal::Allowed);
                    ++allowed;
                } else {
                    CPPUNIT_ASSERT_MESSAGE(state + " " + t.action, r == AgreementRefusal::WrongState);
                }
            }
        }
        CPPUNIT_ASSERT_EQUAL(6, allowed);
        CPPUNIT_ASSERT(attempt("expired", "submit", AgreementParty::Facility) == AgreementRefusal::WrongState);
        CPPUNIT_ASSERT(attempt("active", "withdraw", AgreementParty::Facility) == AgreementRefusal::WrongState);
        CPPUNIT_ASSERT(attempt("declined", "approve", AgreementParty::School) == AgreementRefusal::WrongState);
    }

    void testOnlyTheNamedPartyTakesEachTransition() {
        for (const auto& t : agreementTransitions()) {
            for (const auto party : kParties) {
                if (party == t.party) continue;
                CPPUNIT_ASSERT_MESSAGE(t.action, attempt(t.from, t.action, party, "why") == AgreementRefusal::WrongParty);
            }
        }
        CPPUNIT_ASSERT(describeRefusal(AgreementRefusal::WrongParty, "pending", "approve").find("school") !=
                       std::string::npos);
        CPPUNIT_ASSERT(describeRefusal(AgreementRefusal::WrongParty, "draft", "submit").find("facility") !=
                       std::string::npos);
    }

    void testDeclineNeedsAReason() {
        CPPUNIT_ASSERT(attempt("pending", "decline", AgreementParty::School, "") == AgreementRefusal::ReasonRequired);
        CPPUNIT_ASSERT(attempt("pending", "decline", AgreementParty::School, "  \n") ==
                       AgreementRefusal::ReasonRequired);
        CPPUNIT_ASSERT(attempt("pending", "decline", AgreementParty::School, "dates are wrong") ==
                       AgreementRefusal::Allowed);
        CPPUNIT_ASSERT(attempt("pending", "approve", AgreementParty::School, "") == AgreementRefusal::Allowed);
    }

    void testUnknownActionsAndStates() {
        CPPUNIT_ASSERT(attempt("draft", "delete", AgreementParty::Facility) == AgreementRefusal::UnknownAction);
        CPPUNIT_ASSERT(attempt("archived", "submit", AgreementParty::Facility) == AgreementRefusal::WrongState);
        CPPUNIT_ASSERT(isAgreementState("expired"));
        CPPUNIT_ASSERT(!isAgreementState("withdrawn"));
        CPPUNIT_ASSERT(isAgreementAction("revise"));
        CPPUNIT_ASSERT(!isAgreementAction("reopen"));
    }

    void testOnlyDraftsAreEdited() {
        for (const auto& state : agreementStates())
            CPPUNIT_ASSERT_EQUAL_MESSAGE(state, state == "draft", isAgreementEditable(state));
    }
};

ROTUNDA_TEST_SUITE(AgreementsTest);
