// SocialRepositoryTest.cpp — the directory search's tiers, order, cursor and
// filters, one live connection per pair under concurrent requests, blocks
// ending connections, and messages with read markers and the mail marker, on
// SQLite and PostgreSQL.
#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "StoreTestSupport.h"
#include "TestSupport.h"
#include "store/ConnectionRepository.h"
#include "store/DirectoryRepository.h"
#include "store/MessageRepository.h"
#include "store/Migrator.h"
#include "store/OrganizationRepository.h"
#include "store/UserRepository.h"

using rotunda::test::TestDatabase;
namespace store = rotunda::store;

namespace {

std::string person(store::Database& database, const std::string& name, const std::string& organizationId = "",
                   const std::string& role = "") {
    store::User user;
    static int serial = 0;
    user.email = "person" + std::to_string(++serial) + "@example.org";
    user.name = name;
    user.status = "active";
    const std::string id = store::UserRepository(database).create(user).id;
    if (!organizationId.empty()) store::OrganizationRepository(database).addMembership({organizationId, id, role, "manual", ""});
    return id;
}

std::string names(const std::vector<store::DirectoryEntry>& entries) {
    std::string list;
    for (const auto& e : entries) list += (list.empty() ? "" : ",") + e.name;
    return list;
}

}  // namespace

class SocialRepositoryTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SocialRepositoryTest);
    CPPUNIT_TEST(testSearchRanksExactThenPrefixThenSubstring);
    CPPUNIT_TEST(testSearchPagesAcrossTiersWithoutRepeats);
    CPPUNIT_TEST(testOnlyListedPeopleAreFoundAndBlocksHide);
    CPPUNIT_TEST(testConcurrentRequestsOfOnePairMakeOneConnection);
    CPPUNIT_TEST(testMessagesReadMarkersAndMailMarkers);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSearchRanksExactThenPrefixThenSubstring() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            store::Migrator(db.database()).migrate();
            const std::string admin = person(db.database(), "Zed Admin");
            store::Organization mercy;
            mercy.kind = "facility";
            mercy.name = "Marigold Clinic";
            mercy = store::OrganizationRepository(db.database()).create(mercy, admin);
            for (const std::string name : {"Omar Khan", "Mara Lee", "Mar", "MARK Twain", "Ann Smith", "Émar Ölund"})
                person(db.database(), name, mercy.id, "preceptor");
            store::DirectoryQuery query;
            query.text = "mar";
            query.limit = 20;
            const auto found = store::DirectoryRepository(db.database()).search(query);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("Mar,Mara Lee,MARK Twain,Ann Smith,Omar Khan,Zed Admin,Émar Ölund"),
                                         names(found));
            CPPUNIT_ASSERT_EQUAL(0, found[0].tier);
            CPPUNIT_ASSERT_EQUAL(1, found[1].tier);
            CPPUNIT_ASSERT_EQUAL(2, found.back().tier);  // by the organization's name
            query.text = "émar";
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("Émar Ölund"),
                                         names(store::DirectoryRepository(db.database()).search(query)));
            query.text = "";
            query.role = "admin";
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("Zed Admin"),
                                         names(store::DirectoryRepository(db.database()).search(query)));
        }
    }

    void testSearchPagesAcrossTiersWithoutRepeats() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            store::Migrator(db.database()).migrate();
            const std::string admin = person(db.database(), "Boss");
            store::Organization org;
            org.kind = "facility";
            org.name = "General";
            org = store::OrganizationRepository(db.database()).create(org, admin);
            for (const std::string name : {"Lee", "Lee", "Lee Ann", "Leon", "Ashlee", "Kalee", "Bo Lee"})
                person(db.database(), name, org.id, "preceptor");
            store::DirectoryRepository directory(db.database());
            store::DirectoryQuery query;
            query.text = "lee";
            query.limit = 2;
            std::string all;
            std::vector<std::string> ids;
            for (int page = 0; page < 10; ++page) {
                const auto found = directory.search(query);
                for (const auto& e : found) {
                    all += (all.empty() ? "" : ",") + e.name;
                    ids.push_back(e.userId);
                }
                if (static_cast<int>(found.size()) < query.limit) break;
                query.afterTier = found.back().tier;
                query.afterName = found.back().nameFolded;
                query.afterId = found.back().userId;
            }
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("Lee,Lee,Lee Ann,Ashlee,Bo Lee,Kalee"), all);
            std::sort(ids.begin(), ids.end());
            CPPUNIT_ASSERT(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
        }
    }

    void testOnlyListedPeopleAreFoundAndBlocksHide() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            store::Migrator(db.database()).migrate();
            const std::string admin = person(db.database(), "Dana Admin");
            store::Organization school;
            school.kind = "school";
            school.name = "Lakeside";
            school = store::OrganizationRepository(db.database()).create(school, admin);
            const std::string student = person(db.database(), "Dana Student", school.id, "student");
            const std::string listedStudent = person(db.database(), "Dana Listed", school.id, "student");
            person(db.database(), "Dana Nobody");
            store::DirectoryRepository directory(db.database());
            store::DirectoryProfile choice;
            choice.listed = true;
            directory.setProfile(listedStudent, choice);
            store::DirectoryQuery query;
            query.text = "dana";
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("Dana Admin,Dana Listed"), names(directory.search(query)));
            store::ConnectionRepository(db.database()).block(admin, student);
            query.viewerId = student;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("Dana Listed"), names(directory.search(query)));
            CPPUNIT_ASSERT(directory.profileOf(listedStudent).listed.value());
            CPPUNIT_ASSERT(!directory.profileOf(student).listed.has_value());
        }
    }

    void testConcurrentRequestsOfOnePairMakeOneConnection() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            store::Migrator(db.database()).migrate();
            const std::string a = person(db.database(), "A"), b = person(db.database(), "B");
            std::atomic<int> created{0};
            std::vector<std::thread> threads;
            for (int i = 0; i < 8; ++i)
                threads.emplace_back([&, i] {
                    store::Connection c;
                    const bool even = i % 2 == 0;
                    if (store::ConnectionRepository(db.database()).request(even ? a : b, even ? b : a, "", c) ==
                        store::RequestOutcome::Created)
                        ++created;
                });
            for (auto& t : threads) t.join();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 1, created.load());
            store::ConnectionRepository connections(db.database());
            const auto live = connections.standing(a, b).live;
            CPPUNIT_ASSERT(live.has_value());
            CPPUNIT_ASSERT(connections.transition(live->id, "pending", "accepted"));
            CPPUNIT_ASSERT(!connections.transition(live->id, "pending", "declined"));
            CPPUNIT_ASSERT(connections.block(b, a));
            CPPUNIT_ASSERT(!connections.block(b, a));
            CPPUNIT_ASSERT_EQUAL(std::string("removed"), connections.findById(live->id)->state);
            const auto standing = connections.standing(a, b);
            CPPUNIT_ASSERT(!standing.live && standing.secondBlockedFirst && !standing.firstBlockedSecond);
        }
    }

    void testMessagesReadMarkersAndMailMarkers() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            store::Migrator(db.database()).migrate();
            const std::string a = person(db.database(), "Alma"), b = person(db.database(), "Bert");
            store::MessageRepository messages(db.database());
            CPPUNIT_ASSERT(!messages.threadBetween(a, b, false));
            const std::string thread = *messages.threadBetween(a, b, true);
            CPPUNIT_ASSERT_EQUAL(thread, *messages.threadBetween(b, a, true));
            std::vector<std::int64_t> ids;
            for (int i = 0; i < 5; ++i) ids.push_back(messages.append(thread, a, "m" + std::to_string(i), "").id);
            CPPUNIT_ASSERT(std::is_sorted(ids.begin(), ids.end()));
            CPPUNIT_ASSERT_EQUAL(5, messages.unreadTotal(b));
            CPPUNIT_ASSERT_EQUAL(0, messages.unreadTotal(a));
            const auto newest = messages.messages(thread, 0, 2);
            CPPUNIT_ASSERT_EQUAL(std::string("m4"), newest[0].body);
            const auto older = messages.messages(thread, newest.back().id, 10);
            CPPUNIT_ASSERT_EQUAL(std::size_t(3), older.size());
            CPPUNIT_ASSERT_EQUAL(std::string("m0"), older.back().body);
            CPPUNIT_ASSERT_EQUAL(ids[1], messages.markRead(thread, b, ids[1]));
            CPPUNIT_ASSERT_EQUAL(ids[1], messages.markRead(thread, b, 0));
            CPPUNIT_ASSERT_EQUAL(ids[4], messages.markRead(thread, b, ids[4] + 1000));
            messages.append(thread, a, "m5", "");
            const auto unmailed = messages.unmailed();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::size_t(1), unmailed.size());
            CPPUNIT_ASSERT_EQUAL(1, unmailed[0].count);
            CPPUNIT_ASSERT_EQUAL(std::string("Alma"), unmailed[0].senderName);
            CPPUNIT_ASSERT(messages.markMailed(thread, b, unmailed[0].lastId));
            CPPUNIT_ASSERT(!messages.markMailed(thread, b, unmailed[0].lastId));
            CPPUNIT_ASSERT(messages.unmailed().empty());
            CPPUNIT_ASSERT(messages.peopleOf(thread) == std::vector<std::string>({std::min(a, b), std::max(a, b)}));
        }
    }
};

ROTUNDA_TEST_SUITE(SocialRepositoryTest);
