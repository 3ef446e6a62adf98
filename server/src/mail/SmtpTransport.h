// SmtpTransport.h — mail delivered to an SMTP relay, and the mail.smtp.* settings.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <mutex>
#include <string>

#include "mail/Mailer.h"

namespace rotunda::mail {

/// The mail.smtp.* configuration (and mail.from), validated.
struct SmtpSettings {
    std::string host = "127.0.0.1";
    int port = 25;
    std::string tls =
        "none";  ///< "none", "starttls" (upgrade after EHLO) or "tls" (implicit, port 465)
    std::string username;  ///< empty: no AUTH
    std::string password;  ///< secret: never logged or shown
    std::string
        caFile;  ///< PEM CA certificates to trust besides the system's; empty: system's only
    int connectTimeoutSeconds = 10;
    int timeoutSeconds = 30;  ///< each read or write once connected
    std::string from;         ///< sender of messages that name none (mail.from, required)

    /// Reads and validates mail.smtp.* and mail.from; throws app::ConfigError.
    static SmtpSettings fromConfiguration(const Poco::Util::AbstractConfiguration& config);

    /// host:port, TLS mode, user and sender, for logs; never the password.
    std::string describe() const;
};

/// Delivers each message over its own SMTP connection (Poco::Net::SMTPClientSession):
/// connect with the connect timeout, EHLO, STARTTLS or implicit TLS as configured
/// (server certificate verified against the system's CAs and mail.smtp.caFile), AUTH
/// LOGIN when a username is set, then MAIL FROM / RCPT TO / DATA.
///
/// A relay that is down, slow, refuses TLS or authentication, or answers 4xx raises
/// MailUnavailable ("mail server unavailable: host:port …") and marks the component
/// unavailable in /health until a delivery succeeds; a 5xx answer to the message
/// itself raises MailRejected.
class SmtpTransport : public Mailer {
public:
    /// Throws MailUnavailable when the TLS context cannot be built (unreadable caFile).
    explicit SmtpTransport(SmtpSettings settings);

    void send(const MailMessage& message) override;
    std::string describe() const override;
    app::ComponentHealth health() const override;

    const SmtpSettings& settings() const { return settings_; }

private:
    std::string endpoint() const;
    void recordOutcome(const std::string& failure);

    SmtpSettings settings_;
    Poco::Net::Context::Ptr tlsContext_;  ///< null when tls = none
    mutable std::mutex mutex_;
    std::string lastFailure_;  ///< guarded by mutex_; empty after a successful delivery
};

}  // namespace rotunda::mail
