// MailMessage.cpp — one email as Rotunda composes it, safe against header injection.
#include "mail/MailMessage.h"

#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <array>

#include "mail/MailError.h"

namespace rotunda::mail {
namespace {

const std::string kTextType = "text/plain; charset=UTF-8";
const std::string kHtmlType = "text/html; charset=UTF-8";

bool hasLineBreak(const std::string& value) {
    return value.find_first_of(std::string("\r\n\0", 3)) != std::string::npos;
}

bool isAscii(const std::string& value) {
    return std::all_of(value.begin(), value.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// What the transport writes itself: letting a caller set these would allow a second
// From or a hidden Bcc, or break the MIME structure.
bool isManagedHeader(const std::string& name) {
    static const std::array<const char*, 8> managed = {
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version"};
    const std::string lower = Poco::toLower(name);
    if (lower.rfind("content-", 0) == 0) return true;
    return std::find(managed.begin(), managed.end(), lower) != managed.end();
}

// RFC 5322 field name: printable ASCII except the colon.
bool isFieldName(const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(),
                                        [](char c) { return c > 32 && c < 127 && c != ':'; });
}

void refuseLineBreak(const std::string& what, const std::string& value) {
    if (hasLineBreak(value))
        throw InvalidMailMessage(
            what + " contains a line break (CR, LF) or NUL; header injection is refused");
}

// RFC 5322 allows CR and LF only together: callers write "\n", mail needs "\r\n".
std::string withCrlf(const std::string& text) {
    std::string result;
    result.reserve(text.size() + text.size() / 32);
    for (std::string::size_type i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' || text[i] == '\n') {
            result += "\r\n";
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            result += text[i];
        }
    }
    return result;
}

std::string encodeHeader(const std::string& value) {
    return isAscii(value) ? value : Poco::Net::MailMessage::encodeWord(value, "UTF-8");
}

}  // namespace

bool MailMessage::isAddress(const std::string& address) {
    const std::string::size_type at = address.rfind('@');
    if (at == std::string::npos || at == 0 || at + 1 >= address.size()) return false;
    return std::all_of(address.begin(), address.end(), [](char c) {
        return c > 32 && c < 127 && c != '<' && c != '>' && c != ',' && c != '"' && c != ';' &&
               c != '(' && c != ')' && c != '\\';
    });
}

void MailMessage::setFrom(const std::string& address) {
    refuseLineBreak("the sender address", address);
    if (!address.empty() && !isAddress(address))
        throw InvalidMailMessage("the sender '" + address +
                                 "' is not one email address (local@domain)");
    from_ = address;
}

void MailMessage::addTo(const std::string& address) {
    refuseLineBreak("a recipient address", address);
    if (!isAddress(address))
        throw InvalidMailMessage("the recipient '" + address +
                                 "' is not one email address (local@domain)");
    to_.push_back(address);
}

void MailMessage::setSubject(const std::string& subject) {
    refuseLineBreak("the subject", subject);
    subject_ = subject;
}

void MailMessage::setHeader(const std::string& name, const std::string& value) {
    if (!isFieldName(name))
        throw InvalidMailMessage("'" + name +
                                 "' is not a header name (printable ASCII without ':')");
    if (isManagedHeader(name))
        throw InvalidMailMessage("the header " + name +
                                 " is written by the mail transport and cannot be set");
    refuseLineBreak("the header " + name, value);
    const auto same = std::find_if(headers_.begin(), headers_.end(), [&](const auto& header) {
        return Poco::icompare(header.first, name) == 0;
    });
    if (same != headers_.end())
        same->second = value;
    else
        headers_.emplace_back(name, value);
}

void MailMessage::setMessageId(const std::string& id) {
    refuseLineBreak("the Message-ID", id);
    if (!id.empty() && !isAddress(id))
        throw InvalidMailMessage("the Message-ID '" + id + "' is not of the form id-left@id-right");
    messageId_ = id;
}

void MailMessage::validate() const {
    if (to_.empty()) throw InvalidMailMessage("the message has no recipient");
    if (textBody_.empty())
        throw InvalidMailMessage(
            "the message has no text body (an HTML body is only an alternative to it)");
}

void MailMessage::compose(Poco::Net::MailMessage& mime, const std::string& defaultFrom) const {
    validate();
    const std::string& sender = from_.empty() ? defaultFrom : from_;
    if (!isAddress(sender))
        throw InvalidMailMessage("the sender '" + sender +
                                 "' is not one email address (local@domain)");
    mime.setSender(sender);
    for (const std::string& address : to_)
        mime.addRecipient(
            Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, address));
    mime.setSubject(encodeHeader(subject_));
    mime.setDate(Poco::Timestamp());
    const std::string id = messageId_.empty()
                               ? Poco::UUIDGenerator::defaultGenerator().createRandom().toString() +
                                     sender.substr(sender.rfind('@'))
                               : messageId_;
    mime.set("Message-ID", "<" + id + ">");
    for (const auto& [name, value] : headers_) mime.set(name, encodeHeader(value));
    if (htmlBody_.empty()) {
        mime.setContentType(kTextType);
        mime.setContent(withCrlf(textBody_), Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
        return;
    }
    // Set before adding parts so Poco keeps "alternative" instead of "mixed".
    mime.setContentType("multipart/alternative");
    mime.addContent(new Poco::Net::StringPartSource(withCrlf(textBody_), kTextType),
                    Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    mime.addContent(new Poco::Net::StringPartSource(withCrlf(htmlBody_), kHtmlType),
                    Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
}

}  // namespace rotunda::mail
