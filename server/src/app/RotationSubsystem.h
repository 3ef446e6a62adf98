// RotationSubsystem.h — the background job that moves rotations along by
// themselves: ready when the steps are done, active on the start date,
// offboarding or completed at the end date, closed when not ready in time.
#pragma once

#include "app/PeriodicJob.h"
#include "mail/Outbox.h"
#include "store/Database.h"

#include <Poco/Util/AbstractConfiguration.h>
#include <Poco/Util/Subsystem.h>

#include <chrono>
#include <string>

namespace rotunda::app {

/// The rotations.* configuration, validated.
struct RotationSettings {
    int checkIntervalSeconds = 300;  ///< how often the job looks at rotations
    int preceptorMaxStudents = 2;    ///< most students one preceptor has at once; 0: no limit
    std::string publicUrl;           ///< http.publicUrl, without a trailing slash: the link in its mail

    static RotationSettings fromConfiguration(const Poco::Util::AbstractConfiguration& config);
};

/// Every rotations.checkIntervalSeconds, on the one node holding the
/// "rotation-transitions" job lease, in this order (one round can take a
/// rotation through several): verified steps whose verification lapsed on the
/// facility's local date → expired (RTR0007); ready → onboarding when a required
/// application or onboarding step is no longer verified or waived, with the
/// steps in its event and a letter to the student and whoever completes them
/// (RTR0008); onboarding → ready when every required application
/// and onboarding step is verified or waived (RTR0001); onboarding → cancelled
/// on the start date at facilities that chose rotations.closeNotReadyAtStart
/// (RTR0002); ready → active on the start date (RTR0003); active → offboarding
/// on the end date when the rotation has offboarding steps, else → completed
/// (RTR0004); offboarding → completed when the required offboarding steps are
/// verified or waived (RTR0004). Every move goes through domain/Rotations as
/// the system party and one conditional repository call; places are released
/// by the same call. Dates are each facility's local date (its time zone).
/// Initialised after the database and mail subsystems.
class RotationSubsystem : public Poco::Util::Subsystem {
public:
    ~RotationSubsystem() override;

    const char* name() const override { return "rotunda.rotations"; }

    /// Stops the worker (see MailSubsystem::stop).
    void stop() { uninitialize(); }

    /// One round at `now`, if this node holds the lease; returns how many
    /// rotations and steps moved. Dates are compared with each facility's local
    /// date at `now` (its time zone). `outbox` null: nothing is mailed. The
    /// worker calls it; tests may too.
    static int checkOnce(store::Database& database, mail::Outbox* outbox, const RotationSettings& settings,
                         const std::string& holder, std::chrono::system_clock::time_point now);

protected:
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;

private:
    store::Database* database_ = nullptr;
    mail::Outbox* outbox_ = nullptr;
    RotationSettings settings_;
    PeriodicJob job_;
};

}  // namespace rotunda::app
