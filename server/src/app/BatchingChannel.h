// BatchingChannel.h — formats log messages on a writer thread and writes them in batches.
#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Formatter.h>
#include <Poco/Message.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace rotunda::app {

/// Request threads append messages under a short lock; a writer thread formats
/// them with `formatter` and hands the whole batch to `sink` as one multi-line
/// message every `intervalMs`, or at once for warnings and worse. Poco's
/// AsyncChannel wakes its thread for every message and the file channel writes
/// every line on its own: on a busy server that is a context switch and a
/// system call per request (the access log). Batching makes both one per
/// interval. close() (and destruction) writes what is pending; messages after
/// close() are formatted and written directly.
class BatchingChannel : public Poco::Channel {
public:
    BatchingChannel(Poco::AutoPtr<Poco::Formatter> formatter, Poco::AutoPtr<Poco::Channel> sink, int intervalMs);

    void log(const Poco::Message& message) override;
    void close() override;

protected:
    ~BatchingChannel() override;

private:
    void run();
    void write(const std::vector<Poco::Message>& batch);

    Poco::AutoPtr<Poco::Formatter> formatter_;
    Poco::AutoPtr<Poco::Channel> sink_;
    int intervalMs_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Poco::Message> pending_;
    bool urgent_ = false;
    bool closed_ = false;
    std::thread writer_;
};

}  // namespace rotunda::app
