// OutboxRepository.h — mail waiting to be delivered, and what became of it.
#pragma once

#include "store/Database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rotunda::store {

/// One stored message.
struct OutboxMessage {
    std::int64_t id = 0;
    std::string recipient;
    std::string subject;
    std::string textBody;
    std::string htmlBody;
    std::string messageId;  ///< kept across retries, so a receiver can spot a duplicate
    std::string state;      ///< pending, sent, rejected
    int attempts = 0;
    std::string nextAttemptAt;
    std::string lastError;
};

class OutboxRepository {
public:
    explicit OutboxRepository(Database& database) : database_(database) {}

    /// Stores a pending message, due now; returns its id.
    std::int64_t enqueue(const OutboxMessage& message);
    /// Pending messages due at `now`, oldest first, at most `limit`.
    std::vector<OutboxMessage> due(const std::string& now, int limit);
    void markSent(std::int64_t id, const std::string& now);
    /// Counts a failed attempt and sets when to try again.
    void markRetry(std::int64_t id, const std::string& nextAttemptAt, const std::string& error);
    /// Gives up on a message the server refused for good.
    void markRejected(std::int64_t id, const std::string& error);
    /// How many messages are still pending.
    int pendingCount();

    /// Stores many pending messages, due now, as part of `transaction` in one bulk
    /// statement: mail that belongs to a change exists if and only if the change does.
    void enqueueMany(Poco::Data::Session& transaction, const std::vector<OutboxMessage>& messages);

private:
    Database& database_;
};

}  // namespace rotunda::store
