// AgreementSubsystem.h — the background job that expires affiliation agreements
// after their end date and reminds both sides before it.
#pragma once

#include "mail/Outbox.h"
#include "app/PeriodicJob.h"
#include "store/Database.h"

#include <Poco/Util/AbstractConfiguration.h>
#include <Poco/Util/Subsystem.h>

#include <string>

namespace rotunda::app {

/// The agreements.* configuration, validated.
struct AgreementSettings {
    int checkIntervalSeconds = 3600;  ///< how often the job looks at agreements
    int reminderDays = 30;            ///< how many days before the end date the reminder goes out

    static AgreementSettings fromConfiguration(const Poco::Util::AbstractConfiguration& config);
};

/// Every agreements.checkIntervalSeconds, on the one node holding the
/// "agreement-check" job lease: active agreements whose end date has passed
/// become expired (domain transition "expire", log RTG0001), and active
/// agreements ending within agreements.reminderDays get one reminder mail to
/// the admins and coordinators of both organizations (RTG0002), remembered in
/// the agreement so it goes out once. Initialised after the mail subsystem.
class AgreementSubsystem : public Poco::Util::Subsystem {
public:
    /// Stops the worker if start-up failed after this subsystem started it.
    ~AgreementSubsystem() override;

    const char* name() const override { return "rotunda.agreements"; }

    /// Stops the worker (see MailSubsystem::stop).
    void stop() { uninitialize(); }

    /// One round for `today` (YYYY-MM-DD), if this node holds the lease; returns
    /// how many agreements expired plus how many reminders went out. The worker
    /// calls it; tests may too.
    static int checkOnce(store::Database& database, mail::Outbox& outbox, const AgreementSettings& settings,
                         const std::string& holder, const std::string& today);

protected:
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;

private:
    store::Database* database_ = nullptr;
    mail::Outbox* outbox_ = nullptr;
    AgreementSettings settings_;
    PeriodicJob job_;
};

}  // namespace rotunda::app
