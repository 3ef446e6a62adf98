// InvitationRepository.h — invitations to join an organization in a role.
#pragma once

#include "store/Database.h"

#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

struct Invitation {
    std::string id;
    std::string organizationId;
    std::string email;  ///< normalised
    std::string role;
    std::string tokenHash;
    std::string state;  ///< pending, accepted, revoked
    std::string invitedBy;
    std::string userId;  ///< who accepted; empty while pending
    int sends = 1;
    std::string createdAt;
    std::string sentAt;
    std::string expiresAt;
    std::string finishedAt;  ///< when accepted or revoked
};

class InvitationRepository {
public:
    explicit InvitationRepository(Database& database) : database_(database) {}

    /// Stores a new pending invitation with a new id.
    Invitation create(Invitation invitation);
    std::optional<Invitation> findById(const std::string& id);
    std::optional<Invitation> findByTokenHash(const std::string& tokenHash);
    /// The pending invitation of `email` to `role` in the organization, if any.
    std::optional<Invitation> findPending(const std::string& organizationId, const std::string& email,
                                          const std::string& role);
    /// The organization's invitations, newest first.
    std::vector<Invitation> listForOrganization(const std::string& organizationId);
    /// Invitations `userId` sent since `since` (for the rate limit).
    int countSentSince(const std::string& userId, const std::string& since);
    /// A new token and expiry for a pending invitation; false when it is no longer pending.
    bool renew(const std::string& id, const std::string& tokenHash, const std::string& expiresAt);
    /// pending → accepted by `userId`, in one conditional statement; false when not pending.
    bool accept(const std::string& id, const std::string& userId);
    /// pending → revoked; false when not pending.
    bool revoke(const std::string& id);

    /// Emails with a pending invitation to `role` in the organization, read in `transaction`.
    std::vector<std::string> pendingEmails(Poco::Data::Session& transaction, const std::string& organizationId,
                                           const std::string& role);
    /// Stores many new pending invitations (ids and times set here) as part of
    /// `transaction`, in one bulk statement; returns them as stored.
    std::vector<Invitation> createMany(Poco::Data::Session& transaction, std::vector<Invitation> invitations);

private:
    std::vector<Invitation> select(const std::string& where, const std::vector<std::string>& values);
    bool finish(const std::string& id, const std::string& state, const std::string& userId);

    Database& database_;
};

}  // namespace rotunda::store
