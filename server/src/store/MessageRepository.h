// MessageRepository.h — message threads between two people, their messages,
// read markers, and what the batched mail has covered.
#pragma once

#include "store/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

/// A thread as one of its two people sees it.
struct Thread {
    std::string id;
    std::string otherId;
    std::string otherName;
    std::string createdAt;
    std::string lastMessageAt;
    std::int64_t lastReadId = 0;  ///< the last message this person has read
    int unread = 0;               ///< messages from the other person after lastReadId
};

/// One message. The body is never logged nor audited.
struct Message {
    std::int64_t id = 0;
    std::string threadId;
    std::string senderId;
    std::string body;
    std::string documentId;  ///< an attachment (a document of record type message); empty: none
    std::string createdAt;
};

/// Unread messages of one thread that nobody has mailed its recipient about.
struct UnmailedMessages {
    std::string threadId;
    std::string recipientId;
    std::string recipientEmail;
    std::string recipientName;
    std::string recipientStatus;
    std::string senderName;
    int count = 0;
    std::int64_t lastId = 0;
};

class MessageRepository {
public:
    explicit MessageRepository(Database& database) : database_(database) {}

    /// The thread of two people; with `create`, made when missing (one
    /// transaction, both users' rows locked, so two first messages make one thread).
    std::optional<std::string> threadBetween(const std::string& first, const std::string& second, bool create);
    /// The two people of a thread; empty when there is no such thread.
    std::vector<std::string> peopleOf(const std::string& threadId);
    /// One thread as `userId` sees it; nullopt unless they are in it.
    std::optional<Thread> thread(const std::string& threadId, const std::string& userId);
    /// A user's threads, the most recent message first, after the cursor (the
    /// lastMessageAt and id of the previous page's last thread).
    std::vector<Thread> threadsOf(const std::string& userId, const std::string& beforeAt, const std::string& beforeId,
                                  int limit);
    /// Unread messages across every thread of the user.
    int unreadTotal(const std::string& userId);

    /// Appends a message; the sender has read everything up to it.
    Message append(const std::string& threadId, const std::string& senderId, const std::string& body,
                   const std::string& documentId);
    /// Messages of a thread before `beforeId` (0: the newest), newest first.
    std::vector<Message> messages(const std::string& threadId, std::int64_t beforeId, int limit);
    /// Moves the user's read marker forward to `upToId` (never back, never past
    /// the thread's last message); returns the marker after the change.
    std::int64_t markRead(const std::string& threadId, const std::string& userId, std::int64_t upToId);

    /// Per thread and recipient: messages from the other person that are unread
    /// and not yet mailed about, by recipient.
    std::vector<UnmailedMessages> unmailed();
    /// Records that `recipientId` was told about the thread's messages up to
    /// `upToId`; false when another round did it first.
    bool markMailed(const std::string& threadId, const std::string& recipientId, std::int64_t upToId);

private:
    std::vector<Thread> readThreads(Poco::Data::Statement& select);

    Database& database_;
};

}  // namespace rotunda::store
