// MessageMailSubsystem.cpp — batched mail about unread messages.
#include "app/MessageMailSubsystem.h"

#include "app/Settings.h"
#include "domain/Social.h"
#include "mail/Letter.h"
#include "mail/MailSubsystem.h"
#include "store/DatabaseSubsystem.h"
#include "store/JobLeaseRepository.h"
#include "store/MessageRepository.h"
#include "store/NotificationSettingsRepository.h"

#include <Poco/Logger.h>
#include <Poco/Util/Application.h>

#include <map>

namespace rotunda::app {
namespace {

constexpr const char* kJob = "message-mail";

Poco::Logger& log() { return Poco::Logger::get("rotunda.messages"); }

/// The summary for one person: who wrote how many messages. Names only, never text.
mail::Letter summary(const std::vector<store::UnmailedMessages>& threads, const std::string& publicUrl) {
    int total = 0;
    for (const auto& t : threads) total += t.count;
    mail::Letter letter;
    letter.to = threads.front().recipientEmail;
    letter.subject = total == 1 ? "You have a new message on Rotunda"
                                : "You have " + std::to_string(total) + " new messages on Rotunda";
    letter.greeting = "Hello " + threads.front().recipientName + ",";
    std::string senders;
    for (std::size_t i = 0; i < threads.size(); ++i) {
        senders += (i == 0 ? "" : i + 1 == threads.size() ? " and " : ", ") + threads[i].senderName + " (" +
                   std::to_string(threads[i].count) + ")";
    }
    letter.paragraphs = {"New messages are waiting for you from " + senders + ".",
                         "For your patients' privacy the messages themselves are not sent by email: read and answer "
                         "them in Rotunda."};
    letter.actionLabel = "Read your messages";
    letter.actionUrl = publicUrl + "/messages.html";
    letter.after = {"You get at most one of these emails in a while, however many messages arrive. Turn them off "
                    "in your notification settings (messages)."};
    return letter;
}

}  // namespace

MessageMailSettings MessageMailSettings::fromConfiguration(const Poco::Util::AbstractConfiguration& config) {
    MessageMailSettings s;
    s.intervalSeconds = static_cast<int>(readInt(config, "social.messageMailIntervalSeconds", 900, 1, 86400));
    s.publicUrl = readString(config, "http.publicUrl", "http://127.0.0.1:8080", true);
    while (!s.publicUrl.empty() && s.publicUrl.back() == '/') s.publicUrl.pop_back();
    return s;
}

int MessageMailSubsystem::mailOnce(store::Database& database, mail::Outbox& outbox,
                                   const MessageMailSettings& settings, const std::string& holder) {
    const int leaseSeconds = settings.intervalSeconds * 2 + 60;
    if (!store::JobLeaseRepository(database).tryAcquire(kJob, holder, leaseSeconds)) return 0;
    store::MessageRepository messages(database);
    store::NotificationSettingsRepository notifications(database);
    const auto kind = domain::notificationKind("messages");
    std::map<std::string, std::vector<store::UnmailedMessages>> byRecipient;
    for (auto& row : messages.unmailed()) byRecipient[row.recipientId].push_back(row);
    int mailed = 0;
    for (const auto& [recipient, threads] : byRecipient) {
        // Marked first: a crash between the two loses one summary rather than sending two.
        std::vector<store::UnmailedMessages> claimed;
        for (const auto& t : threads)
            if (messages.markMailed(t.threadId, recipient, t.lastId)) claimed.push_back(t);
        if (claimed.empty()) continue;
        if (claimed.front().recipientStatus != "active") continue;
        if (!notifications.emailEnabled(recipient, kind->name, kind->emailByDefault)) continue;
        try {
            outbox.enqueue(summary(claimed, settings.publicUrl).compose());
            ++mailed;
        } catch (const std::exception& e) {
            log().warning("RTN0004 no message summary for user " + recipient + ": " + e.what());
        }
    }
    if (mailed > 0) log().information("RTN0001 mailed " + std::to_string(mailed) + " unread-message summaries");
    return mailed;
}

MessageMailSubsystem::~MessageMailSubsystem() { uninitialize(); }

void MessageMailSubsystem::initialize(Poco::Util::Application& app) {
    settings_ = MessageMailSettings::fromConfiguration(app.config());
    database_ = &app.getSubsystem<store::DatabaseSubsystem>().database();
    outbox_ = &app.getSubsystem<mail::MailSubsystem>().outbox();
    // The first round waits an interval too: messages sent just before a restart
    // are summarised with the next batch, not at once.
    job_.start(*database_, log(),
               {kJob, settings_.intervalSeconds, false, "RTN0003 the message mail round failed",
                "RTN0005 could not release the message mail lease"},
               [this](const std::string& holder) { mailOnce(*database_, *outbox_, settings_, holder); });
}

void MessageMailSubsystem::uninitialize() { job_.stop(); }


}  // namespace rotunda::app
