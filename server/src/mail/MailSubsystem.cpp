// MailSubsystem.cpp — the mail transport chosen by configuration.
#include "mail/MailSubsystem.h"

#include <Poco/Logger.h>
#include <Poco/Util/Application.h>

#include <stdexcept>

namespace rotunda::mail {

Mailer& MailSubsystem::mailer() {
    if (!mailer_) throw std::logic_error("the mail subsystem is not initialised");
    return *mailer_;
}

void MailSubsystem::initialize(Poco::Util::Application& app) {
    mailer_ = createMailer(app.config());
    Poco::Logger::get("rotunda.mail").information("RTM0001 mail goes to " + mailer_->describe());
}

}  // namespace rotunda::mail
