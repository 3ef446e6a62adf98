// ConnectionRepository.h — connection requests between people, and blocks.
#pragma once

#include "store/Database.h"

#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

/// One request to connect and what became of it.
struct Connection {
    std::string id;
    std::string requesterId;
    std::string addresseeId;
    std::string state;  ///< pending, accepted, declined, withdrawn, removed
    std::string note;
    std::string createdAt;
    std::string updatedAt;
    std::string otherName;  ///< in listings: the name of the other person
};

/// How two people stand: a live connection (if any) and blocks either way.
struct PairStanding {
    std::optional<Connection> live;  ///< the pending or accepted connection of the pair
    bool firstBlockedSecond = false;
    bool secondBlockedFirst = false;
};

/// What a request did.
enum class RequestOutcome { Created, AlreadyPending, TheyAsked, AlreadyConnected };

/// Which connections of a user a listing returns.
enum class ConnectionFilter { Accepted, Incoming, Outgoing };

/// Someone a user blocked.
struct BlockedPerson {
    std::string userId;
    std::string name;
    std::string createdAt;
};

class ConnectionRepository {
public:
    explicit ConnectionRepository(Database& database) : database_(database) {}

    /// The pair's live connection and blocks.
    PairStanding standing(const std::string& first, const std::string& second);

    /// A new pending request, unless the pair already has a live connection
    /// (then `existing` is it). Checked and written in one transaction that
    /// first locks both users' rows, so two requests of one pair cannot both win.
    RequestOutcome request(const std::string& requesterId, const std::string& addresseeId, const std::string& note,
                           Connection& result);

    /// How many requests `requesterId` made since `since` (UTC text), and the
    /// time of the oldest of them ("" when none).
    int requestsSince(const std::string& requesterId, const std::string& since, std::string& oldest);

    std::optional<Connection> findById(const std::string& id);

    /// Moves a connection from `from` to `to`; false when it was no longer in `from`.
    bool transition(const std::string& id, const std::string& from, const std::string& to);

    /// A user's connections of one kind, newest change first, after `cursor`
    /// (the last id of the previous page, ordered by updated_at, id).
    std::vector<Connection> list(const std::string& userId, ConnectionFilter filter, const std::string& afterUpdated,
                                 const std::string& afterId, int limit);

    /// Blocks `blockedId` for `blockerId` and ends the pair's live connection
    /// (a pending request is withdrawn or declined, an accepted one removed), in
    /// one transaction. False when the block existed already.
    bool block(const std::string& blockerId, const std::string& blockedId);
    /// False when there was no block.
    bool unblock(const std::string& blockerId, const std::string& blockedId);
    std::vector<BlockedPerson> blocksOf(const std::string& blockerId);

private:
    Database& database_;
};

}  // namespace rotunda::store
