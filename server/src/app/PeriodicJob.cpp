// PeriodicJob.cpp — the background thread of a leased job.
#include "app/PeriodicJob.h"

#include "store/JobLeaseRepository.h"

#include <Poco/Environment.h>
#include <Poco/Process.h>

#include <chrono>

namespace rotunda::app {

std::string PeriodicJob::holderName() {
    return Poco::Environment::nodeName() + ":" + std::to_string(Poco::Process::id());
}

void PeriodicJob::start(store::Database& database, Poco::Logger& log, PeriodicJobOptions options,
                        std::function<void(const std::string& holder)> round) {
    stop();
    database_ = &database;
    log_ = &log;
    options_ = std::move(options);
    round_ = std::move(round);
    holder_ = holderName();
    stopping_ = false;
    worker_ = std::thread([this] { run(); });
}

void PeriodicJob::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (!worker_.joinable()) return;
    worker_.join();
    try {
        store::JobLeaseRepository(*database_).release(options_.job, holder_);
    } catch (const std::exception& e) {
        log_->warning(options_.releaseFailed + ": " + e.what());
    }
}

void PeriodicJob::run() {
    for (bool first = true;; first = false) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            if (!first || !options_.roundAtStart)
                wake_.wait_for(lock, std::chrono::seconds(options_.intervalSeconds), [this] { return stopping_; });
            if (stopping_) return;
        }
        try {
            round_(holder_);
        } catch (const std::exception& e) {
            log_->error(options_.roundFailed + ": " + e.what());
        }
        // A round may write through plain sessions: cached reads are stale now.
        database_->noteChange();
    }
}

}  // namespace rotunda::app
