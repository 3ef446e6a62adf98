// RotationNoticeSubsystem.h — the background job that mails what waits for
// people: the start reminder for rotations with steps not done, and the weekly
// digest of each person's open items.
#pragma once

#include "app/PeriodicJob.h"
#include "mail/Outbox.h"
#include "store/Database.h"

#include <Poco/Timestamp.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <Poco/Util/Subsystem.h>

#include <string>

namespace rotunda::app {

/// The rotations.* keys of the notice job, validated.
struct RotationNoticeSettings {
    int intervalSeconds = 3600;         ///< rotations.noticeIntervalSeconds: how often the job looks
    int reminderDays = 7;               ///< rotations.reminderDays: days before the start; 0: no reminder
    int digestIntervalSeconds = 604800; ///< rotations.digestIntervalSeconds: one digest per person per period
    std::string publicUrl;              ///< http.publicUrl, for the link in the mail

    static RotationNoticeSettings fromConfiguration(const Poco::Util::AbstractConfiguration& config);
};

/// What one round did.
struct NoticeRound {
    int reminders = 0;
    int digests = 0;
};

/// Every rotations.noticeIntervalSeconds, on the one node holding the
/// "rotation-notices" job lease:
/// 1. each onboarding rotation starting within rotations.reminderDays whose
///    required application or onboarding steps are not all verified or waived
///    gets one start reminder to its student, once (remembered as a 'notice'
///    event of the rotation, written before the mail: a crash loses a reminder
///    rather than sending two) — RTN0102;
/// 2. each person with open items (domain::OpenItem) who wants weekly_digest,
///    is active and was not sent one within rotations.digestIntervalSeconds
///    gets one digest (remembered in rotation_digests, claimed before the mail) — RTN0103.
/// RTN0104: a failed round; RTN0105: the lease not released at shutdown.
/// Initialised after the mail subsystem.
class RotationNoticeSubsystem : public Poco::Util::Subsystem {
public:
    ~RotationNoticeSubsystem() override;

    const char* name() const override { return "rotunda.rotation-notices"; }

    /// Stops the worker (see MailSubsystem::stop).
    void stop() { uninitialize(); }

    /// One round for `today` (YYYY-MM-DD) at `now`, if this node holds the
    /// lease. The worker calls it; tests may too.
    static NoticeRound noticeOnce(store::Database& database, mail::Outbox& outbox,
                                  const RotationNoticeSettings& settings, const std::string& holder,
                                  const std::string& today, const Poco::Timestamp& now);

protected:
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;

private:
    store::Database* database_ = nullptr;
    mail::Outbox* outbox_ = nullptr;
    RotationNoticeSettings settings_;
    PeriodicJob job_;
};

}  // namespace rotunda::app
