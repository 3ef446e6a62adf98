// Outbox.cpp — mail stored before it is sent, and the worker that delivers it.
#include "mail/Outbox.h"

#include "app/Settings.h"
#include "store/Clock.h"
#include "store/JobLeaseRepository.h"
#include "store/OutboxRepository.h"

#include <Poco/Environment.h>
#include <Poco/Logger.h>
#include <Poco/Process.h>
#include <Poco/Timespan.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>

namespace rotunda::mail {
namespace {

constexpr const char* kJob = "mail-delivery";
constexpr int kLeaseSeconds = 60;

Poco::Logger& log() { return Poco::Logger::get("rotunda.mail"); }

}  // namespace

OutboxSettings OutboxSettings::fromConfiguration(const Poco::Util::AbstractConfiguration& config) {
    OutboxSettings s;
    s.intervalSeconds = static_cast<int>(app::readInt(config, "mail.outbox.intervalSeconds", 5, 1, 3600));
    s.firstRetrySeconds = static_cast<int>(app::readInt(config, "mail.outbox.firstRetrySeconds", 30, 1, 3600));
    s.maxRetrySeconds = static_cast<int>(app::readInt(config, "mail.outbox.maxRetrySeconds", 3600, 1, 86400));
    s.batchSize = static_cast<int>(app::readInt(config, "mail.outbox.batchSize", 50, 1, 10000));
    return s;
}

Outbox::Outbox(store::Database& database, Mailer& mailer, OutboxSettings settings)
    : database_(database),
      mailer_(mailer),
      settings_(settings),
      holder_(Poco::Environment::nodeName() + ":" + std::to_string(Poco::Process::id())) {}

Outbox::~Outbox() { stop(); }

void Outbox::enqueue(const MailMessage& message) {
    message.validate();
    store::OutboxRepository outbox(database_);
    for (const std::string& recipient : message.to()) {
        store::OutboxMessage row;
        row.recipient = recipient;
        row.subject = message.subject();
        row.textBody = message.textBody();
        row.htmlBody = message.htmlBody();
        row.messageId = Poco::UUIDGenerator::defaultGenerator().createRandom().toString() + "@rotunda";
        outbox.enqueue(row);
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        work_ = true;
    }
    wake_.notify_one();
}

int Outbox::deliverDue() {
    if (!store::JobLeaseRepository(database_).tryAcquire(kJob, holder_, kLeaseSeconds)) return 0;
    store::OutboxRepository outbox(database_);
    int sent = 0;
    for (const store::OutboxMessage& row : outbox.due(store::utcNow(), settings_.batchSize)) {
        MailMessage message;
        message.addTo(row.recipient);
        message.setSubject(row.subject);
        message.setTextBody(row.textBody);
        message.setHtmlBody(row.htmlBody);
        message.setMessageId(row.messageId);
        try {
            mailer_.send(message);
            outbox.markSent(row.id, store::utcNow());
            ++sent;
        } catch (const MailUnavailable& e) {
            const int delay = std::min(settings_.maxRetrySeconds,
                                       settings_.firstRetrySeconds << std::min(row.attempts, 16));
            outbox.markRetry(row.id, store::utcText(Poco::Timestamp() + Poco::Timespan(delay, 0)), e.what());
            log().warning("RTM0010 mail " + std::to_string(row.id) + " not delivered (attempt " +
                          std::to_string(row.attempts + 1) + "), retrying in " + std::to_string(delay) + " s: " +
                          e.what());
            break;  // the relay is down: the rest waits for the next round
        } catch (const std::exception& e) {
            outbox.markRejected(row.id, e.what());
            log().error("RTM0011 mail " + std::to_string(row.id) + " to " + row.recipient +
                        " refused for good and kept as rejected: " + e.what());
        }
    }
    return sent;
}

void Outbox::start() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (worker_.joinable()) return;
    stopping_ = false;
    work_ = true;
    worker_ = std::thread([this] { run(); });
}

void Outbox::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (!worker_.joinable()) return;
    worker_.join();
    // Hand the lease back, so that a restarted node (or another one) sends at once
    // instead of waiting for the lease to run out.
    try {
        store::JobLeaseRepository(database_).release(kJob, holder_);
    } catch (const std::exception& e) {
        log().warning(std::string("RTM0013 could not release the mail delivery lease: ") + e.what());
    }
}

void Outbox::run() {
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait_for(lock, std::chrono::seconds(settings_.intervalSeconds),
                           [this] { return stopping_ || work_; });
            if (stopping_) return;
            work_ = false;
        }
        try {
            deliverDue();
        } catch (const std::exception& e) {
            // The database itself may be away; the next round tries again.
            log().error(std::string("RTM0012 mail delivery round failed: ") + e.what());
        }
    }
}

}  // namespace rotunda::mail
