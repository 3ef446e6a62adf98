// MailSubsystem.cpp — the mail transport chosen by configuration, for the whole server.
#include "mail/MailSubsystem.h"

#include <Poco/Logger.h>
#include <Poco/Util/Application.h>

#include <stdexcept>

#include "app/Settings.h"
#include "app/StartupError.h"
#include "mail/FileTransport.h"
#include "mail/SmtpTransport.h"
#include "store/DatabaseSubsystem.h"

namespace rotunda::mail {

Mailer& MailSubsystem::mailer() {
    if (!mailer_) throw std::logic_error("the mail subsystem is not initialised");
    return *mailer_;
}

std::unique_ptr<Mailer> MailSubsystem::createMailer(
    const Poco::Util::AbstractConfiguration& config) {
    const std::string transport =
        app::readChoice(config, "mail.transport", "file", {"file", "smtp"});
    if (transport == "smtp")
        return std::make_unique<SmtpTransport>(SmtpSettings::fromConfiguration(config));
    const std::string from = app::readString(config, "mail.from", "rotunda@localhost", true);
    if (!MailMessage::isAddress(from))
        throw app::ConfigError("mail.from", from, "one email address (local@domain)");
    return std::make_unique<FileTransport>(
        app::readString(config, "mail.directory", "var/mail", true), from);
}

void MailSubsystem::initialize(Poco::Util::Application& app) {
    Poco::Logger& log = Poco::Logger::get("rotunda.mail");
    try {
        mailer_ = createMailer(app.config());
    } catch (const MailUnavailable& e) {
        throw app::StartupError(e.what());
    }
    log.information("RTM0001 mail goes to " + mailer_->describe());
    outbox_ = std::make_unique<Outbox>(app.getSubsystem<store::DatabaseSubsystem>().database(), *mailer_,
                                       OutboxSettings::fromConfiguration(app.config()));
    outbox_->start();
    const auto* smtp = dynamic_cast<const SmtpTransport*>(mailer_.get());
    if (smtp && smtp->settings().tls == "none" && !smtp->settings().username.empty())
        log.warning(
            "RTM0002 the SMTP password is sent without TLS; set mail.smtp.tls to starttls or tls "
            "unless the relay is on this machine");
}

Outbox& MailSubsystem::outbox() {
    if (!outbox_) throw std::logic_error("the mail subsystem is not initialised");
    return *outbox_;
}

void MailSubsystem::uninitialize() {
    outbox_.reset();
    mailer_.reset();
}

std::vector<app::ComponentHealth> MailSubsystem::health() const {
    if (!mailer_) return {{"mail", "unavailable", "the mail subsystem is not started", false}};
    return {mailer_->health()};
}

}  // namespace rotunda::mail
