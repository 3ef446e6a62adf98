// MailMessage.h — one email to send.
#pragma once

#include <string>
#include <vector>

namespace rotunda::mail {

/// An email. Header values and addresses must not contain CR or LF (header
/// injection); Mailer implementations refuse such messages.
struct MailMessage {
    std::vector<std::string> to;
    std::string subject;
    std::string textBody;
    std::string htmlBody;  ///< optional alternative
};

/// Throws std::invalid_argument naming the field when `message` has no recipient,
/// or CR/LF/NUL in a recipient or the subject.
void validateMessage(const MailMessage& message);

}  // namespace rotunda::mail
