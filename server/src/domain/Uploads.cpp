// Uploads.cpp — rules for uploaded files: what their bytes say they are, and safe names.
#include "domain/Uploads.h"

#include <Poco/String.h>

namespace rotunda::domain {
namespace {

bool startsWith(const std::string& text, const std::string& prefix) {
    return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

std::string extensionOf(const std::string& filename) {
    const auto dot = filename.rfind('.');
    if (dot == std::string::npos) return "";
    return Poco::toLower(filename.substr(dot + 1));
}

/// Bytes of the UTF-8 character that starts with `lead`; 0 for a byte that cannot start one.
std::size_t utf8Length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead >= 0xc2 && lead < 0xe0) return 2;
    if (lead >= 0xe0 && lead < 0xf0) return 3;
    if (lead >= 0xf0 && lead <= 0xf4) return 4;
    return 0;
}

/// True when the `length - 1` bytes after position `at` are continuation bytes.
bool continues(const std::string& text, std::size_t at, std::size_t length) {
    for (std::size_t k = 1; k < length; ++k)
        if ((static_cast<unsigned char>(text[at + k]) & 0xc0) != 0x80) return false;
    return true;
}

/// Valid UTF-8 without control characters other than tab, CR and LF. The head
/// may end inside a multi-byte character: up to three trailing bytes are forgiven.
bool looksLikeText(const std::string& head, bool truncated) {
    std::size_t i = 0;
    while (i < head.size()) {
        const auto c = static_cast<unsigned char>(head[i]);
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') return false;
            if (c == 0x7f) return false;
            ++i;
            continue;
        }
        const std::size_t length = utf8Length(c);
        if (length == 0) return false;
        if (i + length > head.size()) return truncated;
        if (!continues(head, i, length)) return false;
        i += length;
    }
    return true;
}

}  // namespace

std::string sniffContentType(const std::string& head, const std::string& filename) {
    const std::string extension = extensionOf(filename);
    if (startsWith(head, "%PDF-")) return "application/pdf";
    if (startsWith(head, "\x89PNG\r\n\x1a\n")) return "image/png";
    if (startsWith(head, "\xff\xd8\xff")) return "image/jpeg";
    if (startsWith(head, "GIF87a") || startsWith(head, "GIF89a")) return "image/gif";
    if (head.size() >= 12 && startsWith(head, "RIFF") && head.compare(8, 4, "WEBP") == 0) return "image/webp";
    if (startsWith(head, std::string("II*\0", 4)) || startsWith(head, std::string("MM\0*", 4))) return "image/tiff";
    if (startsWith(head, std::string("PK\x03\x04", 4))) {
        if (extension == "docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        if (extension == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        if (extension == "pptx") return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
        return "application/zip";
    }
    if (!head.empty() && looksLikeText(head, head.size() >= kSniffBytes)) {
        if (extension == "csv") return "text/csv";
        return "text/plain";
    }
    return "application/octet-stream";
}

bool declaredTypeAgrees(const std::string& declared, const std::string& detected) {
    std::string type = Poco::toLower(Poco::trim(declared.substr(0, declared.find(';'))));
    if (type.empty() || type == "application/octet-stream") return true;
    if (type == "image/jpg" || type == "image/pjpeg") type = "image/jpeg";
    if (detected == "text/csv" && (type == "text/plain" || type == "application/vnd.ms-excel")) return true;
    return type == detected;
}

std::string cleanFilename(const std::string& name) {
    std::string base = name.substr(name.find_last_of("/\\") == std::string::npos ? 0 : name.find_last_of("/\\") + 1);
    std::string clean;
    for (const char c : base) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == '"') continue;
        clean += c;
    }
    clean = Poco::trim(clean);
    while (!clean.empty() && clean.front() == '.') clean.erase(0, 1);
    // Cut at 200 bytes without splitting a UTF-8 character, and drop invalid bytes.
    std::string valid;
    std::size_t i = 0;
    while (i < clean.size()) {
        const std::size_t length = utf8Length(static_cast<unsigned char>(clean[i]));
        if (length == 0 || i + length > clean.size() || !continues(clean, i, length)) {
            ++i;
            continue;
        }
        if (valid.size() + length > 200) break;
        valid.append(clean, i, length);
        i += length;
    }
    return valid.empty() ? "document" : valid;
}

}  // namespace rotunda::domain
