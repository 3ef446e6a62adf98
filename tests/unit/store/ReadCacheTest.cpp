// ReadCacheTest.cpp — kept reads: dropped by a write, by their time to live,
// never kept from a read a write overtook, one reader per key at a time.
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "StoreTestSupport.h"
#include "TestSupport.h"
#include "store/Database.h"
#include "store/ReadCache.h"

using rotunda::store::Database;
using rotunda::store::ReadCache;
using rotunda::test::TestDatabase;
using namespace std::chrono_literals;

class ReadCacheTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ReadCacheTest);
    CPPUNIT_TEST(testKeptUntilAWrite);
    CPPUNIT_TEST(testWriteTransactionDropsKeptReads);
    CPPUNIT_TEST(testKeptOnlyForTheTimeToLive);
    CPPUNIT_TEST(testReadOvertakenByAWriteIsNotKept);
    CPPUNIT_TEST(testZeroTimeToLiveKeepsNothing);
    CPPUNIT_TEST(testOneReaderPerKeyAtATime);
    CPPUNIT_TEST(testFailedReadIsNotKeptAndOthersReadAgain);
    CPPUNIT_TEST(testFullCacheStartsOver);
    CPPUNIT_TEST(testOnlyAnswersKeepAcceptsAreKept);
    CPPUNIT_TEST_SUITE_END();

public:
    void testKeptUntilAWrite() {
        TestDatabase db("sqlite");
        ReadCache<std::string> cache(db.database(), 60s, 100);
        int reads = 0;
        const auto read = [&] { return "answer " + std::to_string(++reads); };
        CPPUNIT_ASSERT_EQUAL(std::string("answer 1"), cache.get("k", read));
        CPPUNIT_ASSERT_EQUAL(std::string("answer 1"), cache.get("k", read));
        CPPUNIT_ASSERT_EQUAL(std::string("answer 2"), cache.get("other", read));
        db.database().noteChange();
        CPPUNIT_ASSERT_EQUAL(std::string("answer 3"), cache.get("k", read));
        CPPUNIT_ASSERT_EQUAL(std::string("answer 3"), cache.get("k", read));
        CPPUNIT_ASSERT(!cache.find("other"));
    }

    void testWriteTransactionDropsKeptReads() {
        TestDatabase db("sqlite");
        {
            Poco::Data::Session session = db.database().session();
            session << "CREATE TABLE things (n INTEGER)", Poco::Data::Keywords::now;
        }
        ReadCache<int> cache(db.database(), 60s, 100);
        const auto count = [&] {
            int n = 0;
            Poco::Data::Session session = db.database().session();
            session << "SELECT COUNT(*) FROM things", Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
            return n;
        };
        db.database().noteChange();  // the table was made outside a write transaction
        const int before = cache.get("things", count);
        {
            Database::WriteTransaction transaction(db.database());
            transaction.session() << "INSERT INTO things (n) VALUES (1)", Poco::Data::Keywords::now;
            // Not committed yet: a read now sees the old count and may keep it …
            CPPUNIT_ASSERT_EQUAL(before, cache.get("things", count));
            transaction.commit();
        }
        // … but the commit drops it.
        CPPUNIT_ASSERT_EQUAL(before + 1, cache.get("things", count));
    }

    void testKeptOnlyForTheTimeToLive() {
        TestDatabase db("sqlite");
        ReadCache<int> cache(db.database(), 50ms, 100);
        int reads = 0;
        const auto read = [&] { return ++reads; };
        CPPUNIT_ASSERT_EQUAL(1, cache.get("k", read));
        CPPUNIT_ASSERT_EQUAL(1, cache.get("k", read));
        std::this_thread::sleep_for(80ms);
        CPPUNIT_ASSERT(!cache.find("k"));
        CPPUNIT_ASSERT_EQUAL(2, cache.get("k", read));
    }

    void testReadOvertakenByAWriteIsNotKept() {
        TestDatabase db("sqlite");
        ReadCache<int> cache(db.database(), 60s, 100);
        int reads = 0;
        // A write lands while the read is under way: its answer may predate the write.
        CPPUNIT_ASSERT_EQUAL(1, cache.get("k", [&] {
            db.database().noteChange();
            return ++reads;
        }));
        CPPUNIT_ASSERT(!cache.find("k"));
        CPPUNIT_ASSERT_EQUAL(2, cache.get("k", [&] { return ++reads; }));
    }

    void testZeroTimeToLiveKeepsNothing() {
        TestDatabase db("sqlite");
        ReadCache<int> cache(db.database(), 0s, 100);
        CPPUNIT_ASSERT(!cache.enabled());
        int reads = 0;
        const auto read = [&] { return ++reads; };
        cache.get("k", read);
        cache.get("k", read);
        CPPUNIT_ASSERT_EQUAL(2, reads);
        CPPUNIT_ASSERT(!cache.find("k"));
    }

    void testOneReaderPerKeyAtATime() {
        TestDatabase db("sqlite");
        ReadCache<int> cache(db.database(), 60s, 100);
        std::atomic<int> reads{0};
        std::atomic<int> wrong{0};
        std::vector<std::thread> callers;
        for (int i = 0; i < 32; ++i)
            callers.emplace_back([&] {
                const int got = cache.get("k", [&] {
                    std::this_thread::sleep_for(50ms);  // a slow query
                    return ++reads;
                });
                if (got != 1) ++wrong;
            });
        for (auto& caller : callers) caller.join();
        CPPUNIT_ASSERT_EQUAL(1, reads.load());
        CPPUNIT_ASSERT_EQUAL(0, wrong.load());
    }

    void testFailedReadIsNotKeptAndOthersReadAgain() {
        TestDatabase db("sqlite");
        ReadCache<int> cache(db.database(), 60s, 100);
        CPPUNIT_ASSERT_THROW(cache.get("k", []() -> int { throw std::runtime_error("database gone"); }),
                             std::runtime_error);
        CPPUNIT_ASSERT(!cache.find("k"));
        CPPUNIT_ASSERT_EQUAL(5, cache.get("k", [] { return 5; }));
    }

    void testFullCacheStartsOver() {
        TestDatabase db("sqlite");
        ReadCache<int> cache(db.database(), 60s, 4);
        for (int i = 0; i < 10; ++i) cache.get("k" + std::to_string(i), [i] { return i; });
        int kept = 0;
        for (int i = 0; i < 10; ++i) kept += cache.find("k" + std::to_string(i)) ? 1 : 0;
        CPPUNIT_ASSERT(kept >= 1);
        CPPUNIT_ASSERT(kept <= 5);
        CPPUNIT_ASSERT(cache.find("k9"));
    }

    void testOnlyAnswersKeepAcceptsAreKept() {
        TestDatabase db("sqlite");
        ReadCache<std::optional<int>> cache(db.database(), 60s, 100);
        int reads = 0;
        const auto keepFound = [](const std::optional<int>& v) { return v.has_value(); };
        const auto nothing = [&] { ++reads; return std::optional<int>(); };
        CPPUNIT_ASSERT(!cache.get("unknown", nothing, keepFound));
        CPPUNIT_ASSERT(!cache.get("unknown", nothing, keepFound));
        CPPUNIT_ASSERT_EQUAL(2, reads);
        const auto found = [&] { ++reads; return std::optional<int>(4); };
        CPPUNIT_ASSERT_EQUAL(4, *cache.get("known", found, keepFound));
        CPPUNIT_ASSERT_EQUAL(4, *cache.get("known", found, keepFound));
        CPPUNIT_ASSERT_EQUAL(3, reads);
    }
};

ROTUNDA_TEST_SUITE(ReadCacheTest);
