// StepRepository.cpp — an organization's steps and every version of each.
#include "store/StepRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/UUIDGenerator.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

const std::string kStepColumns =
    "s.id, s.organization_id, s.phase, s.position, s.current_version, s.archived, s.created_at, s.updated_at, "
    "v.step_id, v.version, v.name, v.instructions, v.step_type, v.definition, v.completed_by, v.required, "
    "v.expiry_days, v.once_per_student, v.created_by, v.created_at";
const std::string kVersionColumns =
    "v.step_id, v.version, v.name, v.instructions, v.step_type, v.definition, v.completed_by, v.required, "
    "v.expiry_days, v.once_per_student, v.created_by, v.created_at";
const std::string kPhaseOrder =
    "CASE s.phase WHEN 'application' THEN 1 WHEN 'onboarding' THEN 2 WHEN 'active' THEN 3 "
    "WHEN 'offboarding' THEN 4 ELSE 5 END";

std::string text(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? "" : rows.value(column, row).convert<std::string>();
}

int number(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    return rows.value(column, row).isEmpty() ? 0 : rows.value(column, row).convert<int>();
}

StepVersion versionAt(const Poco::Data::RecordSet& rows, std::size_t first, std::size_t row) {
    StepVersion v;
    v.stepId = text(rows, first, row);
    v.version = number(rows, first + 1, row);
    v.name = text(rows, first + 2, row);
    v.instructions = text(rows, first + 3, row);
    v.stepType = text(rows, first + 4, row);
    v.definition = text(rows, first + 5, row);
    v.completedBy = text(rows, first + 6, row);
    v.required = number(rows, first + 7, row) != 0;
    v.expiryDays = number(rows, first + 8, row);
    v.oncePerStudent = number(rows, first + 9, row) != 0;
    v.createdBy = text(rows, first + 10, row);
    v.createdAt = text(rows, first + 11, row);
    return v;
}

std::vector<Step> steps(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<Step> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        Step s;
        s.id = text(rows, 0, row);
        s.organizationId = text(rows, 1, row);
        s.phase = text(rows, 2, row);
        s.position = number(rows, 3, row);
        s.currentVersion = number(rows, 4, row);
        s.archived = number(rows, 5, row) != 0;
        s.createdAt = text(rows, 6, row);
        s.updatedAt = text(rows, 7, row);
        s.current = versionAt(rows, 8, row);
        found.push_back(std::move(s));
    }
    return found;
}

Poco::Nullable<int> expiry(const StepVersion& v) {
    return v.expiryDays > 0 ? Poco::Nullable<int>(v.expiryDays) : Poco::Nullable<int>();
}

void insertVersion(Poco::Data::Session& session, StepVersion v) {
    int required = v.required ? 1 : 0, once = v.oncePerStudent ? 1 : 0;
    Poco::Nullable<int> days = expiry(v);
    session << "INSERT INTO step_versions (step_id, version, name, instructions, step_type, definition, completed_by, "
               "required, expiry_days, once_per_student, created_by, created_at) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        use(v.stepId), use(v.version), use(v.name), use(v.instructions), use(v.stepType), use(v.definition),
        use(v.completedBy), use(required), use(days), use(once), use(v.createdBy), use(v.createdAt), now;
}

}  // namespace

Step StepRepository::create(Step s, StepVersion first) {
    s.id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    s.createdAt = s.updatedAt = first.createdAt = utcNow();
    s.currentVersion = first.version = 1;
    s.archived = false;
    first.stepId = s.id;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    Poco::Nullable<int> last;
    session << "SELECT MAX(position) FROM steps WHERE organization_id = $1 AND phase = $2", use(s.organizationId),
        use(s.phase), into(last), now;
    s.position = last.isNull() ? 1 : last.value() + 1;
    session << "INSERT INTO steps (id, organization_id, phase, position, current_version, archived, created_at, "
               "updated_at) VALUES ($1, $2, $3, $4, 1, 0, $5, $6)",
        use(s.id), use(s.organizationId), use(s.phase), use(s.position), use(s.createdAt), use(s.updatedAt), now;
    insertVersion(session, first);
    transaction.commit();
    s.current = first;
    return s;
}

std::optional<Step> StepRepository::findById(const std::string& id) {
    std::string key = id;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT " + kStepColumns +
                  " FROM steps s JOIN step_versions v ON v.step_id = s.id AND v.version = s.current_version "
                  "WHERE s.id = $1",
        use(key);
    auto found = steps(select);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<Step> StepRepository::listForOrganization(const std::string& organizationId, const std::string& phase,
                                                      bool includeArchived) {
    std::string org = organizationId, wanted = phase;
    int archived = includeArchived ? 1 : 0;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT " + kStepColumns +
                  " FROM steps s JOIN step_versions v ON v.step_id = s.id AND v.version = s.current_version "
                  "WHERE s.organization_id = $1 AND ($2 = '' OR s.phase = $3) AND (s.archived = 0 OR $4 = 1) "
                  "ORDER BY " + kPhaseOrder + ", s.position, s.id",
        use(org), use(wanted), use(wanted), use(archived);
    return steps(select);
}

std::vector<StepVersion> StepRepository::versions(const std::string& stepId) {
    std::string key = stepId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT " + kVersionColumns + " FROM step_versions v WHERE v.step_id = $1 ORDER BY v.version", use(key);
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<StepVersion> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) found.push_back(versionAt(rows, 0, row));
    return found;
}

std::optional<StepVersion> StepRepository::version(const std::string& stepId, int version) {
    for (auto& v : versions(stepId))
        if (v.version == version) return v;
    return std::nullopt;
}

void StepRepository::rewriteCurrent(const StepVersion& version) {
    StepVersion v = version;
    int required = v.required ? 1 : 0, once = v.oncePerStudent ? 1 : 0;
    Poco::Nullable<int> days = expiry(v);
    std::string updated = utcNow();
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    session << "UPDATE step_versions SET name = $1, instructions = $2, step_type = $3, definition = $4, "
               "completed_by = $5, required = $6, expiry_days = $7, once_per_student = $8 "
               "WHERE step_id = $9 AND version = $10",
        use(v.name), use(v.instructions), use(v.stepType), use(v.definition), use(v.completedBy), use(required),
        use(days), use(once), use(v.stepId), use(v.version), now;
    session << "UPDATE steps SET updated_at = $1 WHERE id = $2", use(updated), use(v.stepId), now;
    transaction.commit();
}

bool StepRepository::addVersion(const StepVersion& next) {
    StepVersion v = next;
    v.createdAt = utcNow();
    int previous = v.version - 1;
    Database::WriteTransaction transaction(database_);
    Poco::Data::Session& session = transaction.session();
    Poco::Data::Statement bump(session);
    bump << "UPDATE steps SET current_version = $1, updated_at = $2 WHERE id = $3 AND current_version = $4",
        use(v.version), use(v.createdAt), use(v.stepId), use(previous);
    if (bump.execute() != 1) return false;
    insertVersion(session, v);
    transaction.commit();
    return true;
}

bool StepRepository::isInUse(const std::string& stepId) {
    std::string key = stepId;
    int uses = 0;
    Poco::Data::Session session = database_.session();
    session << "SELECT COUNT(*) FROM service_steps WHERE step_id = $1", use(key), into(uses), now;
    if (uses > 0) return true;
    session << "SELECT COUNT(*) FROM step_completions WHERE step_id = $1", use(key), into(uses), now;
    return uses > 0;
}

void StepRepository::setArchived(const std::string& stepId, bool archived) {
    std::string key = stepId, updated = utcNow();
    int flag = archived ? 1 : 0;
    Poco::Data::Session session = database_.session();
    session << "UPDATE steps SET archived = $1, updated_at = $2 WHERE id = $3", use(flag), use(updated), use(key), now;
}

void StepRepository::remove(const std::string& stepId) {
    std::string key = stepId;
    Database::WriteTransaction transaction(database_);
    transaction.session() << "DELETE FROM step_versions WHERE step_id = $1", use(key), now;
    transaction.session() << "DELETE FROM steps WHERE id = $1", use(key), now;
    transaction.commit();
}

void StepRepository::reorder(const std::vector<std::string>& stepIds) {
    std::string updated = utcNow();
    Database::WriteTransaction transaction(database_);
    for (std::size_t i = 0; i < stepIds.size(); ++i) {
        int position = static_cast<int>(i) + 1;
        std::string key = stepIds[i];
        transaction.session() << "UPDATE steps SET position = $1, updated_at = $2 WHERE id = $3", use(position),
            use(updated), use(key), now;
    }
    transaction.commit();
}

}  // namespace rotunda::store
