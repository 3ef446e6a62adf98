// LdapText.cpp — the pure text rules of LDAP sign-in.
#include "LdapText.h"

#include <cctype>
#include <stdexcept>

namespace rotunda::ldapauth {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void appendHex(std::string& out, unsigned char byte) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0x0F];
}

}  // namespace

std::string escapeFilterValue(std::string_view value) {
    std::string out;
    out.reserve(value.size() + 8);
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '*' || c == '(' || c == ')' || c == '\\' || byte < 0x20 || byte == 0x7F) {
            out += '\\';
            appendHex(out, byte);
        } else {
            out += c;
        }
    }
    return out;
}

bool isAcceptableUsername(std::string_view username) {
    if (username.empty() || username.size() > kMaxUsernameBytes) return false;
    for (const char c : username) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) return false;
    }
    return true;
}

int activeDirectorySubCode(std::string_view diagnostic) {
    // "..., data 52e, v2580": the code is hexadecimal, after "data ".
    const std::size_t at = diagnostic.find("data ");
    if (at == std::string_view::npos) return -1;
    int code = 0;
    std::size_t digits = 0;
    for (std::size_t i = at + 5; i < diagnostic.size() && digits < 8; ++i, ++digits) {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(diagnostic[i])));
        if (c >= '0' && c <= '9') code = code * 16 + (c - '0');
        else if (c >= 'a' && c <= 'f') code = code * 16 + (c - 'a' + 10);
        else break;
    }
    return digits == 0 ? -1 : code;
}

BindVerdict classifyActiveDirectorySubCode(int subCode) {
    switch (subCode) {
        case 0x775:  // account locked out
        case 0x533:  // account disabled
        case 0x701:  // account expired
            return BindVerdict::Locked;
        case 0x532:  // password expired
        case 0x773:  // user must reset password
            return BindVerdict::Expired;
        default:
            return BindVerdict::InvalidCredentials;
    }
}

std::string describeActiveDirectorySubCode(int subCode) {
    switch (subCode) {
        case 0x525: return "525 user not found";
        case 0x52e: return "52e invalid credentials";
        case 0x530: return "530 not permitted to sign in at this time";
        case 0x531: return "531 not permitted to sign in at this workstation";
        case 0x532: return "532 password expired";
        case 0x533: return "533 account disabled";
        case 0x701: return "701 account expired";
        case 0x773: return "773 user must reset password";
        case 0x775: return "775 account locked out";
        case -1: return "no sub-code";
        default: {
            std::string hex;
            for (int shift = 12; shift >= 0; shift -= 4) {
                const int nibble = (subCode >> shift) & 0xF;
                if (!hex.empty() || nibble != 0 || shift == 0) hex += kHex[nibble];
            }
            return hex + " (unknown sub-code)";
        }
    }
}

std::string formatGuid(std::string_view bytes) {
    if (bytes.size() != 16)
        throw std::invalid_argument("an objectGUID has 16 bytes, this value has " + std::to_string(bytes.size()));
    // Data1 (4 bytes), Data2 and Data3 (2 bytes each) are little-endian; Data4 is in order.
    static constexpr int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        appendHex(out, static_cast<unsigned char>(bytes[order[i]]));
    }
    return out;
}

std::string stableIdFromValue(std::string_view attributeName, std::string_view bytes) {
    if (bytes.empty()) throw std::invalid_argument("the value is empty");
    if (lowerAscii(attributeName) == "objectguid") return formatGuid(bytes);
    bool printable = true;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) printable = false;
    }
    if (printable) return std::string(bytes);
    std::string out;
    for (const char c : bytes) appendHex(out, static_cast<unsigned char>(c));
    return out;
}

std::vector<std::string> splitList(std::string_view text) {
    std::vector<std::string> items;
    std::string current;
    for (const char c : text) {
        if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
            if (!current.empty()) items.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) items.push_back(std::move(current));
    return items;
}

bool isAttributeName(std::string_view name) {
    const std::size_t options = name.find(';');
    const std::string_view base = name.substr(0, options);
    if (base.empty() || base.size() > 128) return false;
    const auto isDigit = [](char c) { return c >= '0' && c <= '9'; };
    const auto isAlpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (isDigit(base.front())) {
        for (const char c : base)
            if (!isDigit(c) && c != '.') return false;
        return base.back() != '.' && base.find("..") == std::string_view::npos;
    }
    if (!isAlpha(base.front())) return false;
    for (const char c : base)
        if (!isAlpha(c) && !isDigit(c) && c != '-') return false;
    if (options == std::string_view::npos) return true;
    const std::string_view rest = name.substr(options + 1);
    if (rest.empty()) return false;
    for (const char c : rest)
        if (!isAlpha(c) && !isDigit(c) && c != '-' && c != ';') return false;
    return rest.back() != ';';
}

bool isParenthesizedFilter(std::string_view filter) {
    if (filter.size() < 3 || filter.front() != '(' || filter.back() != ')') return false;
    int depth = 0;
    for (std::size_t i = 0; i < filter.size(); ++i) {
        const char c = filter[i];
        if (c == '\0') return false;
        if (c == '\\') {
            ++i;  // an escaped byte: "\xx"
            continue;
        }
        if (c == '(') ++depth;
        if (c == ')' && --depth < 0) return false;
        if (depth == 0 && i + 1 != filter.size()) return false;  // two filters side by side
    }
    return depth == 0;
}

std::string lowerAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace rotunda::ldapauth
