// Social.h — the rules of the staff directory, connections, endorsements and
// messages that need no I/O: the connection transition table, limits, the
// notification kinds and the directory's ranking tiers.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace rotunda::domain {

/// Which side of a connection acts.
enum class ConnectionParty { Requester, Addressee };

/// One allowed move of a connection.
struct ConnectionTransition {
    std::string action;  ///< accept, decline, withdraw, remove
    std::string from;
    std::string to;
    std::vector<ConnectionParty> parties;  ///< who may take it
};

/// Every allowed transition (a request starts `pending`):
///   accept   pending → accepted    addressee
///   decline  pending → declined    addressee
///   withdraw pending → withdrawn   requester
///   remove   accepted → removed    either
/// declined, withdrawn and removed are final: a new request starts a new connection.
const std::vector<ConnectionTransition>& connectionTransitions();

/// pending, accepted, declined, withdrawn, removed.
bool isConnectionState(const std::string& state);
/// True while a connection holds the pair (pending or accepted): no second one is made.
bool isLiveConnectionState(const std::string& state);

/// Why a connection transition is refused; Allowed when it is not.
enum class ConnectionRefusal { Allowed, UnknownAction, WrongState, WrongParty };

/// Checks `action` on a connection in `state` taken by `party`; on Allowed, `to`
/// is the new state.
ConnectionRefusal checkConnectionTransition(const std::string& state, const std::string& action,
                                            ConnectionParty party, std::string& to);

/// A sentence for a refusal, for a problem's detail.
std::string describeConnectionRefusal(ConnectionRefusal refusal, const std::string& state, const std::string& action);

/// Limits of what people type.
constexpr std::size_t kMaxConnectionNote = 500;     ///< bytes
constexpr std::size_t kMaxSkill = 60;               ///< bytes of an endorsement's skill
constexpr std::size_t kMaxMessageBody = 8000;       ///< bytes of one message
constexpr std::size_t kMaxDirectoryText = 100;      ///< bytes of a query, specialty or location

/// The text of a skill as kept: trimmed, inner white space collapsed. Empty
/// when it is blank.
std::string normaliseSkill(const std::string& text);

/// Why a message cannot be sent as given; empty when it can. A message has a body
/// (at most kMaxMessageBody bytes, valid UTF-8) or an attachment, or both.
std::string messageProblem(const std::string& body, bool hasAttachment);

/// How well a person matches a directory query: the directory lists every exact
/// match of the (folded) name before every match of its beginning before every
/// other match (a part of the name, an organization, a role, the specialty or
/// the location), each tier by folded name, then id. An empty query lists
/// everyone as Prefix.
enum class SearchTier { Exact = 0, Prefix = 1, Substring = 2 };

/// A directory page cursor: where the previous page stopped.
struct DirectoryCursor {
    SearchTier tier = SearchTier::Exact;
    std::string name;    ///< folded name of the last person shown
    std::string userId;  ///< their id, which breaks ties
};

/// "<tier>.<userId>.<hex of the folded name>"; parse gives nullopt for anything else.
std::string formatDirectoryCursor(const DirectoryCursor& cursor);
std::optional<DirectoryCursor> parseDirectoryCursor(const std::string& text);

/// What a person's email may be sent about. Each kind has a default; a user's
/// settings override it.
struct NotificationKind {
    std::string name;
    bool emailByDefault;
    std::string description;
};

/// messages (a summary of unread messages, batched), connections (requests and
/// acceptances), rotation_action (a rotation waits for you; used by rotations),
/// weekly_digest (a weekly summary; used by rotations).
const std::vector<NotificationKind>& notificationKinds();
/// The kind named `name`, or nullopt.
std::optional<NotificationKind> notificationKind(const std::string& name);

}  // namespace rotunda::domain
