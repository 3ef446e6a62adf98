// UserRepository.cpp — people: accounts, profiles and their sign-in counters.
#include "store/UserRepository.h"

#include "store/Clock.h"
#include "store/SearchText.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/UUIDGenerator.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

const std::string kColumns =
    "id, email, name, pronouns, phone, title, bio, password_hash, status, is_administrator, merged_into, "
    "failed_sign_ins, locked_until, created_at, updated_at, photo_document_id";

// kColumns with "users." before each name, for queries that join other tables.
std::string qualifiedColumns() {
    std::string qualified = "users.";
    for (char c : kColumns) qualified += c == ' ' ? std::string(" users.") : std::string(1, c);
    return qualified;
}

std::string text(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row = 0) {
    return rows.value(column, row).isEmpty() ? "" : rows.value(column, row).convert<std::string>();
}

// The user in the first columns (kColumns) of a result's first row.
User firstUser(const Poco::Data::RecordSet& rows) {
    User user;
    user.id = text(rows, 0);
    user.email = text(rows, 1);
    user.name = text(rows, 2);
    user.pronouns = text(rows, 3);
    user.phone = text(rows, 4);
    user.title = text(rows, 5);
    user.bio = text(rows, 6);
    user.passwordHash = text(rows, 7);
    user.status = text(rows, 8);
    user.administrator = rows.value(9, 0).convert<int>() != 0;
    user.mergedInto = text(rows, 10);
    user.failedSignIns = rows.value(11, 0).convert<int>();
    user.lockedUntil = text(rows, 12);
    user.createdAt = text(rows, 13);
    user.updatedAt = text(rows, 14);
    user.photoDocumentId = text(rows, 15);
    return user;
}

std::optional<User> single(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    if (rows.rowCount() == 0) return std::nullopt;
    return firstUser(rows);
}

}  // namespace

User UserRepository::create(User user) {
    user.id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    user.createdAt = user.updatedAt = utcNow();
    int administrator = user.administrator ? 1 : 0;
    Poco::Data::Session session = database_.session();
    try {
        Poco::Nullable<std::string> hash;
        if (!user.passwordHash.empty()) hash = user.passwordHash;
        std::string folded = searchFold(user.name);
        session << "INSERT INTO users (id, email, name, pronouns, phone, title, bio, password_hash, status, "
                   "is_administrator, created_at, updated_at, name_lower) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            use(user.id), use(user.email), use(user.name), use(user.pronouns), use(user.phone), use(user.title),
            use(user.bio), use(hash), use(user.status), use(administrator), use(user.createdAt), use(user.updatedAt),
            use(folded), now;
    } catch (const Poco::Data::DataException& e) {
        if (findByEmail(user.email)) throw DuplicateEmail("an account with this email already exists");
        throw;
    }
    return user;
}

User UserRepository::create(Poco::Data::Session& session, User user) {
    user.id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    user.createdAt = user.updatedAt = utcNow();
    int administrator = user.administrator ? 1 : 0;
    Poco::Nullable<std::string> hash;
    if (!user.passwordHash.empty()) hash = user.passwordHash;
    session << "INSERT INTO users (id, email, name, pronouns, phone, title, bio, password_hash, status, "
               "is_administrator, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        use(user.id), use(user.email), use(user.name), use(user.pronouns), use(user.phone), use(user.title),
        use(user.bio), use(hash), use(user.status), use(administrator), use(user.createdAt), use(user.updatedAt),
        now;
    return user;
}

std::optional<User> UserRepository::findById(const std::string& id) {
    std::string key = id;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT " + kColumns + " FROM users WHERE id = $1", use(key);
    return single(select);
}

std::optional<User> UserRepository::findByEmail(const std::string& email) {
    std::string key = email;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT " + kColumns + " FROM users WHERE email = $1", use(key);
    return single(select);
}

std::optional<User> UserRepository::findByExternalIdentity(
    const std::string& authenticator, const std::string& subject, const std::string& membershipSource,
    std::vector<std::pair<std::string, std::string>>& memberships) {
    std::string source = authenticator, key = subject, from = membershipSource;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    // One row per membership from that source (one with NULLs when there is none).
    // Placeholders are numbered in the order they appear: SQLite binds them so.
    static const std::string columns = qualifiedColumns();
    select << "SELECT " + columns +
                  ", m.organization_id, m.role FROM users LEFT JOIN memberships m ON m.user_id = users.id "
                  "AND m.source = $1 WHERE users.id = (SELECT user_id FROM external_identities "
                  "WHERE authenticator = $2 AND subject = $3) ORDER BY m.organization_id, m.role",
        use(from), use(source), use(key);
    select.execute();
    Poco::Data::RecordSet rows(select);
    memberships.clear();
    if (rows.rowCount() == 0) return std::nullopt;
    for (std::size_t row = 0; row < rows.rowCount(); ++row)
        if (!rows.value(16, row).isEmpty()) memberships.emplace_back(text(rows, 16, row), text(rows, 17, row));
    return firstUser(rows);
}

void UserRepository::updateProfile(const User& user) {
    User copy = user;
    std::string at = utcNow();
    Poco::Data::Session session = database_.session();
    Poco::Nullable<std::string> photo;
    if (!copy.photoDocumentId.empty()) photo = copy.photoDocumentId;
    std::string folded = searchFold(copy.name);
    session << "UPDATE users SET name = $1, pronouns = $2, phone = $3, title = $4, bio = $5, photo_document_id = $6, "
               "updated_at = $7, name_lower = $8 WHERE id = $9",
        use(copy.name), use(copy.pronouns), use(copy.phone), use(copy.title), use(copy.bio), use(photo), use(at),
        use(folded), use(copy.id), now;
}

void UserRepository::setEmail(const std::string& userId, const std::string& email) {
    std::string id = userId, address = email, at = utcNow();
    Poco::Data::Session session = database_.session();
    try {
        session << "UPDATE users SET email = $1, updated_at = $2 WHERE id = $3", use(address), use(at), use(id), now;
    } catch (const Poco::Data::DataException&) {
        const std::optional<User> holder = findByEmail(address);
        if (holder && holder->id != userId) throw DuplicateEmail("an account with this email already exists");
        throw;
    }
}

void UserRepository::setEmail(Poco::Data::Session& session, const std::string& userId, const std::string& email) {
    std::string id = userId, address = email, at = utcNow();
    session << "SAVEPOINT set_email", now;
    try {
        session << "UPDATE users SET email = $1, updated_at = $2 WHERE id = $3", use(address), use(at), use(id), now;
    } catch (const Poco::Data::DataException&) {
        session << "ROLLBACK TO SAVEPOINT set_email", now;
        session << "RELEASE SAVEPOINT set_email", now;
        std::string holder;
        session << "SELECT id FROM users WHERE email = $1", use(address), into(holder), now;
        if (!holder.empty() && holder != userId) throw DuplicateEmail("an account with this email already exists");
        throw;
    }
    session << "RELEASE SAVEPOINT set_email", now;
}

void UserRepository::setName(Poco::Data::Session& session, const std::string& userId, const std::string& name) {
    std::string id = userId, text = name, at = utcNow();
    session << "UPDATE users SET name = $1, updated_at = $2 WHERE id = $3", use(text), use(at), use(id), now;
}

void UserRepository::setPasswordHash(const std::string& userId, const std::string& passwordHash) {
    std::string id = userId;
    std::string hash = passwordHash;
    std::string at = utcNow();
    Poco::Data::Session session = database_.session();
    session << "UPDATE users SET password_hash = $1, failed_sign_ins = 0, locked_until = NULL, updated_at = $2 "
               "WHERE id = $3",
        use(hash), use(at), use(id), now;
}

void UserRepository::setStatus(const std::string& userId, const std::string& status) {
    std::string id = userId, state = status, at = utcNow();
    Poco::Data::Session session = database_.session();
    session << "UPDATE users SET status = $1, updated_at = $2 WHERE id = $3", use(state), use(at), use(id), now;
}

int UserRepository::recordFailedSignIn(const std::string& userId, const std::string& lockedUntil) {
    std::string id = userId;
    Poco::Nullable<std::string> until;
    if (!lockedUntil.empty()) until = lockedUntil;
    int count = 0;
    Poco::Data::Session session = database_.session();
    session << "UPDATE users SET failed_sign_ins = failed_sign_ins + 1, "
               "locked_until = COALESCE($1, locked_until) WHERE id = $2 RETURNING failed_sign_ins",
        use(until), use(id), into(count), now;
    return count;
}

void UserRepository::clearFailedSignIns(Poco::Data::Session& session, const std::string& userId) {
    std::string id = userId;
    session << "UPDATE users SET failed_sign_ins = 0, locked_until = NULL "
               "WHERE id = $1 AND (failed_sign_ins <> 0 OR locked_until IS NOT NULL)",
        use(id), now;
}

}  // namespace rotunda::store
