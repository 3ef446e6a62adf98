// Social.cpp — directory, connection, endorsement and message rules without I/O.
#include "domain/Social.h"

#include "domain/Csv.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>

namespace rotunda::domain {

const std::vector<ConnectionTransition>& connectionTransitions() {
    static const std::vector<ConnectionTransition> table{
        {"accept", "pending", "accepted", {ConnectionParty::Addressee}},
        {"decline", "pending", "declined", {ConnectionParty::Addressee}},
        {"withdraw", "pending", "withdrawn", {ConnectionParty::Requester}},
        {"remove", "accepted", "removed", {ConnectionParty::Requester, ConnectionParty::Addressee}},
    };
    return table;
}

bool isConnectionState(const std::string& state) {
    static const std::vector<std::string> states{"pending", "accepted", "declined", "withdrawn", "removed"};
    return std::find(states.begin(), states.end(), state) != states.end();
}

bool isLiveConnectionState(const std::string& state) { return state == "pending" || state == "accepted"; }

ConnectionRefusal checkConnectionTransition(const std::string& state, const std::string& action,
                                            ConnectionParty party, std::string& to) {
    bool known = false;
    bool rightState = false;
    for (const auto& t : connectionTransitions()) {
        if (t.action != action) continue;
        known = true;
        if (t.from != state) continue;
        rightState = true;
        if (std::find(t.parties.begin(), t.parties.end(), party) == t.parties.end()) continue;
        to = t.to;
        return ConnectionRefusal::Allowed;
    }
    if (!known) return ConnectionRefusal::UnknownAction;
    return rightState ? ConnectionRefusal::WrongParty : ConnectionRefusal::WrongState;
}

std::string describeConnectionRefusal(ConnectionRefusal refusal, const std::string& state, const std::string& action) {
    switch (refusal) {
        case ConnectionRefusal::Allowed: return "";
        case ConnectionRefusal::UnknownAction: return "there is no action " + action + " on a connection";
        case ConnectionRefusal::WrongState: return "a " + state + " connection cannot be " + action + "ed";
        case ConnectionRefusal::WrongParty:
            return action == "withdraw" ? "only the person who asked withdraws a request"
                                        : "only the person asked accepts or declines a request";
    }
    return "";
}

namespace {

std::string collapseSpaces(const std::string& text) {
    std::string out;
    bool space = false;
    for (const char c : Poco::trim(text)) {
        const bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (blank) {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

}  // namespace

std::string normaliseSkill(const std::string& text) { return collapseSpaces(text); }

std::string messageProblem(const std::string& body, bool hasAttachment) {
    if (body.size() > kMaxMessageBody)
        return "must be at most " + std::to_string(kMaxMessageBody) + " bytes (found " + std::to_string(body.size()) + ")";
    if (!isValidUtf8(body)) return "must be UTF-8 text";
    if (Poco::trim(body).empty() && !hasAttachment) return "must not be empty (write something or attach a document)";
    if (std::any_of(body.begin(), body.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u < 0x20 && c != '\n' && c != '\t' && c != '\r';
        }))
        return "must not contain control characters";
    return "";
}

std::string formatDirectoryCursor(const DirectoryCursor& cursor) {
    static const char* hex = "0123456789abcdef";
    std::string name;
    for (const unsigned char c : cursor.name) {
        name += hex[c >> 4];
        name += hex[c & 15];
    }
    return std::to_string(static_cast<int>(cursor.tier)) + "." + cursor.userId + "." + name;
}

std::optional<DirectoryCursor> parseDirectoryCursor(const std::string& text) {
    const auto first = text.find('.');
    const auto second = first == std::string::npos ? std::string::npos : text.find('.', first + 1);
    if (second == std::string::npos) return std::nullopt;
    const std::string tier = text.substr(0, first), user = text.substr(first + 1, second - first - 1),
                      name = text.substr(second + 1);
    if (tier != "0" && tier != "1" && tier != "2") return std::nullopt;
    if (user.empty() || user.size() > 64 || name.size() % 2 != 0 || name.size() > 2000) return std::nullopt;
    DirectoryCursor cursor;
    cursor.tier = static_cast<SearchTier>(tier[0] - '0');
    cursor.userId = user;
    for (std::size_t i = 0; i < name.size(); i += 2) {
        unsigned value = 0;
        if (!Poco::NumberParser::tryParseHex(name.substr(i, 2), value)) return std::nullopt;
        cursor.name += static_cast<char>(value);
    }
    return cursor;
}

const std::vector<NotificationKind>& notificationKinds() {
    static const std::vector<NotificationKind> kinds{
        {"messages", true, "a summary of unread messages (batched; never their text)"},
        {"connections", true, "connection requests to you and requests of yours that were accepted"},
        {"rotation_action", true, "a rotation of yours waits for something you do"},
        {"weekly_digest", false, "a weekly summary of your rotations"},
    };
    return kinds;
}

std::optional<NotificationKind> notificationKind(const std::string& name) {
    for (const auto& kind : notificationKinds())
        if (kind.name == name) return kind;
    return std::nullopt;
}

}  // namespace rotunda::domain
