// BatchingChannel.cpp — formats log messages on a writer thread and writes them in batches.
#include "app/BatchingChannel.h"

#include <chrono>

namespace rotunda::app {

BatchingChannel::BatchingChannel(Poco::AutoPtr<Poco::Formatter> formatter, Poco::AutoPtr<Poco::Channel> sink,
                                 int intervalMs)
    : formatter_(std::move(formatter)),
      sink_(std::move(sink)),
      intervalMs_(intervalMs),
      writer_([this] { run(); }) {}

BatchingChannel::~BatchingChannel() { close(); }

void BatchingChannel::log(const Poco::Message& message) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (closed_) {
        lock.unlock();
        write({message});
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

void BatchingChannel::write(const std::vector<Poco::Message>& batch) {
    if (batch.empty()) return;
    // One message for the batch: the sink adds the final line end itself.
    std::string text;
    for (const Poco::Message& message : batch) {
        if (!text.empty()) text += '\n';
        formatter_->format(message, text);
    }
    sink_->log(Poco::Message(batch.front().getSource(), text, batch.front().getPriority()));
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
        write(batch);
        batch.clear();
        if (stop) return;
    }
}

}  // namespace rotunda::app
