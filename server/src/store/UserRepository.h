// UserRepository.h — people: accounts, profiles and their sign-in counters.
#pragma once

#include "store/Database.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rotunda::store {

/// One person.
struct User {
    std::string id;
    std::string email;  ///< trimmed, lower-case
    std::string name;
    std::string pronouns;
    std::string phone;
    std::string title;
    std::string bio;
    std::string photoDocumentId;  ///< a document of record (profile, id); empty: none
    std::string passwordHash;  ///< empty: no local password (invited, or directory-only)
    std::string status;        ///< invited, active, disabled
    bool administrator = false;
    std::string mergedInto;
    int failedSignIns = 0;
    std::string lockedUntil;  ///< UTC ISO-8601; empty when not locked
    std::string createdAt;
    std::string updatedAt;
};

/// Thrown by create() when the email already has an account.
class DuplicateEmail : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class UserRepository {
public:
    explicit UserRepository(Database& database) : database_(database) {}

    /// Stores a new user with a new id; throws DuplicateEmail.
    User create(User user);
    /// The same as part of `transaction`; a taken email fails the statement
    /// (Poco::Data::DataException) and, on PostgreSQL, the transaction with it.
    User create(Poco::Data::Session& transaction, User user);
    std::optional<User> findById(const std::string& id);
    /// `email` is compared as stored: pass it normalised (trimmed, lower-case).
    std::optional<User> findByEmail(const std::string& email);
    /// The account linked to `subject` of `authenticator` ("plugin:name") and, in
    /// `memberships`, the (organization, role) pairs it holds from `membershipSource`
    /// ("directory:<plugin id>"): what a directory sign-in needs, in one query.
    std::optional<User> findByExternalIdentity(const std::string& authenticator, const std::string& subject,
                                               const std::string& membershipSource,
                                               std::vector<std::pair<std::string, std::string>>& memberships);
    /// Writes name, pronouns, phone, title, bio and the photo.
    void updateProfile(const User& user);
    /// Changes the email (normalised); throws DuplicateEmail when another account has it.
    void setEmail(const std::string& userId, const std::string& email);
    /// The same as part of `transaction`, inside a savepoint: DuplicateEmail leaves
    /// the transaction usable (PostgreSQL would otherwise abort it).
    void setEmail(Poco::Data::Session& transaction, const std::string& userId, const std::string& email);
    /// Changes the name alone, as part of `transaction`.
    void setName(Poco::Data::Session& transaction, const std::string& userId, const std::string& name);
    void setPasswordHash(const std::string& userId, const std::string& passwordHash);
    /// invited, active or disabled.
    void setStatus(const std::string& userId, const std::string& status);
    /// Counts a failed sign-in; locks until `lockedUntil` when given. Returns the new count.
    int recordFailedSignIn(const std::string& userId, const std::string& lockedUntil);
    /// Resets the failed sign-in count and lifts a lock, as part of `transaction`;
    /// writes nothing when there is nothing to reset.
    void clearFailedSignIns(Poco::Data::Session& transaction, const std::string& userId);

private:
    Database& database_;
};

}  // namespace rotunda::store
