// BatchingChannel.h — hands log messages to a writer thread in batches.
#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Message.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace rotunda::app {

/// Request threads append messages under a short lock; a writer thread passes
/// them to `target` every `intervalMs`, or at once for warnings and worse.
/// Poco's AsyncChannel wakes its thread for every message, which on a busy
/// server costs a context switch per request (the access log); batching turns
/// that into one wake-up per interval. close() (and destruction) writes what is
/// pending; messages after close() are written directly.
class BatchingChannel : public Poco::Channel {
public:
    BatchingChannel(Poco::AutoPtr<Poco::Channel> target, int intervalMs);

    void log(const Poco::Message& message) override;
    void close() override;

protected:
    ~BatchingChannel() override;

private:
    void run();

    Poco::AutoPtr<Poco::Channel> target_;
    int intervalMs_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Poco::Message> pending_;
    bool urgent_ = false;
    bool closed_ = false;
    std::thread writer_;
};

}  // namespace rotunda::app
