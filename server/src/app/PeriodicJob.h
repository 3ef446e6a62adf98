// PeriodicJob.h — the background thread of a leased job (agreement check, rotation
// job, message mail …): one round every interval until stopped, and the job's
// lease given back at the end.
#pragma once

#include "store/Database.h"

#include <Poco/Logger.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace rotunda::app {

/// What one leased job is called and how it reports.
struct PeriodicJobOptions {
    std::string job;             ///< the job lease's name (store::JobLeaseRepository)
    int intervalSeconds = 3600;  ///< between rounds
    bool roundAtStart = true;    ///< false: the first round waits an interval too
    std::string roundFailed;     ///< log line prefix for a failed round, e.g. "RTG0003 agreement check failed"
    std::string releaseFailed;   ///< the same for a lease that could not be given back at stop
};

/// Runs `round(holder)` on its own thread every interval until stop(). A round
/// takes the lease itself (tryAcquire with holder()), so that with several nodes
/// on one database only one runs it. An exception from a round is logged as an
/// error and the next round tries again. stop() wakes and joins the thread, then
/// releases the lease (a failure there is a warning: the lease expires by itself).
/// Subsystems own one and call start() in initialize() and stop() in uninitialize().
class PeriodicJob {
public:
    PeriodicJob() = default;
    PeriodicJob(const PeriodicJob&) = delete;
    PeriodicJob& operator=(const PeriodicJob&) = delete;
    ~PeriodicJob() { stop(); }

    void start(store::Database& database, Poco::Logger& log, PeriodicJobOptions options,
               std::function<void(const std::string& holder)> round);
    /// Idempotent; returns at once when the job was never started.
    void stop();

    /// This process's name for job leases: node name and process id.
    static std::string holderName();

private:
    void run();

    store::Database* database_ = nullptr;
    Poco::Logger* log_ = nullptr;
    PeriodicJobOptions options_;
    std::function<void(const std::string&)> round_;
    std::string holder_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread worker_;
};

}  // namespace rotunda::app
