// Mailer.cpp — the file and SMTP transports.
#include "mail/Mailer.h"

#include "app/Settings.h"

#include <Poco/File.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/Path.h>
#include <Poco/Timestamp.h>
#include <Poco/UUIDGenerator.h>

#include <atomic>
#include <cstdio>
#include <fstream>

namespace rotunda::mail {
namespace {

bool hasLineBreak(const std::string& value) {
    return value.find_first_of(std::string("\r\n\0", 3)) != std::string::npos;
}

void fill(Poco::Net::MailMessage& mail, const MailMessage& message, const std::string& from) {
    mail.setSender(from);
    for (const std::string& to : message.to)
        mail.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, to));
    mail.setSubject(Poco::Net::MailMessage::encodeWord(message.subject, "UTF-8"));
    mail.set("Message-ID", "<" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString() + "@rotunda>");
    if (message.htmlBody.empty()) {
        mail.setContentType("text/plain; charset=UTF-8");
        mail.setContent(message.textBody, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    } else {
        mail.addContent(new Poco::Net::StringPartSource(message.textBody, "text/plain; charset=UTF-8"),
                        Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
        mail.addContent(new Poco::Net::StringPartSource(message.htmlBody, "text/html; charset=UTF-8"),
                        Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    }
}

/// Writes each message as an .eml file; the default, so a fresh install needs no relay.
class FileMailer : public Mailer {
public:
    FileMailer(std::string directory, std::string from)
        : directory_(Poco::Path(directory).absolute().toString()), from_(std::move(from)) {
        Poco::File(directory_).createDirectories();
    }

    void send(const MailMessage& message) override {
        validateMessage(message);
        // Sortable by time; unique within the process; written then renamed so a
        // reader never sees half a message.
        const std::string name = std::to_string(Poco::Timestamp().epochMicroseconds()) + "-" +
                                 std::to_string(++sequence_) + ".eml";
        const std::string finalPath = Poco::Path(directory_).makeDirectory().setFileName(name).toString();
        const std::string temporary = finalPath + ".tmp";
        {
            std::ofstream out(temporary, std::ios::binary);
            Poco::Net::MailMessage mail;
            fill(mail, message, from_);
            mail.write(out);
            out.flush();
            if (!out) throw MailUnavailable("cannot write " + temporary);
        }
        if (std::rename(temporary.c_str(), finalPath.c_str()) != 0)
            throw MailUnavailable("cannot rename " + temporary + " to " + finalPath);
    }

    std::string describe() const override { return "files in " + directory_; }

private:
    std::string directory_;
    std::string from_;
    std::atomic<unsigned> sequence_{0};
};

/// Delivers through an SMTP relay, one connection per message.
class SmtpMailer : public Mailer {
public:
    SmtpMailer(std::string host, int port, std::string tls, std::string username, std::string password,
               std::string from, int timeoutSeconds)
        : host_(std::move(host)), port_(port), tls_(std::move(tls)), username_(std::move(username)),
          password_(std::move(password)), from_(std::move(from)), timeout_(timeoutSeconds, 0) {}

    void send(const MailMessage& message) override {
        validateMessage(message);
        Poco::Net::MailMessage mail;
        fill(mail, message, from_);
        try {
            Poco::Net::SocketAddress address(host_, static_cast<Poco::UInt16>(port_));
            if (tls_ == "none") {
                Poco::Net::StreamSocket socket;
                socket.connect(address, timeout_);
                Poco::Net::SMTPClientSession session(socket);
                deliver(session, mail);
            } else {
                Poco::Net::StreamSocket socket;
                socket.connect(address, timeout_);
                Poco::Net::SecureSMTPClientSession session(socket);
                session.setTimeout(timeout_);
                session.login();
                // Certificates are verified against the system's CA store.
                Poco::Net::Context::Params params;
                params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
                params.loadDefaultCAs = true;
                Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
                if (!session.startTLS(context)) throw MailUnavailable("the relay does not offer STARTTLS");
                authenticate(session);
                session.sendMessage(mail);
                session.close();
            }
        } catch (const MailUnavailable&) {
            throw;
        } catch (const Poco::Exception& e) {
            throw MailUnavailable("mail server " + host_ + ":" + std::to_string(port_) +
                                  " unavailable: " + e.displayText());
        }
    }

    std::string describe() const override {
        return "SMTP relay " + host_ + ":" + std::to_string(port_) + " (TLS: " + tls_ + ")";
    }

private:
    void deliver(Poco::Net::SMTPClientSession& session, const Poco::Net::MailMessage& mail) {
        session.setTimeout(timeout_);
        session.login();
        authenticate(session);
        session.sendMessage(mail);
        session.close();
    }

    void authenticate(Poco::Net::SMTPClientSession& session) {
        if (username_.empty()) return;
        session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, username_, password_);
    }

    std::string host_;
    int port_;
    std::string tls_;
    std::string username_;
    std::string password_;
    std::string from_;
    Poco::Timespan timeout_;
};

}  // namespace

void validateMessage(const MailMessage& message) {
    if (message.to.empty()) throw std::invalid_argument("a message needs at least one recipient");
    for (const std::string& to : message.to)
        if (hasLineBreak(to) || to.find('@') == std::string::npos)
            throw std::invalid_argument("recipient is not a single email address");
    if (hasLineBreak(message.subject)) throw std::invalid_argument("subject contains a line break");
}

std::unique_ptr<Mailer> createMailer(const Poco::Util::AbstractConfiguration& config) {
    const std::string transport = app::readChoice(config, "mail.transport", "file", {"file", "smtp"});
    const std::string from = app::readString(config, "mail.from", "rotunda@localhost", true);
    if (hasLineBreak(from) || from.find('@') == std::string::npos)
        throw app::ConfigError("mail.from", from, "one email address");
    if (transport == "file")
        return std::make_unique<FileMailer>(app::readString(config, "mail.directory", "var/mail", true), from);
    return std::make_unique<SmtpMailer>(
        app::readString(config, "mail.smtp.host", "127.0.0.1", true),
        static_cast<int>(app::readInt(config, "mail.smtp.port", 25, 1, 65535)),
        app::readChoice(config, "mail.smtp.tls", "none", {"none", "starttls"}),
        app::readString(config, "mail.smtp.username", ""), app::readString(config, "mail.smtp.password", ""),
        from, static_cast<int>(app::readInt(config, "mail.smtp.timeoutSeconds", 30, 1, 600)));
}

}  // namespace rotunda::mail
