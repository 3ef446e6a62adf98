// MailMessage.h — one email as Rotunda composes it, safe against header injection.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace Poco::Net {
class MailMessage;
}

namespace rotunda::mail {

/// An email: sender, recipients, subject, a text body, an optional HTML alternative
/// and extra headers. Every setter refuses a value that contains CR, LF or NUL
/// (header injection) with InvalidMailMessage, so a MailMessage that exists can
/// always be written out as the headers it was given and nothing more.
class MailMessage {
public:
    /// Extra header lines in the order they were set.
    using Headers = std::vector<std::pair<std::string, std::string>>;

    /// The sender address; empty means "the transport's configured mail.from".
    /// Throws InvalidMailMessage unless `address` is one bare address (local@domain).
    void setFrom(const std::string& address);
    const std::string& from() const { return from_; }

    /// Adds one recipient. Throws InvalidMailMessage unless `address` is one bare address.
    void addTo(const std::string& address);
    const std::vector<std::string>& to() const { return to_; }

    /// The subject, UTF-8. Throws InvalidMailMessage for CR, LF or NUL.
    void setSubject(const std::string& subject);
    const std::string& subject() const { return subject_; }

    /// The plain-text body, UTF-8; LF, CR or CRLF line ends are sent as CRLF.
    void setTextBody(const std::string& text) { textBody_ = text; }
    const std::string& textBody() const { return textBody_; }

    /// An HTML alternative to the text body; empty (the default) sends text only.
    void setHtmlBody(const std::string& html) { htmlBody_ = html; }
    const std::string& htmlBody() const { return htmlBody_; }

    /// Sets an extra header such as "Reply-To" or "X-Rotunda-Rotation", replacing one
    /// of the same name. Throws InvalidMailMessage for a name that is not an RFC 5322
    /// field name, a header the transport writes itself (From, To, Cc, Bcc, Subject,
    /// Date, Message-ID, MIME-Version, Content-*), or CR, LF or NUL in the value.
    void setHeader(const std::string& name, const std::string& value);
    const Headers& headers() const { return headers_; }

    /// The Message-ID without angle brackets (id-left@id-right). Set it to keep the
    /// same id when a message is sent again (an outbox retrying); when empty, each
    /// send generates one. Throws InvalidMailMessage for anything but one such id.
    void setMessageId(const std::string& id);
    const std::string& messageId() const { return messageId_; }

    /// Throws InvalidMailMessage naming what is missing: a recipient, or a body.
    void validate() const;

    /// Fills `mime` with this message as RFC 5322 / MIME: From (`defaultFrom` when
    /// no sender was set), To, Subject (RFC 2047 encoded when not ASCII), Date,
    /// Message-ID, the extra headers, and the body as quoted-printable UTF-8 text,
    /// or multipart/alternative when there is an HTML body. Validates first.
    void compose(Poco::Net::MailMessage& mime, const std::string& defaultFrom) const;

    /// True when `address` is one bare address: local@domain, printable ASCII, no
    /// spaces, angle brackets, commas, quotes or line breaks.
    static bool isAddress(const std::string& address);

private:
    std::string from_;
    std::vector<std::string> to_;
    std::string subject_;
    std::string textBody_;
    std::string htmlBody_;
    Headers headers_;
    std::string messageId_;
};

}  // namespace rotunda::mail
