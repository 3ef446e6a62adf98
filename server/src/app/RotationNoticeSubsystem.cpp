// RotationNoticeSubsystem.cpp — start reminders and weekly digests.
#include "app/RotationNoticeSubsystem.h"

#include "api/RotationNotices.h"
#include "app/Settings.h"
#include "domain/Calendar.h"
#include "domain/RotationNotices.h"
#include "domain/Social.h"
#include "mail/MailSubsystem.h"
#include "store/Clock.h"
#include "store/DatabaseSubsystem.h"
#include "store/JobLeaseRepository.h"
#include "store/NotificationSettingsRepository.h"
#include "store/RotationActivityRepository.h"

#include <Poco/Logger.h>
#include <Poco/Util/Application.h>

#include <map>

namespace rotunda::app {
namespace {

constexpr const char* kJob = "rotation-notices";

Poco::Logger& log() { return Poco::Logger::get("rotunda.rotations"); }

int remind(store::Database& database, api::RotationNotices& notices, const RotationNoticeSettings& settings,
           const std::string& today) {
    if (settings.reminderDays <= 0) return 0;
    store::RotationActivityRepository repository(database);
    int mailed = 0;
    for (const auto& id : repository.dueStartReminder(today, domain::addDays(today, settings.reminderDays))) {
        if (!repository.markStartReminded(id)) continue;
        if (notices.startReminder(id)) ++mailed;
    }
    return mailed;
}

int digest(store::Database& database, api::RotationNotices& notices, const RotationNoticeSettings& settings,
           const Poco::Timestamp& now) {
    store::RotationActivityRepository repository(database);
    store::NotificationSettingsRepository choices(database);
    const auto kind = domain::notificationKind("weekly_digest");
    std::map<std::string, std::vector<store::OpenItemRow>> byPerson;
    for (auto& row : repository.openItems()) byPerson[row.userId].push_back(row);
    const std::string sentAt = store::utcText(now);
    const std::string notAfter =
        store::utcText(now - static_cast<Poco::Timestamp::TimeDiff>(settings.digestIntervalSeconds) *
                                 Poco::Timestamp::resolution());
    std::map<std::string, std::string> described;
    int mailed = 0;
    for (const auto& [userId, rows] : byPerson) {
        if (!choices.emailEnabled(userId, kind->name, kind->emailByDefault)) continue;
        const auto person = repository.recipient(userId);
        if (!person || person->status != "active") continue;
        if (!repository.claimDigest(userId, notAfter, sentAt)) continue;
        std::vector<domain::OpenItem> items;
        for (const auto& row : rows) {
            auto known = described.find(row.rotationId);
            if (known == described.end())
                known = described.emplace(row.rotationId, notices.describe(row.rotationId)).first;
            items.push_back({row.kind, known->second, row.count});
        }
        if (notices.digest(userId, items)) ++mailed;
    }
    return mailed;
}

}  // namespace

RotationNoticeSettings RotationNoticeSettings::fromConfiguration(const Poco::Util::AbstractConfiguration& config) {
    RotationNoticeSettings s;
    s.intervalSeconds = static_cast<int>(readInt(config, "rotations.noticeIntervalSeconds", 3600, 1, 86400));
    s.reminderDays = static_cast<int>(readInt(config, "rotations.reminderDays", 7, 0, 365));
    s.digestIntervalSeconds =
        static_cast<int>(readInt(config, "rotations.digestIntervalSeconds", 604800, 1, 31 * 86400));
    s.publicUrl = readString(config, "http.publicUrl", "http://127.0.0.1:8080", true);
    while (!s.publicUrl.empty() && s.publicUrl.back() == '/') s.publicUrl.pop_back();
    return s;
}

NoticeRound RotationNoticeSubsystem::noticeOnce(store::Database& database, mail::Outbox& outbox,
                                                const RotationNoticeSettings& settings, const std::string& holder,
                                                const std::string& today, const Poco::Timestamp& now) {
    NoticeRound round;
    const int leaseSeconds = settings.intervalSeconds * 2 + 60;
    if (!store::JobLeaseRepository(database).tryAcquire(kJob, holder, leaseSeconds)) return round;
    api::RotationNotices notices(database, &outbox, settings.publicUrl);
    round.reminders = remind(database, notices, settings, today);
    round.digests = digest(database, notices, settings, now);
    if (round.reminders > 0)
        log().information("RTN0102 mailed " + std::to_string(round.reminders) + " rotation start reminders");
    if (round.digests > 0) log().information("RTN0103 mailed " + std::to_string(round.digests) + " weekly digests");
    return round;
}

RotationNoticeSubsystem::~RotationNoticeSubsystem() { uninitialize(); }

void RotationNoticeSubsystem::initialize(Poco::Util::Application& app) {
    settings_ = RotationNoticeSettings::fromConfiguration(app.config());
    database_ = &app.getSubsystem<store::DatabaseSubsystem>().database();
    outbox_ = &app.getSubsystem<mail::MailSubsystem>().outbox();
    // The first round waits an interval too, so that a server started for a
    // moment (an upgrade, a test) does not mail at once.
    job_.start(*database_, log(),
               {kJob, settings_.intervalSeconds, false, "RTN0104 the rotation notice round failed",
                "RTN0105 could not release the rotation notice lease"},
               [this](const std::string& holder) {
                   noticeOnce(*database_, *outbox_, settings_, holder, domain::todayUtc(), Poco::Timestamp());
               });
}

void RotationNoticeSubsystem::uninitialize() { job_.stop(); }

}  // namespace rotunda::app
