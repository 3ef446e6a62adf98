// MailFiles.h — reading back the .eml files the mail suites produce or receive.
#pragma once

#include <Poco/Net/NameValueCollection.h>

#include <string>
#include <utility>
#include <vector>

namespace rotunda::test {

/// One message as a reader sees it: its headers and its decoded body parts
/// (content type, text); a single-part message has one part.
struct ParsedMail {
    Poco::Net::NameValueCollection headers;
    std::vector<std::pair<std::string, std::string>> parts;

    /// The header's value, "" when absent.
    std::string header(const std::string& name) const { return headers.get(name, ""); }
};

/// Parses RFC 5322 / MIME text with Poco::Net::MailMessage.
ParsedMail parseMail(const std::string& text);

/// Parses the RFC 5322 / MIME file at `path`.
ParsedMail parseMailFile(const std::string& path);

/// Decodes an RFC 2047 "=?UTF-8?q?...?=" word as Poco writes it; other text unchanged.
std::string decodeWord(const std::string& text);

/// The files in `directory` whose names end in `suffix`, sorted by name.
std::vector<std::string> filesIn(const std::string& directory, const std::string& suffix = "");

/// Every file in `directory` whose text contains `marker`.
std::vector<std::string> filesContaining(const std::string& directory, const std::string& marker);

}  // namespace rotunda::test
