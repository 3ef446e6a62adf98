// MigratorTest.cpp — migrations apply once, roll back on failure, refuse edits; on both backends.
#include "StoreTestSupport.h"
#include "TestSupport.h"
#include "app/StartupError.h"
#include "store/Migrator.h"

using namespace Poco::Data::Keywords;
using rotunda::store::Migration;
using rotunda::store::Migrator;
using rotunda::test::TestDatabase;

class MigratorTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MigratorTest);
    CPPUNIT_TEST(testMigrationsAreAppliedOnceAndRecorded);
    CPPUNIT_TEST(testFailingMigrationRollsBackAndNamesTheFile);
    CPPUNIT_TEST(testChangedMigrationIsRefused);
    CPPUNIT_TEST(testStatementsSplitAtLineEndingSemicolons);
    CPPUNIT_TEST_SUITE_END();

public:
    void testMigrationsAreAppliedOnceAndRecorded() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            const auto first = Migrator(db.database()).migrate();
            CPPUNIT_ASSERT_MESSAGE(backend, !first.empty());
            CPPUNIT_ASSERT_EQUAL(std::string("0001_foundation.sql"), first.front());
            CPPUNIT_ASSERT_MESSAGE(backend, Migrator(db.database()).migrate().empty());
            Poco::Data::Session session = db.database().session();
            int recorded = 0;
            session << "SELECT COUNT(*) FROM schema_migrations", into(recorded), now;
            CPPUNIT_ASSERT_EQUAL(static_cast<int>(first.size()), recorded);
            int events = -1;
            session << "SELECT COUNT(*) FROM audit_events", into(events), now;
            CPPUNIT_ASSERT_EQUAL(0, events);
        }
    }

    void testFailingMigrationRollsBackAndNamesTheFile() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            const std::vector<Migration> migrations = {
                {1, "0001_good.sql", "CREATE TABLE good (id {{id}}, name TEXT NOT NULL);"},
                {2, "0002_bad.sql",
                 "CREATE TABLE half (x INTEGER);\nINSERT INTO no_such_table VALUES (1);"}};
            try {
                Migrator(db.database()).migrate(migrations);
                CPPUNIT_FAIL(backend + ": a failing migration was accepted");
            } catch (const rotunda::app::StartupError& e) {
                const std::string message = e.what();
                CPPUNIT_ASSERT_MESSAGE(
                    message,
                    message.find("migration 0002_bad.sql failed and was rolled back") == 0);
                CPPUNIT_ASSERT_MESSAGE(message, message.find("no_such_table") != std::string::npos);
                CPPUNIT_ASSERT_MESSAGE(message, message.find('\n') == std::string::npos);
            }
            Poco::Data::Session session = db.database().session();
            int recorded = 0;
            session << "SELECT COUNT(*) FROM schema_migrations", into(recorded), now;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 1, recorded);
            CPPUNIT_ASSERT_MESSAGE(backend + ": half-applied table survived",
                                   !tableExists(db, "half"));
            CPPUNIT_ASSERT(tableExists(db, "good"));
        }
    }

    void testChangedMigrationIsRefused() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            Migrator(db.database()).migrate({{1, "0001_a.sql", "CREATE TABLE a (x INTEGER);"}});
            try {
                Migrator(db.database()).migrate({{1, "0001_a.sql", "CREATE TABLE a (x TEXT);"}});
                CPPUNIT_FAIL(backend + ": an edited migration was accepted");
            } catch (const rotunda::app::StartupError& e) {
                const std::string message = e.what();
                CPPUNIT_ASSERT_MESSAGE(
                    message, message.find("migration 0001_a.sql was applied with checksum") == 0);
                CPPUNIT_ASSERT_MESSAGE(message,
                                       message.find("add a new migration") != std::string::npos);
            }
        }
    }

    void testStatementsSplitAtLineEndingSemicolons() {
        const auto statements = Migrator::statements(
            "-- a comment; not a statement\nCREATE TABLE a (\n  x TEXT DEFAULT ';'\n);\n\nCREATE "
            "INDEX i ON a (x);\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), statements.size());
        CPPUNIT_ASSERT_EQUAL(std::string("CREATE TABLE a (\n  x TEXT DEFAULT ';'\n);"),
                             statements[0]);
    }

private:
    static bool tableExists(TestDatabase& db, const std::string& table) {
        Poco::Data::Session session = db.database().session();
        int count = 0;
        std::string name = table;
        if (db.backend() == "sqlite")
            session << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
                use(name), into(count), now;
        else
            session << "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = $1",
                use(name), into(count), now;
        return count == 1;
    }
};

ROTUNDA_TEST_SUITE(MigratorTest);
