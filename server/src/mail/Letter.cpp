// Letter.cpp — the one template every Rotunda email is written with.
#include "mail/Letter.h"

namespace rotunda::mail {

std::string escapeHtml(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

MailMessage Letter::compose() const {
    const std::string hello = greeting.empty() ? "Hello," : greeting;
    std::string text = hello + "\n\n";
    std::string html =
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escapeHtml(subject) +
        "</title></head>\n<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;"
        "color:#1a1a1a;max-width:36em;margin:0 auto;padding:1em\">\n<p>" +
        escapeHtml(hello) + "</p>\n";
    for (const auto& paragraph : paragraphs) {
        text += paragraph + "\n\n";
        html += "<p>" + escapeHtml(paragraph) + "</p>\n";
    }
    if (!actionUrl.empty()) {
        text += actionUrl + "\n\n";
        html += "<p><a href=\"" + escapeHtml(actionUrl) +
                "\" style=\"display:inline-block;background:#0b5394;color:#ffffff;padding:0.6em 1.2em;"
                "border-radius:4px;text-decoration:none\">" +
                escapeHtml(actionLabel.empty() ? "Open" : actionLabel) + "</a></p>\n<p style=\"font-size:13px\">"
                "If the button does not work, copy this address into your browser:<br>" +
                escapeHtml(actionUrl) + "</p>\n";
    }
    for (const auto& paragraph : after) {
        text += paragraph + "\n\n";
        html += "<p style=\"font-size:14px;color:#444444\">" + escapeHtml(paragraph) + "</p>\n";
    }
    text += "— Rotunda\n";
    html += "<p style=\"font-size:13px;color:#666666\">— Rotunda</p>\n</body></html>\n";

    MailMessage message;
    message.addTo(to);
    message.setSubject(subject);
    message.setTextBody(text);
    message.setHtmlBody(html);
    return message;
}

}  // namespace rotunda::mail
