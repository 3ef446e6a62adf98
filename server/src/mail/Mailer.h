// Mailer.h — the interface every mail transport implements (and a future outbox).
#pragma once

#include <string>

#include "app/Health.h"
#include "mail/MailError.h"
#include "mail/MailMessage.h"

namespace rotunda::mail {

/// Sends mail somewhere: .eml files, an SMTP relay, or (later) a durable outbox that
/// stores the message and retries through another Mailer. The exceptions are the
/// contract that makes that outbox possible: it retries on MailUnavailable and gives
/// up on MailRejected and InvalidMailMessage. Implementations are thread-safe.
class Mailer {
public:
    virtual ~Mailer();

    /// Delivers `message`, from the configured mail.from unless the message names a
    /// sender. Returns once the transport has accepted it. Throws InvalidMailMessage
    /// for a message that can never be sent, MailUnavailable when delivery may
    /// succeed later, MailRejected when the server refused it for good.
    virtual void send(const MailMessage& message) = 0;

    /// What and where, for the start-up log and /health: never contains a password.
    virtual std::string describe() const = 0;

    /// The component "mail" for /health: "ok", or "unavailable" with the reason
    /// (for a relay: the last delivery failed and why). Quick and never throws.
    virtual app::ComponentHealth health() const = 0;
};

}  // namespace rotunda::mail
