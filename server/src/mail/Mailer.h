// Mailer.h — how Rotunda sends mail: to .eml files or an SMTP relay.
#pragma once

#include "app/Health.h"
#include "mail/MailMessage.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace rotunda::mail {

/// The relay could not take the message (down, refused, timed out). The message
/// should be tried again later.
class MailUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Delivers messages. Thread-safe.
class Mailer {
public:
    virtual ~Mailer() = default;
    /// Sends `message` from the configured sender. Throws std::invalid_argument
    /// for a malformed message and MailUnavailable when delivery failed.
    virtual void send(const MailMessage& message) = 0;
    /// What and where, for the start-up log (never a password).
    virtual std::string describe() const = 0;
};

/// The transport chosen by mail.transport (file|smtp) with its settings.
/// Throws app::ConfigError for bad mail.* values.
std::unique_ptr<Mailer> createMailer(const Poco::Util::AbstractConfiguration& config);

}  // namespace rotunda::mail
