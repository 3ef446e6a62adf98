// OutboxRepository.cpp — mail waiting to be delivered, and what became of it.
#include "store/OutboxRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {

std::int64_t OutboxRepository::enqueue(const OutboxMessage& message) {
    OutboxMessage m = message;
    std::string now_ = utcNow();
    Poco::Int64 id = 0;
    Poco::Data::Session session = database_.session();
    session << "INSERT INTO outbox (created_at, recipient, subject, text_body, html_body, message_id, state, "
               "attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7) RETURNING id",
        use(now_), use(m.recipient), use(m.subject), use(m.textBody), use(m.htmlBody), use(m.messageId), use(now_),
        into(id), now;
    return id;
}

std::vector<OutboxMessage> OutboxRepository::due(const std::string& now_, int limit) {
    std::string at = now_;
    Poco::Int64 max = limit;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT id, recipient, subject, text_body, html_body, message_id, state, attempts, next_attempt_at, "
              "last_error FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
        use(at), use(max);
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<OutboxMessage> messages;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        OutboxMessage m;
        m.id = rows.value(0, row).convert<Poco::Int64>();
        m.recipient = rows.value(1, row).convert<std::string>();
        m.subject = rows.value(2, row).convert<std::string>();
        m.textBody = rows.value(3, row).convert<std::string>();
        m.htmlBody = rows.value(4, row).convert<std::string>();
        m.messageId = rows.value(5, row).convert<std::string>();
        m.state = rows.value(6, row).convert<std::string>();
        m.attempts = rows.value(7, row).convert<int>();
        m.nextAttemptAt = rows.value(8, row).convert<std::string>();
        m.lastError = rows.value(9, row).convert<std::string>();
        messages.push_back(std::move(m));
    }
    return messages;
}

void OutboxRepository::markSent(std::int64_t id, const std::string& now_) {
    Poco::Int64 key = id;
    std::string at = now_;
    Poco::Data::Session session = database_.session();
    session << "UPDATE outbox SET state = 'sent', sent_at = $1, attempts = attempts + 1, last_error = '' "
               "WHERE id = $2",
        use(at), use(key), now;
}

void OutboxRepository::markRetry(std::int64_t id, const std::string& nextAttemptAt, const std::string& error) {
    Poco::Int64 key = id;
    std::string next = nextAttemptAt, why = error.substr(0, 1000);
    Poco::Data::Session session = database_.session();
    session << "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE id = $3",
        use(next), use(why), use(key), now;
}

void OutboxRepository::markRejected(std::int64_t id, const std::string& error) {
    Poco::Int64 key = id;
    std::string why = error.substr(0, 1000);
    Poco::Data::Session session = database_.session();
    session << "UPDATE outbox SET state = 'rejected', attempts = attempts + 1, last_error = $1 WHERE id = $2",
        use(why), use(key), now;
}

int OutboxRepository::pendingCount() {
    int count = 0;
    Poco::Data::Session session = database_.session();
    session << "SELECT COUNT(*) FROM outbox WHERE state = 'pending'", into(count), now;
    return count;
}

void OutboxRepository::enqueueMany(Poco::Data::Session& session, const std::vector<OutboxMessage>& messages) {
    if (messages.empty()) return;
    std::vector<std::string> times(messages.size(), utcNow()), recipients, subjects, texts, htmls, messageIds;
    for (const auto& m : messages) {
        recipients.push_back(m.recipient);
        subjects.push_back(m.subject);
        texts.push_back(m.textBody);
        htmls.push_back(m.htmlBody);
        messageIds.push_back(m.messageId);
    }
    session << "INSERT INTO outbox (created_at, recipient, subject, text_body, html_body, message_id, state, "
               "attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7)",
        use(times), use(recipients), use(subjects), use(texts), use(htmls), use(messageIds), use(times), now;
}

}  // namespace rotunda::store
