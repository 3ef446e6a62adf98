// InvitationRepository.cpp — invitations to join an organization in a role.
#include "store/InvitationRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/UUIDGenerator.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

const std::string kColumns =
    "id, organization_id, email, role, token_hash, state, invited_by, user_id, sends, created_at, sent_at, "
    "expires_at, finished_at";

}  // namespace

std::vector<Invitation> InvitationRepository::select(const std::string& where, const std::vector<std::string>& values) {
    std::vector<std::string> bound = values;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement statement(session);
    statement << "SELECT " + kColumns + " FROM invitations WHERE " + where;
    for (auto& value : bound) statement, use(value);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    std::vector<Invitation> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        const auto text = [&](std::size_t column) {
            return rows.value(column, row).isEmpty() ? std::string() : rows.value(column, row).convert<std::string>();
        };
        Invitation i;
        i.id = text(0);
        i.organizationId = text(1);
        i.email = text(2);
        i.role = text(3);
        i.tokenHash = text(4);
        i.state = text(5);
        i.invitedBy = text(6);
        i.userId = text(7);
        i.sends = rows.value(8, row).convert<int>();
        i.createdAt = text(9);
        i.sentAt = text(10);
        i.expiresAt = text(11);
        i.finishedAt = text(12);
        found.push_back(std::move(i));
    }
    return found;
}

Invitation InvitationRepository::create(Invitation i) {
    i.id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    i.createdAt = i.sentAt = utcNow();
    i.state = "pending";
    i.sends = 1;
    Poco::Data::Session session = database_.session();
    session << "INSERT INTO invitations (id, organization_id, email, role, token_hash, state, invited_by, sends, "
               "created_at, sent_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        use(i.id), use(i.organizationId), use(i.email), use(i.role), use(i.tokenHash), use(i.state), use(i.invitedBy),
        use(i.sends), use(i.createdAt), use(i.sentAt), use(i.expiresAt), now;
    return i;
}

std::optional<Invitation> InvitationRepository::findById(const std::string& id) {
    auto found = select("id = $1", {id});
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::optional<Invitation> InvitationRepository::findByTokenHash(const std::string& tokenHash) {
    auto found = select("token_hash = $1", {tokenHash});
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::optional<Invitation> InvitationRepository::findPending(const std::string& organizationId,
                                                            const std::string& email, const std::string& role) {
    auto found = select("organization_id = $1 AND email = $2 AND role = $3 AND state = 'pending'",
                        {organizationId, email, role});
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<Invitation> InvitationRepository::listForOrganization(const std::string& organizationId) {
    return select("organization_id = $1 ORDER BY created_at DESC, id", {organizationId});
}

int InvitationRepository::countSentSince(const std::string& userId, const std::string& since) {
    std::string user = userId, from = since;
    int count = 0;
    Poco::Data::Session session = database_.session();
    session << "SELECT COUNT(*) FROM invitations WHERE invited_by = $1 AND sent_at >= $2", use(user), use(from),
        into(count), now;
    return count;
}

bool InvitationRepository::renew(const std::string& id, const std::string& tokenHash, const std::string& expiresAt) {
    std::string key = id, hash = tokenHash, expires = expiresAt, at = utcNow();
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement update(session);
    update << "UPDATE invitations SET token_hash = $1, expires_at = $2, sent_at = $3, sends = sends + 1 "
              "WHERE id = $4 AND state = 'pending'",
        use(hash), use(expires), use(at), use(key);
    return update.execute() == 1;
}

bool InvitationRepository::finish(const std::string& id, const std::string& state, const std::string& userId) {
    std::string key = id, next = state, at = utcNow();
    Poco::Nullable<std::string> user;
    if (!userId.empty()) user = userId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement update(session);
    update << "UPDATE invitations SET state = $1, user_id = $2, finished_at = $3 WHERE id = $4 AND state = 'pending'",
        use(next), use(user), use(at), use(key);
    return update.execute() == 1;
}

bool InvitationRepository::accept(const std::string& id, const std::string& userId) {
    return finish(id, "accepted", userId);
}

bool InvitationRepository::revoke(const std::string& id) { return finish(id, "revoked", ""); }

std::vector<std::string> InvitationRepository::pendingEmails(Poco::Data::Session& session,
                                                             const std::string& organizationId,
                                                             const std::string& role) {
    std::string org = organizationId, r = role;
    std::vector<std::string> emails;
    session << "SELECT email FROM invitations WHERE organization_id = $1 AND role = $2 AND state = 'pending'",
        use(org), use(r), into(emails), now;
    return emails;
}

std::vector<Invitation> InvitationRepository::createMany(Poco::Data::Session& session,
                                                         std::vector<Invitation> invitations) {
    if (invitations.empty()) return invitations;
    const std::string at = utcNow();
    std::vector<std::string> ids, orgs, emails, roles, hashes, states, inviters, times, expiries;
    std::vector<int> sends;
    for (auto& i : invitations) {
        i.id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
        i.createdAt = i.sentAt = at;
        i.state = "pending";
        i.sends = 1;
        ids.push_back(i.id);
        orgs.push_back(i.organizationId);
        emails.push_back(i.email);
        roles.push_back(i.role);
        hashes.push_back(i.tokenHash);
        states.push_back(i.state);
        inviters.push_back(i.invitedBy);
        sends.push_back(i.sends);
        times.push_back(at);
        expiries.push_back(i.expiresAt);
    }
    session << "INSERT INTO invitations (id, organization_id, email, role, token_hash, state, invited_by, sends, "
               "created_at, sent_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        use(ids), use(orgs), use(emails), use(roles), use(hashes), use(states), use(inviters), use(sends),
        use(times), use(times), use(expiries), now;
    return invitations;
}

}  // namespace rotunda::store
