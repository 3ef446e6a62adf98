// MailSubsystem.h — the mail transport chosen by configuration, for the whole server.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>
#include <Poco/Util/Subsystem.h>

#include <memory>

#include "app/Health.h"
#include "mail/Mailer.h"
#include "mail/Outbox.h"

namespace rotunda::mail {

/// Creates the Mailer from mail.transport (file | smtp) and its settings, logs at
/// start-up which transport and where (RTM0001), and reports the component "mail"
/// to /health (not essential: the server serves without mail).
class MailSubsystem : public Poco::Util::Subsystem, public app::HealthSource {
public:
    const char* name() const override { return "rotunda.mail"; }

    /// Stops the delivery worker (uninitialize, callable by the server when
    /// start-up failed after this subsystem started, which Poco does not undo).
    void stop() { uninitialize(); }

    /// The mailer; throws std::logic_error before initialisation.
    Mailer& mailer();

    /// Where the rest of the server puts mail: stored, then delivered by a worker.
    Outbox& outbox();

    std::vector<app::ComponentHealth> health() const override;

    /// The transport chosen by `config`: FileTransport into mail.directory (default
    /// var/mail) from mail.from (default rotunda@localhost), or SmtpTransport from
    /// mail.smtp.* with mail.from required. Throws app::ConfigError for a bad value
    /// and MailUnavailable when the mail directory cannot be created.
    static std::unique_ptr<Mailer> createMailer(const Poco::Util::AbstractConfiguration& config);

protected:
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;

private:
    std::unique_ptr<Mailer> mailer_;
    std::unique_ptr<Outbox> outbox_;  // declared after the mailer it uses, destroyed before it
};

}  // namespace rotunda::mail
