// EndorsementRepository.cpp — skill lists and endorsements.
#include "store/EndorsementRepository.h"

#include "store/Clock.h"
#include "store/SearchText.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/UUIDGenerator.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

std::string text(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? "" : rows.value(column, row).convert<std::string>();
}

std::string newId() { return Poco::UUIDGenerator::defaultGenerator().createRandom().toString(); }

const std::string kEndorsementColumns =
    "e.id, e.endorser_id, u.name, e.endorsed_id, e.skill, COALESCE(e.skill_id, ''), e.hidden, e.created_at "
    "FROM endorsements e JOIN users u ON u.id = e.endorser_id";

std::vector<Endorsement> readEndorsements(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<Endorsement> result;
    for (std::size_t row = 0; row < rows.rowCount(); ++row)
        result.push_back({text(rows, 0, row), text(rows, 1, row), text(rows, 2, row), text(rows, 3, row),
                          text(rows, 4, row), text(rows, 5, row), rows.value(6, row).convert<int>() != 0,
                          text(rows, 7, row)});
    return result;
}

}  // namespace

std::vector<Skill> EndorsementRepository::skillsOf(const std::string& organizationId) {
    std::string org = organizationId;
    std::vector<std::string> ids, names, times;
    Poco::Data::Session session = database_.session();
    session << "SELECT id, name, created_at FROM skills WHERE organization_id = $1 ORDER BY name_lower, id", use(org),
        into(ids), into(names), into(times), now;
    std::vector<Skill> skills;
    for (std::size_t i = 0; i < ids.size(); ++i) skills.push_back({ids[i], organizationId, names[i], times[i]});
    return skills;
}

std::optional<Skill> EndorsementRepository::findSkill(const std::string& id) {
    std::string key = id;
    std::vector<std::string> orgs, names, times;
    Poco::Data::Session session = database_.session();
    session << "SELECT organization_id, name, created_at FROM skills WHERE id = $1", use(key), into(orgs),
        into(names), into(times), now;
    if (orgs.empty()) return std::nullopt;
    return Skill{id, orgs[0], names[0], times[0]};
}

std::optional<Skill> EndorsementRepository::addSkill(const std::string& organizationId, const std::string& name) {
    Skill skill{newId(), organizationId, name, utcNow()};
    std::string folded = searchFold(name);
    Database::WriteTransaction transaction(database_);
    Poco::Data::Statement insert(transaction.session());
    insert << "INSERT INTO skills (id, organization_id, name, name_lower, created_at) VALUES ($1, $2, $3, $4, $5) "
              "ON CONFLICT DO NOTHING",
        use(skill.id), use(skill.organizationId), use(skill.name), use(folded), use(skill.createdAt);
    const bool added = insert.execute() == 1;
    transaction.commit();
    if (!added) return std::nullopt;
    return skill;
}

bool EndorsementRepository::removeSkill(const std::string& organizationId, const std::string& skillId) {
    std::string org = organizationId, id = skillId;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Statement remove(transaction.session());
    remove << "DELETE FROM skills WHERE organization_id = $1 AND id = $2", use(org), use(id);
    const bool removed = remove.execute() == 1;
    transaction.commit();
    return removed;
}

std::optional<Endorsement> EndorsementRepository::add(const std::string& endorserId, const std::string& endorsedId,
                                                      const std::string& skill, const std::string& skillId) {
    Endorsement e{newId(), endorserId, "", endorsedId, skill, skillId, false, utcNow()};
    std::string folded = searchFold(skill);
    Poco::Nullable<std::string> listed;
    if (!skillId.empty()) listed = skillId;
    {
        Database::WriteTransaction transaction(database_);
        Poco::Data::Session& session = transaction.session();
        // The endorser's row is the lock: one endorser's two identical endorsements queue here.
        std::string endorser = endorserId, endorsed = endorsedId;
        session << "UPDATE users SET updated_at = updated_at WHERE id = $1", use(endorser), now;
        int existing = 0;
        session << "SELECT COUNT(*) FROM endorsements WHERE endorser_id = $1 AND endorsed_id = $2 AND skill_lower = $3",
            use(endorser), use(endorsed), use(folded), into(existing), now;
        if (existing > 0) return std::nullopt;
        session << "INSERT INTO endorsements (id, endorser_id, endorsed_id, skill, skill_lower, skill_id, hidden, "
                   "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8)",
            use(e.id), use(e.endorserId), use(e.endorsedId), use(e.skill), use(folded), use(listed), use(e.createdAt),
            use(e.createdAt), now;
        transaction.commit();
    }
    return findById(e.id);
}

std::optional<Endorsement> EndorsementRepository::findById(const std::string& id) {
    std::string key = id;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT " + kEndorsementColumns + " WHERE e.id = $1", use(key);
    auto found = readEndorsements(select);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<Endorsement> EndorsementRepository::of(const std::string& endorsedId, bool includeHidden) {
    std::string key = endorsedId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT " + kEndorsementColumns + " WHERE e.endorsed_id = $1" + (includeHidden ? "" : " AND e.hidden = 0") +
                  " ORDER BY e.skill_lower, e.created_at, e.id",
        use(key);
    return readEndorsements(select);
}

bool EndorsementRepository::setHidden(const std::string& id, const std::string& endorsedId, bool hidden) {
    int flag = hidden ? 1 : 0;
    std::string at = utcNow(), key = id, endorsed = endorsedId;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Statement update(transaction.session());
    update << "UPDATE endorsements SET hidden = $1, updated_at = $2 WHERE id = $3 AND endorsed_id = $4", use(flag),
        use(at), use(key), use(endorsed);
    const bool changed = update.execute() == 1;
    transaction.commit();
    return changed;
}

bool EndorsementRepository::remove(const std::string& id, const std::string& endorserId) {
    std::string key = id, endorser = endorserId;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Statement remove(transaction.session());
    remove << "DELETE FROM endorsements WHERE id = $1 AND endorser_id = $2", use(key), use(endorser);
    const bool removed = remove.execute() == 1;
    transaction.commit();
    return removed;
}

}  // namespace rotunda::store
