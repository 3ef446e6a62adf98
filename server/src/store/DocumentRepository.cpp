// DocumentRepository.cpp — metadata of uploaded documents.
#include "store/DocumentRepository.h"

#include "store/Clock.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/UUIDGenerator.h>

using namespace Poco::Data::Keywords;

namespace rotunda::store {
namespace {

const std::string kColumns =
    "id, record_type, record_id, filename, content_type, size_bytes, sha256, store_plugin, store_key, uploaded_by, "
    "created_at";

std::vector<Document> documents(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<Document> found;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        const auto text = [&](std::size_t column) { return rows.value(column, row).convert<std::string>(); };
        Document d;
        d.id = text(0);
        d.recordType = text(1);
        d.recordId = text(2);
        d.filename = text(3);
        d.contentType = text(4);
        d.sizeBytes = rows.value(5, row).convert<Poco::Int64>();
        d.sha256 = text(6);
        d.storePlugin = text(7);
        d.storeKey = text(8);
        d.uploadedBy = text(9);
        d.createdAt = text(10);
        found.push_back(std::move(d));
    }
    return found;
}

}  // namespace

Document DocumentRepository::create(Document d) {
    d.id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    d.createdAt = utcNow();
    Poco::Int64 size = d.sizeBytes;
    Poco::Data::Session session = database_.session();
    session << "INSERT INTO documents (" + kColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        use(d.id), use(d.recordType), use(d.recordId), use(d.filename), use(d.contentType), use(size), use(d.sha256),
        use(d.storePlugin), use(d.storeKey), use(d.uploadedBy), use(d.createdAt), now;
    return d;
}

std::optional<Document> DocumentRepository::findById(const std::string& id) {
    std::string key = id;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT " + kColumns + " FROM documents WHERE id = $1", use(key);
    auto found = documents(select);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<Document> DocumentRepository::listForRecord(const std::string& recordType, const std::string& recordId) {
    std::string type = recordType, id = recordId;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT " + kColumns + " FROM documents WHERE record_type = $1 AND record_id = $2 "
              "ORDER BY created_at, id",
        use(type), use(id);
    return documents(select);
}

std::vector<std::string> DocumentRepository::usesOf(const std::string& id) {
    std::string key = id;
    std::vector<std::string> names;
    Poco::Data::Session session = database_.session();
    session << "SELECT name FROM organizations WHERE logo_document_id = $1 ORDER BY name", use(key), into(names), now;
    std::vector<std::string> uses;
    for (const auto& name : names) uses.push_back("the logo of organization " + name + " (choose another logo first)");
    std::vector<std::string> agreements;
    session << "SELECT id FROM agreements WHERE document_id = $1 ORDER BY id", use(key), into(agreements), now;
    for (const auto& agreement : agreements) uses.push_back("the document of agreement " + agreement + " (detach it first)");
    std::vector<std::string> people;
    session << "SELECT name FROM users WHERE photo_document_id = $1", use(key), into(people), now;
    for (const auto& name : people) uses.push_back("the profile photo of " + name + " (remove it from the profile first)");
    int messages = 0;
    session << "SELECT COUNT(*) FROM messages WHERE document_id = $1", use(key), into(messages), now;
    if (messages > 0) uses.push_back("an attachment of " + std::to_string(messages) + " message(s) (messages are never edited)");
    // document_ids is a JSON array of ids; a quoted id matches exactly one element.
    std::string quoted = "%\"" + id + "\"%";
    std::vector<std::string> steps;
    session << "SELECT v.name FROM step_completions c JOIN step_versions v ON v.step_id = c.step_id "
               "AND v.version = c.step_version WHERE c.state IN ('submitted', 'verified') AND c.document_ids LIKE $1 "
               "ORDER BY v.name",
        use(quoted), into(steps), now;
    for (const auto& name : steps)
        uses.push_back("the submitted step " + name + " of a rotation (a submitted or verified step keeps its documents)");
    return uses;
}

bool DocumentRepository::remove(const std::string& id) {
    std::string key = id;
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement remove(session);
    remove << "DELETE FROM documents WHERE id = $1", use(key);
    return remove.execute() == 1;
}

}  // namespace rotunda::store
