// Outbox.h — mail stored before it is sent, and the worker that delivers it.
#pragma once

#include "mail/MailMessage.h"
#include "mail/Mailer.h"
#include "store/Database.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace rotunda::mail {

/// The mail.outbox.* configuration, validated.
struct OutboxSettings {
    int intervalSeconds = 5;          ///< how often the worker looks for due mail
    int firstRetrySeconds = 30;       ///< after the first failure; doubles each time
    int maxRetrySeconds = 3600;       ///< the longest wait between attempts
    int batchSize = 50;

    static OutboxSettings fromConfiguration(const Poco::Util::AbstractConfiguration& config);
};

/// Every message is written to the outbox table first (one row per recipient) and
/// sent by a worker through the Mailer. A relay that is down (MailUnavailable)
/// means a retry with a growing delay, never a lost message; a refusal for good
/// (MailRejected) is kept as "rejected" with the reason. With several nodes on one
/// database, a job lease makes one node the sender at a time.
class Outbox {
public:
    Outbox(store::Database& database, Mailer& mailer, OutboxSettings settings);
    ~Outbox();

    /// Validates and stores `message` for delivery; wakes the worker. Throws
    /// InvalidMailMessage for a message that could never be sent.
    void enqueue(const MailMessage& message);

    /// Sends what is due now (if this node holds the delivery lease); returns how
    /// many were sent. The worker calls it; tests may too.
    int deliverDue();

    /// Starts and stops the background worker.
    void start();
    void stop();

private:
    void run();

    store::Database& database_;
    Mailer& mailer_;
    OutboxSettings settings_;
    std::string holder_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool work_ = false;
    std::thread worker_;
};

}  // namespace rotunda::mail
