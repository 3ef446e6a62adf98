// MailSubsystem.h — the mail transport chosen by configuration.
#pragma once

#include "mail/Mailer.h"

#include <Poco/Util/Subsystem.h>

#include <memory>

namespace rotunda::mail {

/// Fourth subsystem: creates the Mailer from mail.* and logs where mail goes.
class MailSubsystem : public Poco::Util::Subsystem {
public:
    const char* name() const override { return "rotunda.mail"; }

    /// The mailer; only valid after initialisation.
    Mailer& mailer();

protected:
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override { mailer_.reset(); }

private:
    std::unique_ptr<Mailer> mailer_;
};

}  // namespace rotunda::mail
