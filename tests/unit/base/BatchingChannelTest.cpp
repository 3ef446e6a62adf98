// BatchingChannelTest.cpp — batched logging loses nothing, keeps order, and flushes on close.
#include "TestSupport.h"
#include "app/BatchingChannel.h"

#include <Poco/AutoPtr.h>

#include <mutex>
#include <thread>
#include <vector>

namespace {

class Collector : public Poco::Channel {
public:
    void log(const Poco::Message& message) override {
        std::lock_guard<std::mutex> lock(mutex);
        texts.push_back(message.getText());
    }
    std::mutex mutex;
    std::vector<std::string> texts;
};

}  // namespace

class BatchingChannelTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(BatchingChannelTest);
    CPPUNIT_TEST(testCloseWritesEverythingPendingInOrder);
    CPPUNIT_TEST(testMessagesAfterCloseAreWrittenDirectly);
    CPPUNIT_TEST(testConcurrentWritersLoseNothing);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCloseWritesEverythingPendingInOrder() {
        Poco::AutoPtr<Collector> target(new Collector);
        // An interval far longer than the test: only close() can deliver these.
        Poco::AutoPtr<rotunda::app::BatchingChannel> channel(new rotunda::app::BatchingChannel(target, 3600 * 1000));
        for (int i = 0; i < 100; ++i)
            channel->log(Poco::Message("t", "line " + std::to_string(i), Poco::Message::PRIO_INFORMATION));
        channel->close();
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), target->texts.size());
        for (int i = 0; i < 100; ++i) CPPUNIT_ASSERT_EQUAL("line " + std::to_string(i), target->texts[i]);
    }

    void testMessagesAfterCloseAreWrittenDirectly() {
        Poco::AutoPtr<Collector> target(new Collector);
        Poco::AutoPtr<rotunda::app::BatchingChannel> channel(new rotunda::app::BatchingChannel(target, 3600 * 1000));
        channel->close();
        channel->log(Poco::Message("t", "after close", Poco::Message::PRIO_INFORMATION));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), target->texts.size());
    }

    void testConcurrentWritersLoseNothing() {
        Poco::AutoPtr<Collector> target(new Collector);
        Poco::AutoPtr<rotunda::app::BatchingChannel> channel(new rotunda::app::BatchingChannel(target, 1));
        std::vector<std::thread> writers;
        for (int t = 0; t < 8; ++t)
            writers.emplace_back([&channel, t] {
                for (int i = 0; i < 1000; ++i)
                    channel->log(Poco::Message("t", std::to_string(t), i % 100 == 0 ? Poco::Message::PRIO_ERROR
                                                                                     : Poco::Message::PRIO_INFORMATION));
            });
        for (std::thread& writer : writers) writer.join();
        channel->close();
        CPPUNIT_ASSERT_EQUAL(std::size_t(8000), target->texts.size());
    }
};

ROTUNDA_TEST_SUITE(BatchingChannelTest);
