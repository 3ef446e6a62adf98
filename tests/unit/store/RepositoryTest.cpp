// RepositoryTest.cpp — audit events and job leases on SQLite and PostgreSQL.
#include <atomic>
#include <thread>
#include <vector>

#include "StoreTestSupport.h"
#include "TestSupport.h"
#include "store/AuditRepository.h"
#include "store/JobLeaseRepository.h"
#include "store/Migrator.h"
#include "store/OrganizationRepository.h"
#include "store/UserRepository.h"

using namespace Poco::Data::Keywords;
using rotunda::test::TestDatabase;

class RepositoryTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RepositoryTest);
    CPPUNIT_TEST(testAuditEventsRoundTripWithUnicode);
    CPPUNIT_TEST(testAuditListingPagesByCursor);
    CPPUNIT_TEST(testJobLeaseIsExclusiveUnderConcurrentAcquirers);
    CPPUNIT_TEST(testExpiredLeaseCanBeTakenAndHolderCanRenew);
    CPPUNIT_TEST(testDirectoryIdentityIsReadWithItsDirectoryMembershipsInOneQuery);
    CPPUNIT_TEST(testEmailTakenInsideATransactionLeavesItUsable);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAuditEventsRoundTripWithUnicode() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            rotunda::store::AuditRepository audit(db.database());
            rotunda::store::AuditEvent event;
            event.actorId = "u-1";
            event.actorName = "Zoë Ångström 张伟";
            event.action = "plugin.refused";
            event.recordType = "plugin";
            event.recordId = "ldap-auth";
            event.remoteAddress = "127.0.0.1";
            event.detail = R"({"reason":"ABI major 2, expected 1"})";
            const auto stored = audit.append(event);
            CPPUNIT_ASSERT_MESSAGE(backend, stored.id > 0);
            const auto listed = audit.listForRecord("plugin", "ldap-auth", 0, 10);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::size_t(1), listed.size());
            CPPUNIT_ASSERT_EQUAL(event.actorName, listed[0].actorName);
            CPPUNIT_ASSERT_EQUAL(event.detail, listed[0].detail);
            CPPUNIT_ASSERT_EQUAL(stored.occurredAt, listed[0].occurredAt);
            CPPUNIT_ASSERT_EQUAL(std::string(""), listed[0].requestId);
        }
    }

    void testAuditListingPagesByCursor() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            rotunda::store::AuditRepository audit(db.database());
            for (int i = 0; i < 5; ++i) {
                rotunda::store::AuditEvent event;
                event.actorName = "system";
                event.action = "step." + std::to_string(i);
                event.recordType = "rotation";
                event.recordId = "r-1";
                audit.append(event);
            }
            const auto page1 = audit.listForRecord("rotation", "r-1", 0, 2);
            const auto page2 = audit.listForRecord("rotation", "r-1", page1.back().id, 2);
            const auto page3 = audit.listForRecord("rotation", "r-1", page2.back().id, 2);
            CPPUNIT_ASSERT_EQUAL(std::size_t(2), page2.size());
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), page3.size());
            CPPUNIT_ASSERT_EQUAL(std::string("step.4"), page3[0].action);
        }
    }

    void testDirectoryIdentityIsReadWithItsDirectoryMembershipsInOneQuery() {
        using namespace rotunda::store;
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            Migrator(db.database()).migrate();
            UserRepository users(db.database());
            User alice;
            alice.email = "alice@example.org";
            alice.name = "Alice";
            alice.status = "active";
            alice = users.create(alice);
            std::vector<std::pair<std::string, std::string>> held{{"stale", "row"}};
            CPPUNIT_ASSERT_MESSAGE(backend, !users.findByExternalIdentity("ldap-auth:directory", "uuid-1",
                                                                          "directory:ldap-auth", held));
            CPPUNIT_ASSERT_MESSAGE(backend, held.empty());

            Poco::Data::Session session = db.database().session();
            std::string source = "ldap-auth:directory", subject = "uuid-1", at = "2026-01-01T00:00:00Z";
            session << "INSERT INTO external_identities (authenticator, subject, user_id, created_at) "
                       "VALUES ($1, $2, $3, $4)",
                use(source), use(subject), use(alice.id), use(at), now;
            auto found = users.findByExternalIdentity(source, subject, "directory:ldap-auth", held);
            CPPUNIT_ASSERT_MESSAGE(backend, found.has_value());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, alice.id, found->id);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("Alice"), found->name);
            CPPUNIT_ASSERT_MESSAGE(backend, held.empty());

            OrganizationRepository organizations(db.database());
            Organization ward;
            ward.kind = "facility";
            ward.name = "Ward";
            ward = organizations.create(ward, alice.id);  // a manual admin membership: not the directory's
            organizations.addMembership({ward.id, alice.id, "preceptor", "directory:ldap-auth", ""});
            organizations.addMembership({ward.id, alice.id, "coordinator", "directory:other", ""});
            found = users.findByExternalIdentity(source, subject, "directory:ldap-auth", held);
            CPPUNIT_ASSERT_MESSAGE(backend, found.has_value());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("alice@example.org"), found->email);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::size_t(1), held.size());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, ward.id, held[0].first);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("preceptor"), held[0].second);
        }
    }

    void testEmailTakenInsideATransactionLeavesItUsable() {
        using namespace rotunda::store;
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            Migrator(db.database()).migrate();
            UserRepository users(db.database());
            User alice, bob;
            alice.email = "alice@example.org";
            alice.name = "Alice";
            alice.status = bob.status = "active";
            bob.email = "bob@example.org";
            bob.name = "Bob";
            alice = users.create(alice);
            bob = users.create(bob);
            bool duplicate = false;
            db.database().writeTogether([&](Poco::Data::Session& transaction) {
                users.setName(transaction, bob.id, "Robert");
                try {
                    users.setEmail(transaction, bob.id, "alice@example.org");
                } catch (const DuplicateEmail&) {
                    duplicate = true;
                }
                users.setEmail(transaction, alice.id, "alice.archer@example.org");
            });
            CPPUNIT_ASSERT_MESSAGE(backend, duplicate);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("Robert"), users.findById(bob.id)->name);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("bob@example.org"), users.findById(bob.id)->email);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, std::string("alice.archer@example.org"),
                                         users.findById(alice.id)->email);
        }
    }

    void testJobLeaseIsExclusiveUnderConcurrentAcquirers() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            std::atomic<int> winners{0};
            std::atomic<int> errors{0};
            std::atomic<int> ready{0};
            {
                // Connections opened up front and all nodes released together, so
                // the attempts overlap instead of queueing behind connection set-up.
                std::vector<Poco::Data::Session> warm;
                for (int i = 0; i < 16; ++i) warm.push_back(db.database().session());
            }
            std::vector<std::thread> nodes;
            for (int node = 0; node < 16; ++node)
                nodes.emplace_back([&, node] {
                    ++ready;
                    while (ready.load() < 16) std::this_thread::yield();
                    try {
                        rotunda::store::JobLeaseRepository leases(db.database());
                        if (leases.tryAcquire("auto-transitions", "node-" + std::to_string(node),
                                              60))
                            ++winners;
                    } catch (const Poco::Exception&) {
                        ++errors;
                    }
                });
            for (std::thread& node : nodes) node.join();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 0, errors.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 1, winners.load());
        }
    }

    void testExpiredLeaseCanBeTakenAndHolderCanRenew() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            rotunda::store::Migrator(db.database()).migrate();
            rotunda::store::JobLeaseRepository leases(db.database());
            CPPUNIT_ASSERT(leases.tryAcquire("reminders", "a", -1));  // already expired
            CPPUNIT_ASSERT_MESSAGE(backend, leases.tryAcquire("reminders", "b", 60));
            CPPUNIT_ASSERT_MESSAGE(backend, !leases.tryAcquire("reminders", "a", 60));
            leases.release("reminders", "a");  // not a's to give up
            CPPUNIT_ASSERT_MESSAGE(backend, !leases.tryAcquire("reminders", "a", 60));
            CPPUNIT_ASSERT_MESSAGE(backend, leases.tryAcquire("reminders", "b", 60));
            leases.release("reminders", "b");
            CPPUNIT_ASSERT_MESSAGE(backend, leases.tryAcquire("reminders", "a", 60));
        }
    }
};

ROTUNDA_TEST_SUITE(RepositoryTest);
