// MessageMailSubsystem.h — the background job that mails people a summary of
// their unread messages, at most one mail per person per interval.
#pragma once

#include "mail/Outbox.h"
#include "app/PeriodicJob.h"
#include "store/Database.h"

#include <Poco/Util/AbstractConfiguration.h>
#include <Poco/Util/Subsystem.h>

#include <string>

namespace rotunda::app {

/// The social.messageMail* configuration, validated.
struct MessageMailSettings {
    int intervalSeconds = 900;  ///< social.messageMailIntervalSeconds: how often unread messages are summarised
    std::string publicUrl;      ///< http.publicUrl, for the link in the mail

    static MessageMailSettings fromConfiguration(const Poco::Util::AbstractConfiguration& config);
};

/// Every social.messageMailIntervalSeconds, on the one node holding the
/// "message-mail" job lease: each person with messages that are unread and not
/// yet mailed about gets one mail naming who wrote and how many messages
/// (never the text: messages may hold patient details, and mail leaves the
/// hospital's network), if their "messages" notification setting is on and
/// their account is active. Each thread remembers how far its recipient was
/// told, so a message is mentioned once. Log ids RTN0001 (a round's count),
/// RTN0003 (a failed round). Initialised after the mail subsystem.
class MessageMailSubsystem : public Poco::Util::Subsystem {
public:
    ~MessageMailSubsystem() override;

    const char* name() const override { return "rotunda.message-mail"; }

    /// Stops the worker (see MailSubsystem::stop).
    void stop() { uninitialize(); }

    /// One round, if this node holds the lease; returns how many mails were
    /// queued. The worker calls it; tests may too.
    static int mailOnce(store::Database& database, mail::Outbox& outbox, const MessageMailSettings& settings,
                        const std::string& holder);

protected:
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;

private:
    store::Database* database_ = nullptr;
    mail::Outbox* outbox_ = nullptr;
    MessageMailSettings settings_;
    PeriodicJob job_;
};

}  // namespace rotunda::app
