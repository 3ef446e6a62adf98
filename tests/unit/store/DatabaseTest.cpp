// DatabaseTest.cpp — the pool: settings, SQLite pragmas, PostgreSQL reachability and health.
#include <Poco/AutoPtr.h>
#include <Poco/File.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Util/MapConfiguration.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "StoreTestSupport.h"
#include "TestSupport.h"
#include "app/Settings.h"
#include "app/StartupError.h"
#include "store/Database.h"

using namespace Poco::Data::Keywords;
using rotunda::store::Database;
using rotunda::store::DatabaseSettings;
using rotunda::test::TestDatabase;

class DatabaseTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(DatabaseTest);
    CPPUNIT_TEST(testSqlitePragmasHoldOnEveryPooledConnection);
    CPPUNIT_TEST(testSqliteConnectionIsConfiguredOnceNotOnEveryHandOut);
    CPPUNIT_TEST(testSqliteSynchronousIsAConfigurationKey);
    CPPUNIT_TEST(testWriteTransactionCommitsAllOrNothing);
    CPPUNIT_TEST(testConcurrentWriteTransactionsAllCommit);
    CPPUNIT_TEST(testWritesTogetherCommitEveryWriteAndUndoOnlyOneThatFails);
    CPPUNIT_TEST(testSqliteWalIsCheckpointedInTheBackground);
    CPPUNIT_TEST(testSqliteParentDirectoryIsCreated);
    CPPUNIT_TEST(testPasswordNeverShownInDescriptionOrErrors);
    CPPUNIT_TEST(testConnectStringIsValidated);
    CPPUNIT_TEST(testConnectStringReachesPostgres);
    CPPUNIT_TEST(testUnreachablePostgresStopsStartupWithOneClearLine);
    CPPUNIT_TEST(testHealthFollowsPostgresDownAndBack);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSqlitePragmasHoldOnEveryPooledConnection() {
        TestDatabase db("sqlite");
        std::vector<Poco::Data::Session> held;
        for (int i = 0; i < 8; ++i) held.push_back(db.database().session());
        for (Poco::Data::Session& session : held) {
            int foreignKeys = 0;
            int busyTimeout = 0;
            int synchronous = 0;
            std::string journal;
            session << "PRAGMA foreign_keys", into(foreignKeys), now;
            session << "PRAGMA busy_timeout", into(busyTimeout), now;
            session << "PRAGMA synchronous", into(synchronous), now;
            session << "PRAGMA journal_mode", into(journal), now;
            CPPUNIT_ASSERT_EQUAL(1, foreignKeys);
            CPPUNIT_ASSERT_EQUAL(5000, busyTimeout);
            CPPUNIT_ASSERT_EQUAL(2, synchronous);  // FULL
            CPPUNIT_ASSERT_EQUAL(std::string("wal"), journal);
        }
        // Foreign keys are enforced, not merely reported on.
        Poco::Data::Session session = db.database().session();
        session << "CREATE TABLE parent (id INTEGER PRIMARY KEY)", now;
        session << "CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent (id))", now;
        CPPUNIT_ASSERT_THROW((session << "INSERT INTO child (parent_id) VALUES (42)", now),
                             Poco::Data::DataException);
    }

    void testSqliteConnectionIsConfiguredOnceNotOnEveryHandOut() {
        TestDatabase db("sqlite");
        {
            Poco::Data::Session first = db.database().session();
            first << "PRAGMA busy_timeout=1234", now;
        }
        // The pool hands the same connection out again, and nothing is re-run on it.
        Poco::Data::Session again = db.database().session();
        int busyTimeout = 0;
        again << "PRAGMA busy_timeout", into(busyTimeout), now;
        CPPUNIT_ASSERT_EQUAL(1234, busyTimeout);
        // A connection the pool opens now is configured when it is opened.
        Poco::Data::Session fresh = db.database().session();
        int foreignKeys = 0;
        int synchronous = 0;
        fresh << "PRAGMA busy_timeout", into(busyTimeout), now;
        fresh << "PRAGMA foreign_keys", into(foreignKeys), now;
        fresh << "PRAGMA synchronous", into(synchronous), now;
        CPPUNIT_ASSERT_EQUAL(5000, busyTimeout);
        CPPUNIT_ASSERT_EQUAL(1, foreignKeys);
        CPPUNIT_ASSERT_EQUAL(2, synchronous);  // FULL
    }

    void testSqliteSynchronousIsAConfigurationKey() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
        CPPUNIT_ASSERT_EQUAL(std::string("full"),
                             DatabaseSettings::fromConfiguration(*config).sqliteSynchronous);
        config->setString("database.sqlite.synchronous", "off");
        try {
            DatabaseSettings::fromConfiguration(*config);
            CPPUNIT_FAIL("synchronous=off was accepted");
        } catch (const rotunda::app::ConfigError& e) {
            const std::string message = e.what();
            CPPUNIT_ASSERT_MESSAGE(message,
                                   message.find("database.sqlite.synchronous") != std::string::npos);
        }
        config->setString("database.sqlite.synchronous", "normal");
        DatabaseSettings settings = DatabaseSettings::fromConfiguration(*config);
        const std::string dir = Poco::TemporaryFile::tempName();
        Poco::TemporaryFile cleanup(dir);
        settings.sqlitePath = dir + "/rotunda.db";
        Database database(settings);
        std::vector<Poco::Data::Session> held;
        for (int i = 0; i < 3; ++i) held.push_back(database.session());
        for (Poco::Data::Session& session : held) {
            int synchronous = 0;
            session << "PRAGMA synchronous", into(synchronous), now;
            CPPUNIT_ASSERT_EQUAL(1, synchronous);  // NORMAL
        }
    }

    void testWriteTransactionCommitsAllOrNothing() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            Poco::Data::Session setup = db.database().session();
            setup << "CREATE TABLE entries (name TEXT NOT NULL)", now;
            {
                Database::WriteTransaction transaction(db.database());
                transaction.session() << "INSERT INTO entries (name) VALUES ('kept 1')", now;
                transaction.session() << "INSERT INTO entries (name) VALUES ('kept 2')", now;
                transaction.commit();
            }
            {
                Database::WriteTransaction transaction(db.database());
                transaction.session() << "INSERT INTO entries (name) VALUES ('dropped')", now;
                // Destroyed without commit, as when a later statement throws.
            }
            int kept = 0;
            int dropped = 0;
            setup << "SELECT COUNT(*) FROM entries WHERE name LIKE 'kept%'", into(kept), now;
            setup << "SELECT COUNT(*) FROM entries WHERE name = 'dropped'", into(dropped), now;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 2, kept);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 0, dropped);
            // The pool got its sessions back out of any transaction.
            Poco::Data::Session next = db.database().session();
            CPPUNIT_ASSERT_MESSAGE(backend, !next.isTransaction());
        }
    }

    void testConcurrentWriteTransactionsAllCommit() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            Poco::Data::Session setup = db.database().session();
            setup << "CREATE TABLE entries (writer INTEGER NOT NULL, n INTEGER NOT NULL)", now;
            std::atomic<int> failures{0};
            std::vector<std::thread> writers;
            for (int writer = 0; writer < 16; ++writer)
                writers.emplace_back([&db, &failures, writer] {
                    for (int n = 0; n < 25; ++n) {
                        try {
                            int w = writer, i = n;
                            Database::WriteTransaction transaction(db.database());
                            transaction.session() << "INSERT INTO entries (writer, n) VALUES ($1, $2)",
                                use(w), use(i), now;
                            transaction.session() << "INSERT INTO entries (writer, n) VALUES ($1, $2)",
                                use(w), use(i), now;
                            transaction.commit();
                        } catch (const Poco::Exception&) {
                            ++failures;
                        }
                    }
                });
            for (std::thread& writer : writers) writer.join();
            int rows = 0;
            setup << "SELECT COUNT(*) FROM entries", into(rows), now;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 0, failures.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 16 * 25 * 2, rows);
        }
    }

    // Concurrent writers share commits; a write that throws takes back its own rows
    // and gets its own exception, and every other write is committed.
    void testWritesTogetherCommitEveryWriteAndUndoOnlyOneThatFails() {
        for (const std::string& backend : rotunda::test::backends()) {
            TestDatabase db(backend);
            Poco::Data::Session setup = db.database().session();
            setup << "CREATE TABLE entries (writer INTEGER NOT NULL, n INTEGER NOT NULL, doomed INTEGER NOT NULL)", now;
            std::atomic<int> refused{0}, otherFailures{0};
            std::vector<std::thread> writers;
            for (int writer = 0; writer < 16; ++writer)
                writers.emplace_back([&db, &refused, &otherFailures, writer] {
                    for (int n = 0; n < 25; ++n) {
                        const bool doomed = n % 5 == 0;
                        try {
                            db.database().writeTogether([&](Poco::Data::Session& transaction) {
                                int w = writer, i = n, d = doomed ? 1 : 0;
                                transaction << "INSERT INTO entries (writer, n, doomed) VALUES ($1, $2, $3)", use(w),
                                    use(i), use(d), now;
                                transaction << "INSERT INTO entries (writer, n, doomed) VALUES ($1, $2, $3)", use(w),
                                    use(i), use(d), now;
                                if (doomed) throw std::runtime_error("refused by the write itself");
                            });
                        } catch (const std::runtime_error& e) {
                            if (doomed && std::string(e.what()) == "refused by the write itself") ++refused;
                            else ++otherFailures;
                        } catch (...) {
                            ++otherFailures;
                        }
                    }
                });
            for (std::thread& writer : writers) writer.join();
            int kept = 0, doomedRows = 0;
            setup << "SELECT COUNT(*) FROM entries WHERE doomed = 0", into(kept), now;
            setup << "SELECT COUNT(*) FROM entries WHERE doomed = 1", into(doomedRows), now;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 0, otherFailures.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 16 * 5, refused.load());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 16 * 20 * 2, kept);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(backend, 0, doomedRows);
            Poco::Data::Session next = db.database().session();
            CPPUNIT_ASSERT_MESSAGE(backend, !next.isTransaction());
        }
    }

    // A commit that leaves the WAL at 1000 pages or more wakes the checkpointer
    // instead of copying the WAL into the database file itself.
    void testSqliteWalIsCheckpointedInTheBackground() {
        TestDatabase db("sqlite");
        Poco::Data::Session setup = db.database().session();
        setup << "CREATE TABLE pages (body TEXT NOT NULL)", now;
        CPPUNIT_ASSERT_EQUAL(0L, db.database().checkpoints());
        db.database().writeTogether([](Poco::Data::Session& transaction) {
            std::string body(3000, 'x');
            for (int i = 0; i < 1500; ++i) transaction << "INSERT INTO pages (body) VALUES ($1)", use(body), now;
        });
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (db.database().checkpoints() == 0 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::yield();
        CPPUNIT_ASSERT(db.database().checkpoints() >= 1);
        int rows = 0;
        setup << "SELECT COUNT(*) FROM pages", into(rows), now;
        CPPUNIT_ASSERT_EQUAL(1500, rows);
    }

    void testSqliteParentDirectoryIsCreated() {
        const std::string dir = Poco::TemporaryFile::tempName();
        Poco::TemporaryFile cleanup(dir);
        DatabaseSettings settings;
        settings.sqlitePath = dir + "/nested/var/rotunda.db";
        {
            Database database(settings);
            CPPUNIT_ASSERT_EQUAL(std::string("ok"), database.check().state);
            CPPUNIT_ASSERT_EQUAL(std::string("sqlite"), database.backend());
        }
        CPPUNIT_ASSERT(Poco::File(settings.sqlitePath).exists());
    }

    void testPasswordNeverShownInDescriptionOrErrors() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
        config->setString("database.backend", "postgresql");
        config->setString("database.postgresql.host", "db.example");
        config->setString("database.postgresql.password", "Tr0ub4dor&3");
        const DatabaseSettings settings = DatabaseSettings::fromConfiguration(*config);
        CPPUNIT_ASSERT_EQUAL(std::string("PostgreSQL rotunda@db.example:5432/rotunda"),
                             settings.describe());
        CPPUNIT_ASSERT(settings.connectionString().find("password='Tr0ub4dor&3'") !=
                       std::string::npos);

        config->setString("database.postgresql.password", "two words");
        try {
            DatabaseSettings::fromConfiguration(*config);
            CPPUNIT_FAIL("a password the connector would split was accepted");
        } catch (const rotunda::app::ConfigError& e) {
            const std::string message = e.what();
            CPPUNIT_ASSERT_MESSAGE(
                message, message.find("database.postgresql.password") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(message, message.find("without spaces") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(message, message.find("two words") == std::string::npos);
        }
    }

    void testConnectStringIsValidated() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
        config->setString("database.backend", "postgresql");
        config->setString(
            "database.postgresql.connect",
            "host=db1,db2 dbname=clinic password=hunter2 sslmode=verify-full connect_timeout=9");
        const DatabaseSettings settings = DatabaseSettings::fromConfiguration(*config);
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                "PostgreSQL host=db1,db2 dbname=clinic sslmode=verify-full connect_timeout=9"),
            settings.describe());
        const std::string connect = settings.connectionString();
        CPPUNIT_ASSERT_MESSAGE(connect, connect.find("password=hunter2") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(connect, connect.find("connect_timeout=9") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(connect, connect.find("connect_timeout=5") == std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(connect,
                               connect.find("application_name=rotundad") != std::string::npos);

        for (const char* bad :
             {"postgresql://rotunda:hunter2@db1/clinic", "host=db1 hunter2", "=x", "host="}) {
            config->setString("database.postgresql.connect", bad);
            try {
                DatabaseSettings::fromConfiguration(*config);
                CPPUNIT_FAIL(std::string("accepted connect string: ") + bad);
            } catch (const rotunda::app::ConfigError& e) {
                const std::string message = e.what();
                CPPUNIT_ASSERT_MESSAGE(message,
                                       message.find("keyword=value pairs") != std::string::npos);
                CPPUNIT_ASSERT_MESSAGE(message, message.find("hunter2") == std::string::npos);
            }
        }
    }

    void testConnectStringReachesPostgres() {
        const DatabaseSettings fixture = rotunda::test::postgresSettings();
        DatabaseSettings settings;
        settings.backend = "postgresql";
        settings.connect = "host=" + fixture.host + " port=" + std::to_string(fixture.port) +
                           " dbname=" + fixture.name + " user=" + fixture.user +
                           " application_name=rotunda-test";
        Database database(settings);
        CPPUNIT_ASSERT_EQUAL(std::string("postgresql"), database.backend());
        Poco::Data::Session session = database.session();
        std::string application;
        session << "SELECT current_setting('application_name')", into(application), now;
        CPPUNIT_ASSERT_EQUAL(std::string("rotunda-test"), application);
    }

    void testUnreachablePostgresStopsStartupWithOneClearLine() {
        DatabaseSettings settings;
        settings.backend = "postgresql";
        settings.host = "127.0.0.1";
        settings.port = closedPort();
        settings.password = "Tr0ub4dor&3";
        settings.connectTimeoutSeconds = 2;
        try {
            Database database(settings);
            CPPUNIT_FAIL("a pool on a closed port was opened");
        } catch (const rotunda::app::StartupError& e) {
            const std::string message = e.what();
            const std::string where =
                "database PostgreSQL rotunda@127.0.0.1:" + std::to_string(settings.port) +
                "/rotunda unavailable: ";
            CPPUNIT_ASSERT_MESSAGE(message, message.find(where) == 0);
            CPPUNIT_ASSERT_MESSAGE(
                message, message.find("check the database.* settings") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(message, message.find('\n') == std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(message, message.find("Tr0ub4dor") == std::string::npos);
        }
    }

    void testHealthFollowsPostgresDownAndBack() {
        TestDatabase db("postgresql");
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), db.database().check().state);
        rotunda::test::controlPostgres("pause");
        const auto down = db.database().check();
        rotunda::test::controlPostgres("resume");
        CPPUNIT_ASSERT_EQUAL(std::string("unavailable"), down.state);
        CPPUNIT_ASSERT_MESSAGE(down.reason,
                               down.reason.find("PostgreSQL postgres@127.0.0.1:") == 0);
        CPPUNIT_ASSERT_MESSAGE(down.reason, down.reason.find('\n') == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), db.database().check().state);
    }

private:
    // A loopback port nothing listens on: bound, read back, and closed again.
    static int closedPort() {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        CPPUNIT_ASSERT(fd >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof(address);
        const bool bound =
            ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
        ::close(fd);
        CPPUNIT_ASSERT(bound);
        return ntohs(address.sin_port);
    }
};

ROTUNDA_TEST_SUITE(DatabaseTest);
