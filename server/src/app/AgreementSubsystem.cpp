// AgreementSubsystem.cpp — the background job that expires affiliation agreements
// and reminds both sides before their end date.
#include "app/AgreementSubsystem.h"

#include "app/Settings.h"
#include "domain/Agreements.h"
#include "domain/Calendar.h"
#include "mail/MailSubsystem.h"
#include "store/AgreementRepository.h"
#include "store/DatabaseSubsystem.h"
#include "store/JobLeaseRepository.h"
#include "store/OrganizationRepository.h"

#include <Poco/Logger.h>
#include <Poco/Util/Application.h>

namespace rotunda::app {
namespace {

constexpr const char* kJob = "agreement-check";

Poco::Logger& log() { return Poco::Logger::get("rotunda.agreements"); }

std::string nameOf(store::OrganizationRepository& organizations, const std::string& id) {
    const auto found = organizations.findById(id);
    return found ? found->name : id;
}

bool expire(store::AgreementRepository& agreements, const store::Agreement& a) {
    std::string to;
    if (domain::checkAgreementTransition(a.state, "expire", domain::AgreementParty::System, "", to) !=
        domain::AgreementRefusal::Allowed)
        return false;
    if (!agreements.transition(a.id, a.state, to, "")) return false;
    log().information("RTG0001 agreement " + a.id + " ended on " + a.endDate + " and is now expired");
    return true;
}

bool remind(store::Database& database, mail::Outbox& outbox, const store::Agreement& a) {
    store::AgreementRepository agreements(database);
    store::OrganizationRepository organizations(database);
    std::vector<std::string> recipients = agreements.staffEmails(a.facilityId);
    for (const auto& email : agreements.staffEmails(a.schoolId)) recipients.push_back(email);
    if (!agreements.markReminded(a.id)) return false;  // another round sent it
    if (recipients.empty()) {
        log().warning("RTG0005 agreement " + a.id + " ends on " + a.endDate + " but nobody can be reminded");
        return true;
    }
    const std::string facility = nameOf(organizations, a.facilityId), school = nameOf(organizations, a.schoolId);
    mail::MailMessage message;
    for (const auto& email : recipients) message.addTo(email);
    message.setSubject("Affiliation agreement between " + facility + " and " + school + " ends on " + a.endDate);
    message.setTextBody("Hello,\n\nthe affiliation agreement " + (a.name.empty() ? "" : "\"" + a.name + "\" ") +
                        "between " + facility + " and " + school + " ends on " + a.endDate +
                        ". After that day it expires in Rotunda, and the school can no longer be scheduled onto "
                        "capacity it covered.\n\nTo go on working together, the facility drafts a new agreement "
                        "and submits it to the school for approval.\n");
    outbox.enqueue(message);
    log().information("RTG0002 reminded " + std::to_string(recipients.size()) + " people that agreement " + a.id +
                      " ends on " + a.endDate);
    return true;
}

}  // namespace

AgreementSettings AgreementSettings::fromConfiguration(const Poco::Util::AbstractConfiguration& config) {
    AgreementSettings s;
    s.checkIntervalSeconds = static_cast<int>(readInt(config, "agreements.checkIntervalSeconds", 3600, 1, 86400));
    s.reminderDays = static_cast<int>(readInt(config, "agreements.reminderDays", 30, 1, 365));
    return s;
}

int AgreementSubsystem::checkOnce(store::Database& database, mail::Outbox& outbox, const AgreementSettings& settings,
                                  const std::string& holder, const std::string& today) {
    const int leaseSeconds = settings.checkIntervalSeconds * 2 + 60;
    if (!store::JobLeaseRepository(database).tryAcquire(kJob, holder, leaseSeconds)) return 0;
    store::AgreementRepository agreements(database);
    int done = 0;
    for (const auto& a : agreements.activeEndedBefore(today)) done += expire(agreements, a) ? 1 : 0;
    for (const auto& a : agreements.dueForReminder(today, domain::addDays(today, settings.reminderDays)))
        done += remind(database, outbox, a) ? 1 : 0;
    return done;
}

AgreementSubsystem::~AgreementSubsystem() { uninitialize(); }

void AgreementSubsystem::initialize(Poco::Util::Application& app) {
    settings_ = AgreementSettings::fromConfiguration(app.config());
    database_ = &app.getSubsystem<store::DatabaseSubsystem>().database();
    outbox_ = &app.getSubsystem<mail::MailSubsystem>().outbox();
    job_.start(*database_, log(),
               {kJob, settings_.checkIntervalSeconds, true, "RTG0003 agreement check failed",
                "RTG0004 could not release the agreement check lease"},
               [this](const std::string& holder) { checkOnce(*database_, *outbox_, settings_, holder, domain::todayUtc()); });
}

void AgreementSubsystem::uninitialize() { job_.stop(); }


}  // namespace rotunda::app
