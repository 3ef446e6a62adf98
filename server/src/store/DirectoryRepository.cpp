// DirectoryRepository.cpp — the staff directory's settings, cards and search.
#include "store/DirectoryRepository.h"

#include "store/Clock.h"
#include "store/SearchText.h"

#include <Poco/Data/RecordSet.h>

#include <deque>
#include <map>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

/// Above every UTF-8 character: `prefix + kTop` ends the byte range of names
/// that begin with `prefix`.
const std::string kTop = "\xF4\x8F\xBF\xBF";

std::string text(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? "" : rows.value(column, row).convert<std::string>();
}

std::string containing(const std::string& text) {
    std::string pattern = "%";
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

/// SQL text and its parameters, numbered in the order they are written (SQLite
/// numbers "$n" by first appearance).
class Sql {
public:
    Sql& operator<<(const std::string& text) {
        sql_ += text;
        return *this;
    }
    /// Appends a new placeholder bound to `value`.
    Sql& param(const std::string& value) {
        values_.push_back(value);
        sql_ += "$" + std::to_string(values_.size());
        return *this;
    }
    Poco::Data::Statement statement(Poco::Data::Session& session) {
        Poco::Data::Statement statement(session);
        statement << sql_;
        for (auto& value : values_) statement, use(value);
        return statement;
    }

private:
    std::string sql_;
    std::deque<std::string> values_;
};

}  // namespace

DirectoryProfile DirectoryRepository::profileOf(const std::string& userId) {
    std::string id = userId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT directory_listed, specialty, location, share_email, share_phone FROM users WHERE id = $1",
        use(id);
    select.execute();
    Poco::Data::RecordSet rows(select);
    DirectoryProfile profile;
    if (rows.rowCount() == 0) return profile;
    if (!rows.value(0, 0).isEmpty()) profile.listed = rows.value(0, 0).convert<int>() != 0;
    profile.specialty = text(rows, 1, 0);
    profile.location = text(rows, 2, 0);
    profile.shareEmail = rows.value(3, 0).convert<int>() != 0;
    profile.sharePhone = rows.value(4, 0).convert<int>() != 0;
    return profile;
}

void DirectoryRepository::setProfile(const std::string& userId, const DirectoryProfile& profile) {
    Poco::Nullable<int> listed;
    if (profile.listed) listed = *profile.listed ? 1 : 0;
    std::string specialty = profile.specialty, location = profile.location, at = utcNow(), id = userId;
    std::string text = searchFold(specialty) + "\n" + searchFold(location);
    if (text == "\n") text.clear();
    int email = profile.shareEmail ? 1 : 0, phone = profile.sharePhone ? 1 : 0;
    Poco::Data::Session session = database_.session();
    session << "UPDATE users SET directory_listed = $1, specialty = $2, location = $3, share_email = $4, "
               "share_phone = $5, updated_at = $6, directory_text = $7 WHERE id = $8",
        use(listed), use(specialty), use(location), use(email), use(phone), use(at), use(text), use(id), now;
}

std::optional<DirectoryEntry> DirectoryRepository::person(const std::string& userId) {
    Poco::Data::Session session = database_.session();
    auto found = load(session, {userId});
    if (found.empty() || found.front().status == "disabled") return std::nullopt;
    return found.front();
}

std::vector<DirectoryEntry> DirectoryRepository::load(Poco::Data::Session& session, const std::vector<std::string>& ids) {
    std::vector<DirectoryEntry> entries;
    if (ids.empty()) return entries;
    Sql people;
    people << "SELECT id, name, email, phone, title, pronouns, COALESCE(photo_document_id, ''), status, "
              "directory_listed, specialty, location, share_email, share_phone, name_lower FROM users WHERE id IN (";
    for (std::size_t i = 0; i < ids.size(); ++i) (i ? people << ", " : people).param(ids[i]);
    people << ")";
    Poco::Data::Statement select = people.statement(session);
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::map<std::string, DirectoryEntry> byId;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        DirectoryEntry e;
        e.userId = text(rows, 0, row);
        e.name = text(rows, 1, row);
        e.email = text(rows, 2, row);
        e.phone = text(rows, 3, row);
        e.title = text(rows, 4, row);
        e.pronouns = text(rows, 5, row);
        e.photoDocumentId = text(rows, 6, row);
        e.status = text(rows, 7, row);
        if (!rows.value(8, row).isEmpty()) e.profile.listed = rows.value(8, row).convert<int>() != 0;
        e.profile.specialty = text(rows, 9, row);
        e.profile.location = text(rows, 10, row);
        e.profile.shareEmail = rows.value(11, row).convert<int>() != 0;
        e.profile.sharePhone = rows.value(12, row).convert<int>() != 0;
        e.nameFolded = text(rows, 13, row);
        byId.emplace(e.userId, e);
    }
    Sql roles;
    roles << "SELECT m.user_id, m.organization_id, o.name, o.kind, m.role FROM memberships m "
             "JOIN organizations o ON o.id = m.organization_id WHERE m.user_id IN (";
    for (std::size_t i = 0; i < ids.size(); ++i) (i ? roles << ", " : roles).param(ids[i]);
    roles << ") ORDER BY o.name, m.organization_id, m.role";
    Poco::Data::Statement selectRoles = roles.statement(session);
    selectRoles.execute();
    Poco::Data::RecordSet roleRows(selectRoles);
    for (std::size_t row = 0; row < roleRows.rowCount(); ++row) {
        const auto it = byId.find(text(roleRows, 0, row));
        if (it == byId.end()) continue;
        it->second.roles.push_back(
            {text(roleRows, 1, row), text(roleRows, 2, row), text(roleRows, 3, row), text(roleRows, 4, row)});
    }
    for (const auto& id : ids) {
        const auto it = byId.find(id);
        if (it != byId.end()) entries.push_back(it->second);
    }
    return entries;
}

std::vector<DirectoryEntry> DirectoryRepository::search(const DirectoryQuery& query) {
    std::vector<std::string> ids;
    std::vector<int> tiers;
    Poco::Data::Session session = database_.session();
    const std::string pattern = containing(query.text);
    std::vector<std::string> organizations;
    for (int tier = query.afterTier; tier <= 2 && static_cast<int>(ids.size()) < query.limit; ++tier) {
        // An empty text: everyone is a prefix match, and there is nothing else.
        if (query.text.empty() && tier != 1) continue;
        Sql sql;
        sql << "SELECT u.id FROM users u WHERE ";
        if (tier == 0) sql << "u.name_lower = ";
        if (tier == 0) sql.param(query.text);
        if (tier == 1) {
            sql << "u.name_lower >= ";
            sql.param(query.text) << " AND u.name_lower < ";
            sql.param(query.text + kTop) << " AND u.name_lower <> ";
            sql.param(query.text);
        }
        if (tier == 2) {
            // Organizations are few: the ones whose name matches are found first, so
            // that the walk asks one membership list instead of joining per person.
            std::string like = pattern;
            session << "SELECT id FROM organizations WHERE LOWER(name) LIKE $1 ESCAPE '\\'", use(like),
                into(organizations), now;
            sql << "NOT (u.name_lower >= ";
            sql.param(query.text) << " AND u.name_lower < ";
            sql.param(query.text + kTop) << ") AND (u.name_lower LIKE ";
            sql.param(pattern) << " ESCAPE '\\' OR u.directory_text LIKE ";
            sql.param(pattern) << " ESCAPE '\\'";
            if (!organizations.empty() || !query.matchingRoles.empty()) {
                sql << " OR u.id IN (SELECT m.user_id FROM memberships m WHERE m.organization_id IN ('-'";
                for (const auto& id : organizations) (sql << ", ").param(id);
                sql << ") OR m.role IN ('-'";
                for (const auto& role : query.matchingRoles) (sql << ", ").param(role);
                sql << "))";
            }
            sql << ")";
        }
        if (tier == query.afterTier && !query.afterId.empty()) {
            sql << " AND (u.name_lower > ";
            sql.param(query.afterName) << " OR (u.name_lower = ";
            sql.param(query.afterName) << " AND u.id > ";
            sql.param(query.afterId) << "))";
        }
        sql << " AND u.status <> 'disabled' AND (u.directory_listed = 1 OR (u.directory_listed IS NULL AND "
               "EXISTS (SELECT 1 FROM memberships s WHERE s.user_id = u.id AND s.role <> 'student')))";
        if (!query.organizationId.empty()) {
            sql << " AND u.id IN (SELECT f.user_id FROM memberships f WHERE f.organization_id = ";
            sql.param(query.organizationId) << ")";
        }
        if (!query.role.empty()) {
            sql << " AND u.id IN (SELECT r.user_id FROM memberships r WHERE r.role = ";
            sql.param(query.role) << ")";
        }
        if (!query.specialty.empty()) {
            sql << " AND LOWER(u.specialty) LIKE ";
            sql.param(containing(query.specialty)) << " ESCAPE '\\'";
        }
        if (!query.location.empty()) {
            sql << " AND LOWER(u.location) LIKE ";
            sql.param(containing(query.location)) << " ESCAPE '\\'";
        }
        if (!query.viewerId.empty()) {
            sql << " AND u.id NOT IN (SELECT b.blocked_id FROM blocks b WHERE b.blocker_id = ";
            sql.param(query.viewerId) << " UNION SELECT c.blocker_id FROM blocks c WHERE c.blocked_id = ";
            sql.param(query.viewerId) << ")";
        }
        // In name order along users_directory, which holds every column tested above
        // but the filters: the walk stops as soon as the page is full.
        sql << " ORDER BY u.name_lower, u.id LIMIT " + std::to_string(query.limit - static_cast<int>(ids.size()));
        std::vector<std::string> found;
        Poco::Data::Statement select = sql.statement(session);
        select, into(found);
        select.execute();
        for (const auto& id : found) {
            ids.push_back(id);
            tiers.push_back(tier);
        }
    }
    std::vector<DirectoryEntry> entries = load(session, ids);
    for (std::size_t i = 0; i < entries.size() && i < tiers.size(); ++i) entries[i].tier = tiers[i];
    return entries;
}

}  // namespace rotunda::store
