// DocumentRepository.h — metadata of uploaded documents (the bytes live in a DocumentStore).
#pragma once

#include "store/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

/// What Rotunda knows about one stored document.
struct Document {
    std::string id;
    std::string recordType;  ///< user, organization, … (domain/DocumentPolicy)
    std::string recordId;
    std::string filename;     ///< cleaned: no directories, no control characters
    std::string contentType;  ///< detected from the content
    std::int64_t sizeBytes = 0;
    std::string sha256;       ///< hex, of the bytes as uploaded
    std::string storePlugin;  ///< the plugin whose store holds the bytes
    std::string storeKey;     ///< the key that store generated
    std::string uploadedBy;
    std::string createdAt;
};

class DocumentRepository {
public:
    explicit DocumentRepository(Database& database) : database_(database) {}

    /// Stores metadata with a new id and time.
    Document create(Document document);
    std::optional<Document> findById(const std::string& id);
    /// Documents of one record, oldest first.
    std::vector<Document> listForRecord(const std::string& recordType, const std::string& recordId);
    /// What relies on the document, one phrase each ("the logo of organization
    /// Mercy General"); empty when it may be deleted.
    std::vector<std::string> usesOf(const std::string& id);
    /// Deletes the row; false when there was none.
    bool remove(const std::string& id);

private:
    Database& database_;
};

}  // namespace rotunda::store
