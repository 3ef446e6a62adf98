// BatchingChannelTest.cpp — batched logging loses nothing, keeps order, and flushes on close.
#include "TestSupport.h"
#include "app/BatchingChannel.h"

#include <Poco/AutoPtr.h>
#include <Poco/PatternFormatter.h>

#include <mutex>
#include <thread>
#include <vector>

namespace {

class Collector : public Poco::Channel {
public:
    // One message per batch, its lines joined by '\n': split them back.
    void log(const Poco::Message& message) override {
        std::lock_guard<std::mutex> lock(mutex);
        ++batches;
        std::string::size_type start = 0;
        for (;;) {
            const std::string::size_type end = message.getText().find('\n', start);
            texts.push_back(message.getText().substr(start, end - start));
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    int batches = 0;
    std::mutex mutex;
    std::vector<std::string> texts;
};

}  // namespace

Poco::AutoPtr<Poco::Formatter> textOnly() { return new Poco::PatternFormatter("%t"); }

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
        Poco::AutoPtr<rotunda::app::BatchingChannel> channel(new rotunda::app::BatchingChannel(textOnly(), target, 3600 * 1000));
        for (int i = 0; i < 100; ++i)
            channel->log(Poco::Message("t", "line " + std::to_string(i), Poco::Message::PRIO_INFORMATION));
        channel->close();
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), target->texts.size());
        for (int i = 0; i < 100; ++i) CPPUNIT_ASSERT_EQUAL("line " + std::to_string(i), target->texts[i]);
        CPPUNIT_ASSERT_EQUAL(1, target->batches);  // written as one batch
    }

    void testMessagesAfterCloseAreWrittenDirectly() {
        Poco::AutoPtr<Collector> target(new Collector);
        Poco::AutoPtr<rotunda::app::BatchingChannel> channel(new rotunda::app::BatchingChannel(textOnly(), target, 3600 * 1000));
        channel->close();
        channel->log(Poco::Message("t", "after close", Poco::Message::PRIO_INFORMATION));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), target->texts.size());
    }

    void testConcurrentWritersLoseNothing() {
        Poco::AutoPtr<Collector> target(new Collector);
        Poco::AutoPtr<rotunda::app::BatchingChannel> channel(new rotunda::app::BatchingChannel(textOnly(), target, 1));
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
