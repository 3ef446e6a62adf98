// FailureCounterTest.cpp — lockout for sign-in names without an account.
#include "TestSupport.h"
#include "auth/FailureCounter.h"

using rotunda::auth::FailureCounter;

class FailureCounterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FailureCounterTest);
    CPPUNIT_TEST(testLocksAtTheThresholdWithAGrowingDelay);
    CPPUNIT_TEST(testTheLockEnds);
    CPPUNIT_TEST(testMemoryIsBounded);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLocksAtTheThresholdWithAGrowingDelay() {
        FailureCounter counter(3, 30);
        const auto t = FailureCounter::Clock::now();
        CPPUNIT_ASSERT_EQUAL(0, counter.recordFailure("ghost@example.org", t));
        CPPUNIT_ASSERT_EQUAL(0, counter.recordFailure("ghost@example.org", t));
        CPPUNIT_ASSERT_EQUAL(30, counter.recordFailure("ghost@example.org", t));
        CPPUNIT_ASSERT_EQUAL(60, counter.recordFailure("ghost@example.org", t));
        CPPUNIT_ASSERT_EQUAL(60, counter.lockedFor("ghost@example.org", t));
        CPPUNIT_ASSERT_EQUAL(0, counter.lockedFor("other@example.org", t));
        for (int i = 0; i < 20; ++i) counter.recordFailure("ghost@example.org", t);
        CPPUNIT_ASSERT_EQUAL(3600, counter.lockedFor("ghost@example.org", t));  // at most an hour
    }

    void testTheLockEnds() {
        FailureCounter counter(1, 30);
        const auto t = FailureCounter::Clock::now();
        counter.recordFailure("ghost", t);
        CPPUNIT_ASSERT_EQUAL(1, counter.lockedFor("ghost", t + std::chrono::seconds(29)));
        CPPUNIT_ASSERT_EQUAL(0, counter.lockedFor("ghost", t + std::chrono::seconds(30)));
    }

    void testMemoryIsBounded() {
        FailureCounter counter(1, 30, 2);
        const auto t = FailureCounter::Clock::now();
        counter.recordFailure("a", t);
        counter.recordFailure("b", t + std::chrono::seconds(1));
        counter.recordFailure("c", t + std::chrono::seconds(2));  // forgets a, the oldest
        CPPUNIT_ASSERT_EQUAL(0, counter.lockedFor("a", t + std::chrono::seconds(3)));
        CPPUNIT_ASSERT(counter.lockedFor("b", t + std::chrono::seconds(3)) > 0);
        CPPUNIT_ASSERT(counter.lockedFor("c", t + std::chrono::seconds(3)) > 0);
    }
};

ROTUNDA_TEST_SUITE(FailureCounterTest);
