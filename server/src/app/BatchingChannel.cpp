// BatchingChannel.cpp — hands log messages to a writer thread in batches.
#include "app/BatchingChannel.h"

#include <chrono>

namespace rotunda::app {

BatchingChannel::BatchingChannel(Poco::AutoPtr<Poco::Channel> target, int intervalMs)
    : target_(std::move(target)), intervalMs_(intervalMs), writer_([this] { run(); }) {}

BatchingChannel::~BatchingChannel() { close(); }

void BatchingChannel::log(const Poco::Message& message) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (closed_) {
        lock.unlock();
        target_->log(message);
        return;
    }
    pending_.push_back(message);
    if (message.getPriority() <= Poco::Message::PRIO_WARNING) {
        urgent_ = true;
        wake_.notify_one();
    }
}

void BatchingChannel::close() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (closed_) return;
        closed_ = true;
    }
    wake_.notify_one();
    if (writer_.joinable()) writer_.join();
}

void BatchingChannel::run() {
    std::vector<Poco::Message> batch;
    for (;;) {
        bool stop = false;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait_for(lock, std::chrono::milliseconds(intervalMs_), [this] { return urgent_ || closed_; });
            batch.swap(pending_);
            urgent_ = false;
            stop = closed_;
        }
        for (const Poco::Message& message : batch) target_->log(message);
        batch.clear();
        if (stop) return;
    }
}

}  // namespace rotunda::app
