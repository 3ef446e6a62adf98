// SocialRulesTest.cpp — the connection state table, who is listed and seen in the
// directory, who may request, message and endorse (blocks, shared rotations),
// thread privacy and message attachments, message limits and the directory cursor.
#include "TestSupport.h"
#include "domain/Policy.h"
#include "domain/Social.h"

using namespace rotunda::domain;

namespace {

ConnectionRefusal attempt(const std::string& state, const std::string& action, ConnectionParty party,
                          std::string* to = nullptr) {
    std::string next;
    const ConnectionRefusal refusal = checkConnectionTransition(state, action, party, next);
    if (to) *to = next;
    return refusal;
}

const Caller kStudent{"sam", false, {{"lakeside", "student"}}};
const Caller kStaff{"ada", false, {{"mercy", "admin"}}};
const Caller kAnonymous{"", false, {}};

DirectoryPerson person(const std::string& id, std::vector<std::string> roles, std::optional<bool> choice = {}) {
    DirectoryPerson p;
    p.userId = id;
    p.roles = std::move(roles);
    p.listedChoice = choice;
    return p;
}

}  // namespace

class SocialRulesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SocialRulesTest);
    CPPUNIT_TEST(testEveryAllowedConnectionTransitionLeadsWhereTheTableSays);
    CPPUNIT_TEST(testEveryOtherConnectionMoveIsRefused);
    CPPUNIT_TEST(testOnlyPendingAndAcceptedHoldAPair);
    CPPUNIT_TEST(testStaffAreListedByDefaultAndStudentsAreNot);
    CPPUNIT_TEST(testContactDetailsShowOnlyWhenShared);
    CPPUNIT_TEST(testUnlistedPeopleAreSeenOnlyByTheirConnections);
    CPPUNIT_TEST(testBlocksRefuseRequestsMessagesAndEndorsements);
    CPPUNIT_TEST(testMessagesNeedAConnectionOrASharedRotation);
    CPPUNIT_TEST(testThreadsAndTheirAttachmentsAreThePairsAlone);
    CPPUNIT_TEST(testMessageLimits);
    CPPUNIT_TEST(testDirectoryCursorRoundTripsAndRefusesForgeries);
    CPPUNIT_TEST(testNotificationKindsHaveDefaults);
    CPPUNIT_TEST(testSkillsAreTrimmedAndCollapsed);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryAllowedConnectionTransitionLeadsWhereTheTableSays() {
        std::string to;
        CPPUNIT_ASSERT(attempt("pending", "accept", ConnectionParty::Addressee, &to) == ConnectionRefusal::Allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), to);
        CPPUNIT_ASSERT(attempt("pending", "decline", ConnectionParty::Addressee, &to) == ConnectionRefusal::Allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("declined"), to);
        CPPUNIT_ASSERT(attempt("pending", "withdraw", ConnectionParty::Requester, &to) == ConnectionRefusal::Allowed);
        CPPUNIT_ASSERT_EQUAL(std::string("withdrawn"), to);
        for (const auto party : {ConnectionParty::Requester, ConnectionParty::Addressee}) {
            CPPUNIT_ASSERT(attempt("accepted", "remove", party, &to) == ConnectionRefusal::Allowed);
            CPPUNIT_ASSERT_EQUAL(std::string("removed"), to);
        }
    }

    void testEveryOtherConnectionMoveIsRefused() {
        CPPUNIT_ASSERT(attempt("pending", "accept", ConnectionParty::Requester) == ConnectionRefusal::WrongParty);
        CPPUNIT_ASSERT(attempt("pending", "decline", ConnectionParty::Requester) == ConnectionRefusal::WrongParty);
        CPPUNIT_ASSERT(attempt("pending", "withdraw", ConnectionParty::Addressee) == ConnectionRefusal::WrongParty);
        CPPUNIT_ASSERT(attempt("pending", "remove", ConnectionParty::Addressee) == ConnectionRefusal::WrongState);
        for (const std::string state : {"declined", "withdrawn", "removed"})
            for (const std::string action : {"accept", "decline", "withdraw", "remove"})
                for (const auto party : {ConnectionParty::Requester, ConnectionParty::Addressee})
                    CPPUNIT_ASSERT_MESSAGE(state + " " + action,
                                           attempt(state, action, party) == ConnectionRefusal::WrongState);
        CPPUNIT_ASSERT(attempt("accepted", "accept", ConnectionParty::Addressee) == ConnectionRefusal::WrongState);
        CPPUNIT_ASSERT(attempt("pending", "poke", ConnectionParty::Addressee) == ConnectionRefusal::UnknownAction);
        CPPUNIT_ASSERT(!describeConnectionRefusal(ConnectionRefusal::WrongParty, "pending", "accept").empty());
    }

    void testOnlyPendingAndAcceptedHoldAPair() {
        CPPUNIT_ASSERT(isLiveConnectionState("pending"));
        CPPUNIT_ASSERT(isLiveConnectionState("accepted"));
        for (const std::string state : {"declined", "withdrawn", "removed"}) {
            CPPUNIT_ASSERT(isConnectionState(state));
            CPPUNIT_ASSERT(!isLiveConnectionState(state));
        }
        CPPUNIT_ASSERT(!isConnectionState("blocked"));
    }

    void testStaffAreListedByDefaultAndStudentsAreNot() {
        for (const std::string role : {"admin", "coordinator", "preceptor", "faculty"})
            CPPUNIT_ASSERT_MESSAGE(role, isListed(person("p", {role})));
        CPPUNIT_ASSERT(!isListed(person("p", {"student"})));
        CPPUNIT_ASSERT(!isListed(person("p", {})));
        CPPUNIT_ASSERT(isListed(person("p", {"student", "faculty"})));
        CPPUNIT_ASSERT(isListed(person("p", {"student"}, true)));
        CPPUNIT_ASSERT(!isListed(person("p", {"admin"}, false)));
        CPPUNIT_ASSERT(isFoundInDirectory(kStudent, person("ada", {"admin"}), {}));
        CPPUNIT_ASSERT(!isFoundInDirectory(kStudent, person("sam2", {"student"}), {}));
        CPPUNIT_ASSERT(!isFoundInDirectory(kAnonymous, person("ada", {"admin"}), {}));
        Relation blocked;
        blocked.blockedByThem = true;
        CPPUNIT_ASSERT(!isFoundInDirectory(kStudent, person("ada", {"admin"}), blocked));
    }

    void testContactDetailsShowOnlyWhenShared() {
        DirectoryPerson ada = person("ada", {"admin"});
        PersonVisibility seen = personVisibility(kStudent, ada, {});
        CPPUNIT_ASSERT(seen.visible && !seen.email && !seen.phone);
        ada.sharesEmail = true;
        seen = personVisibility(kStudent, ada, {});
        CPPUNIT_ASSERT(seen.email && !seen.phone);
        ada.sharesPhone = true;
        CPPUNIT_ASSERT(personVisibility(kStudent, ada, {}).phone);
        const PersonVisibility self = personVisibility(kStaff, person("ada", {"admin"}), {});
        CPPUNIT_ASSERT(self.visible && self.email && self.phone);
    }

    void testUnlistedPeopleAreSeenOnlyByTheirConnections() {
        const DirectoryPerson sam = person("sam", {"student"});
        CPPUNIT_ASSERT(!personVisibility(kStaff, sam, {}).visible);
        Relation pending;
        pending.pending = true;
        CPPUNIT_ASSERT(personVisibility(kStaff, sam, pending).visible);
        Relation connected;
        connected.connected = true;
        CPPUNIT_ASSERT(personVisibility(kStaff, sam, connected).visible);
        CPPUNIT_ASSERT(!personVisibility(kAnonymous, person("ada", {"admin"}), {}).visible);
    }

    void testBlocksRefuseRequestsMessagesAndEndorsements() {
        Relation blockedByThem;
        blockedByThem.connected = true;
        blockedByThem.blockedByThem = true;
        Relation blockedByMe;
        blockedByMe.blockedByCaller = true;
        for (const Relation& r : {blockedByThem, blockedByMe}) {
            CPPUNIT_ASSERT(mayRequestConnection(kStudent, "ada", r) == ContactRefusal::Blocked);
            CPPUNIT_ASSERT(mayMessage(kStudent, "ada", r, [](auto&, auto&) { return true; }) == ContactRefusal::Blocked);
            CPPUNIT_ASSERT(mayEndorse(kStudent, "ada", r) == ContactRefusal::Blocked);
        }
        CPPUNIT_ASSERT(mayRequestConnection(kStudent, "ada", {}) == ContactRefusal::None);
        CPPUNIT_ASSERT(mayRequestConnection(kStudent, "sam", {}) == ContactRefusal::Self);
        CPPUNIT_ASSERT(mayEndorse(kStudent, "ada", {}) == ContactRefusal::NotConnected);
    }

    void testMessagesNeedAConnectionOrASharedRotation() {
        Relation connected;
        connected.connected = true;
        CPPUNIT_ASSERT(mayMessage(kStudent, "ada", connected, nullptr) == ContactRefusal::None);
        CPPUNIT_ASSERT(mayMessage(kStudent, "ada", {}, nullptr) == ContactRefusal::NotConnected);
        Relation pending;
        pending.pending = true;
        CPPUNIT_ASSERT(mayMessage(kStudent, "ada", pending, nullptr) == ContactRefusal::NotConnected);
        std::string askedA, askedB;
        const SharedRotationLookup shared = [&](const std::string& a, const std::string& b) {
            askedA = a;
            askedB = b;
            return b == "petra";
        };
        CPPUNIT_ASSERT(mayMessage(kStudent, "petra", {}, shared) == ContactRefusal::None);
        CPPUNIT_ASSERT_EQUAL(std::string("sam"), askedA);
        CPPUNIT_ASSERT_EQUAL(std::string("petra"), askedB);
        CPPUNIT_ASSERT(mayMessage(kStudent, "ada", {}, shared) == ContactRefusal::NotConnected);
        CPPUNIT_ASSERT(mayMessage(kStudent, "sam", connected, shared) == ContactRefusal::Self);
    }

    void testThreadsAndTheirAttachmentsAreThePairsAlone() {
        const std::vector<std::string> pair{"ada", "sam"};
        CPPUNIT_ASSERT(mayReadThread(kStudent, pair));
        CPPUNIT_ASSERT(mayReadThread(kStaff, pair));
        const Caller administrator{"it", true, {{"mercy", "admin"}}};
        CPPUNIT_ASSERT(!mayReadThread(administrator, pair));
        CPPUNIT_ASSERT(!mayReadThread(kAnonymous, pair));
        const ThreadLookup threads = [&](const std::string& id) {
            return id == "t1" ? pair : std::vector<std::string>{};
        };
        CPPUNIT_ASSERT(isDocumentRecordType("message"));
        const DocumentAccess party = documentAccess(kStudent, "message", "t1", {nullptr, threads});
        CPPUNIT_ASSERT(party.read && party.write);
        const DocumentAccess other = documentAccess(administrator, "message", "t1", {nullptr, threads});
        CPPUNIT_ASSERT(!other.read && !other.write);
        CPPUNIT_ASSERT(!documentAccess(kStudent, "message", "t2", {nullptr, threads}).read);
        CPPUNIT_ASSERT(!documentAccess(kStudent, "message", "t1").read);  // no lookup: no access
    }

    void testMessageLimits() {
        CPPUNIT_ASSERT_EQUAL(std::string(""), messageProblem("hello\nthere\t!", false));
        CPPUNIT_ASSERT_EQUAL(std::string(""), messageProblem(std::string(kMaxMessageBody, 'a'), false));
        CPPUNIT_ASSERT(!messageProblem(std::string(kMaxMessageBody + 1, 'a'), false).empty());
        CPPUNIT_ASSERT(!messageProblem("  \n ", false).empty());
        CPPUNIT_ASSERT_EQUAL(std::string(""), messageProblem("", true));
        CPPUNIT_ASSERT(!messageProblem("bell\x07", false).empty());
        CPPUNIT_ASSERT(!messageProblem("\xC3\x28", false).empty());
        CPPUNIT_ASSERT_EQUAL(std::string(""), messageProblem("Zoë 张伟", false));
    }

    void testDirectoryCursorRoundTripsAndRefusesForgeries() {
        const DirectoryCursor cursor{SearchTier::Substring, "zoë o'neil.x", "u-42"};
        const auto parsed = parseDirectoryCursor(formatDirectoryCursor(cursor));
        CPPUNIT_ASSERT(parsed.has_value());
        CPPUNIT_ASSERT(parsed->tier == SearchTier::Substring);
        CPPUNIT_ASSERT_EQUAL(cursor.name, parsed->name);
        CPPUNIT_ASSERT_EQUAL(cursor.userId, parsed->userId);
        for (const std::string forged : {"", "nonsense", "3.u.61", "1..61", "1.u.6", "1.u.zz", "x.u.61"})
            CPPUNIT_ASSERT_MESSAGE(forged, !parseDirectoryCursor(forged));
    }

    void testNotificationKindsHaveDefaults() {
        CPPUNIT_ASSERT(notificationKind("messages")->emailByDefault);
        CPPUNIT_ASSERT(notificationKind("rotation_action")->emailByDefault);
        CPPUNIT_ASSERT(!notificationKind("weekly_digest")->emailByDefault);
        CPPUNIT_ASSERT(notificationKind("connections").has_value());
        CPPUNIT_ASSERT(!notificationKind("gossip"));
    }

    void testSkillsAreTrimmedAndCollapsed() {
        CPPUNIT_ASSERT_EQUAL(std::string("Wound care"), normaliseSkill("  Wound \t  care \n"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), normaliseSkill(" \t "));
    }
};

ROTUNDA_TEST_SUITE(SocialRulesTest);
