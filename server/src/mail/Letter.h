// Letter.h — the one template every Rotunda email is written with: a plain-text
// body and the same content as simple, accessible HTML.
#pragma once

#include "mail/MailMessage.h"

#include <string>
#include <vector>

namespace rotunda::mail {

/// What a notification says, before it becomes text and HTML. Every field is
/// plain text: the HTML form escapes it, so names and organization names typed
/// by users can never inject markup into a message.
struct Letter {
    std::string to;
    std::string subject;
    std::string greeting;                 ///< "Hello Sam," (empty: "Hello,")
    std::vector<std::string> paragraphs;  ///< before the action
    std::string actionLabel;              ///< the button, e.g. "Set a new password"; empty: none
    std::string actionUrl;                ///< where the button and the text link go
    std::vector<std::string> after;       ///< after the action: expiry, "if this was not you"

    /// The message: text body, HTML alternative, subject and recipient.
    /// Throws InvalidMailMessage for a bad address or subject.
    MailMessage compose() const;
};

/// `text` with &, <, >, " and ' escaped for HTML.
std::string escapeHtml(const std::string& text);

}  // namespace rotunda::mail
