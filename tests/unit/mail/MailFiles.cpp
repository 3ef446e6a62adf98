// MailFiles.cpp — reading back the .eml files the mail suites produce or receive.
#include "MailFiles.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/Net/QuotedPrintableDecoder.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <algorithm>
#include <sstream>

namespace rotunda::test {
namespace {

class CollectParts : public Poco::Net::PartHandler {
public:
    explicit CollectParts(ParsedMail& mail) : mail_(mail) {}
    void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
        std::string text;
        Poco::StreamCopier::copyToString(stream, text);
        mail_.parts.emplace_back(header.get("Content-Type", ""), text);
    }

private:
    ParsedMail& mail_;
};

std::string readFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

}  // namespace

ParsedMail parseMailFile(const std::string& path) {
    return parseMail(readFile(path));
}

ParsedMail parseMail(const std::string& text) {
    ParsedMail parsed;
    std::istringstream in(text);
    Poco::Net::MailMessage message;
    CollectParts handler(parsed);
    message.read(in, handler);
    for (const auto& [name, value] : message) parsed.headers.add(name, value);
    if (!message.isMultipart())
        parsed.parts.emplace_back(message.getContentType(), message.getContent());
    return parsed;
}

std::string decodeWord(const std::string& text) {
    const std::string prefix = "=?UTF-8?q?";
    if (Poco::icompare(text, 0, prefix.size(), prefix) != 0 || text.size() < prefix.size() + 2)
        return text;
    std::string encoded = text.substr(prefix.size(), text.size() - prefix.size() - 2);
    std::replace(encoded.begin(), encoded.end(), '_', ' ');
    std::istringstream in(encoded);
    Poco::Net::QuotedPrintableDecoder decoder(in);
    std::string decoded;
    Poco::StreamCopier::copyToString(decoder, decoded);
    return decoded;
}

std::vector<std::string> filesIn(const std::string& directory, const std::string& suffix) {
    std::vector<std::string> files;
    if (!Poco::File(directory).exists()) return files;
    for (Poco::DirectoryIterator it(directory), end; it != end; ++it) {
        const std::string& name = it.name();
        if (name.size() >= suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            files.push_back(it.path().toString());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::string> filesContaining(const std::string& directory, const std::string& marker) {
    std::vector<std::string> found;
    for (const std::string& file : filesIn(directory))
        if (readFile(file).find(marker) != std::string::npos) found.push_back(file);
    return found;
}

}  // namespace rotunda::test
