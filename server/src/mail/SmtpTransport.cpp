// SmtpTransport.cpp — mail delivered to an SMTP relay, and the mail.smtp.* settings.
#include "mail/SmtpTransport.h"

#include <Poco/Base64Encoder.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <set>
#include <sstream>
#include <stdexcept>

#include "app/Settings.h"

namespace rotunda::mail {
namespace {

Poco::Logger& logger() {
    return Poco::Logger::get("rotunda.mail");
}

/// Thrown inside send() for failures before the message was offered to the server.
class SetupFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string base64(const std::string& text) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << text;
    encoder.close();
    return out.str();
}

/// An SMTP session with what Poco's SMTPClientSession lacks for a relay it does not
/// know: STARTTLS on a connection it did not open (Poco's SecureSMTPClientSession only
/// verifies the certificate's host name when it opened the connection itself, without
/// a connect timeout), and AUTH chosen from what EHLO advertises. Poco's own AUTH LOGIN
/// depends on the exact wording of the server's prompts, so both mechanisms are
/// spoken here.
class Session : public Poco::Net::SMTPClientSession {
public:
    using Poco::Net::SMTPClientSession::SMTPClientSession;

    /// EHLO (HELO when refused); remembers the advertised AUTH mechanisms.
    void hello() {
        std::string response;
        login(Poco::Environment::nodeName(), response);
        mechanisms_.clear();
        std::istringstream lines(Poco::toUpper(response));
        for (std::string line; std::getline(lines, line);) {
            if (line.size() < 9 || line.compare(4, 4, "AUTH") != 0 ||
                (line[8] != ' ' && line[8] != '='))
                continue;
            std::istringstream words(line.substr(9));
            for (std::string word; words >> word;) mechanisms_.insert(word);
        }
    }

    /// Sends STARTTLS and performs the handshake, verifying the certificate for
    /// `host`. Returns false when the server does not accept STARTTLS.
    bool startTls(Poco::Net::Context::Ptr context, const std::string& host) {
        std::string response;
        if (!isPositiveCompletion(sendCommand("STARTTLS", response))) return false;
        socket() = Poco::Net::SecureStreamSocket::attach(socket(), host, context);
        return true;
    }

    /// AUTH PLAIN, or AUTH LOGIN when only that is offered. Throws SetupFailure.
    void authenticate(const std::string& user, const std::string& password) {
        std::string response;
        int status = 0;
        if (mechanisms_.count("PLAIN")) {
            status = sendCommand("AUTH PLAIN",
                                 base64(std::string(1, '\0') + user + '\0' + password), response);
        } else if (mechanisms_.count("LOGIN")) {
            status = sendCommand("AUTH LOGIN", response);
            if (isPositiveIntermediate(status)) status = sendCommand(base64(user), response);
            if (isPositiveIntermediate(status)) status = sendCommand(base64(password), response);
        } else {
            throw SetupFailure(
                "it offers no authentication Rotunda speaks (PLAIN or LOGIN) on this connection; "
                "use mail.smtp.tls = starttls or tls, or leave mail.smtp.username empty");
        }
        if (!isPositiveCompletion(status))
            throw SetupFailure("authentication as " + user + " failed (" + response +
                               "); check mail.smtp.username and mail.smtp.password");
    }

private:
    std::set<std::string> mechanisms_;
};

}  // namespace

SmtpSettings SmtpSettings::fromConfiguration(const Poco::Util::AbstractConfiguration& config) {
    SmtpSettings s;
    s.host = app::readString(config, "mail.smtp.host", s.host, true);
    s.tls = app::readChoice(config, "mail.smtp.tls", s.tls, {"none", "starttls", "tls"});
    s.port = static_cast<int>(
        app::readInt(config, "mail.smtp.port", s.tls == "tls" ? 465 : 25, 1, 65535));
    s.username = app::readString(config, "mail.smtp.username", "");
    s.password = app::readString(config, "mail.smtp.password", "");
    s.caFile = app::readString(config, "mail.smtp.caFile", "");
    if (!s.caFile.empty() && !(Poco::File(s.caFile).exists() && Poco::File(s.caFile).canRead()))
        throw app::ConfigError(
            "mail.smtp.caFile", s.caFile,
            "a readable PEM file of CA certificates, or empty for the system's CAs");
    s.connectTimeoutSeconds = static_cast<int>(
        app::readInt(config, "mail.smtp.connectTimeoutSeconds", s.connectTimeoutSeconds, 1, 300));
    s.timeoutSeconds = static_cast<int>(
        app::readInt(config, "mail.smtp.timeoutSeconds", s.timeoutSeconds, 1, 600));
    s.from = app::readString(config, "mail.from", "");
    if (!MailMessage::isAddress(s.from))
        throw app::ConfigError(
            "mail.from", s.from,
            "one email address (local@domain); it is required when mail.transport = smtp");
    return s;
}

std::string SmtpSettings::describe() const {
    std::string text = host + ":" + std::to_string(port) + " (TLS " + tls;
    text += username.empty() ? ", no authentication" : ", user " + username;
    return text + ", from " + from + ")";
}

SmtpTransport::SmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) {
    if (settings_.tls == "none") return;
    Poco::Net::Context::Params params;
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
    params.loadDefaultCAs = true;
    params.caLocation = settings_.caFile;
    try {
        tlsContext_ = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    } catch (const Poco::Exception& e) {
        throw MailUnavailable("cannot set up TLS for the mail server: " + e.displayText() +
                              "; check mail.smtp.caFile");
    }
}

std::string SmtpTransport::endpoint() const {
    return settings_.host + ":" + std::to_string(settings_.port);
}

void SmtpTransport::send(const MailMessage& message) {
    Poco::Net::MailMessage mime;
    message.compose(mime, settings_.from);
    const Poco::Timespan connectTimeout(settings_.connectTimeoutSeconds, 0);
    const Poco::Timespan timeout(settings_.timeoutSeconds, 0);
    bool offered = false;  // past the set-up: failures now concern this message
    try {
        const Poco::Net::SocketAddress address(settings_.host,
                                               static_cast<Poco::UInt16>(settings_.port));
        Poco::Net::StreamSocket socket;
        if (settings_.tls == "tls") {
            Poco::Net::SecureStreamSocket secure(tlsContext_);
            secure.setPeerHostName(settings_.host);
            socket = secure;
        }
        socket.connect(address, connectTimeout);
        socket.setReceiveTimeout(timeout);
        socket.setSendTimeout(timeout);
        Session session(socket);
        session.setTimeout(timeout);
        session.hello();
        if (settings_.tls == "starttls") {
            if (!session.startTls(tlsContext_, settings_.host))
                throw SetupFailure(
                    "it does not accept STARTTLS; set mail.smtp.tls to tls or none to match the "
                    "server");
            session.hello();  // again: the capabilities (AUTH) differ over TLS
        }
        if (!settings_.username.empty())
            session.authenticate(settings_.username, settings_.password);
        offered = true;
        session.sendMessage(mime);
        // Delivered once the server accepted the data: a failing QUIT must not make a
        // caller (or a future outbox) send the message twice.
        try {
            session.close();
        } catch (const Poco::Exception&) {
        }
    } catch (const SetupFailure& failure) {
        const std::string text = "mail server unavailable: " + endpoint() + ": " + failure.what();
        recordOutcome(text);
        throw MailUnavailable(text);
    } catch (const Poco::Net::SMTPException& e) {
        if (offered && e.code() >= 500 && e.code() < 600) {
            logger().warning("RTM0102 mail server " + endpoint() +
                             " refused a message: " + e.displayText());
            recordOutcome("");
            throw MailRejected("mail server " + endpoint() +
                               " refused the message: " + e.displayText());
        }
        const std::string text = "mail server unavailable: " + endpoint() +
                                 " answered: " + e.displayText() +
                                 "; the message can be sent again later";
        recordOutcome(text);
        throw MailUnavailable(text);
    } catch (const Poco::Exception& e) {
        const std::string text =
            "mail server unavailable: " + endpoint() + " (" + e.displayText() +
            "); check that the SMTP server runs there and that mail.smtp.host, "
            "mail.smtp.port and mail.smtp.tls match it";
        recordOutcome(text);
        throw MailUnavailable(text);
    }
    recordOutcome("");
}

void SmtpTransport::recordOutcome(const std::string& failure) {
    std::string previous;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        previous = lastFailure_;
        lastFailure_ = failure.empty() ? ""
                                       : failure + " (at " +
                                             Poco::DateTimeFormatter::format(Poco::Timestamp(),
                                                                             "%Y-%m-%dT%H:%M:%SZ") +
                                             ")";
    }
    if (!failure.empty())
        logger().warning("RTM0101 " + failure);
    else if (!previous.empty())
        logger().information("RTM0103 mail server " + endpoint() + " accepts mail again");
}

std::string SmtpTransport::describe() const {
    return "SMTP relay " + settings_.describe();
}

app::ComponentHealth SmtpTransport::health() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (lastFailure_.empty()) return {"mail", "ok", "", false};
    return {"mail", "unavailable", "the last delivery failed: " + lastFailure_, false};
}

}  // namespace rotunda::mail
