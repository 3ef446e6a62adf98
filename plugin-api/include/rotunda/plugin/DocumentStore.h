// DocumentStore.h — where the bytes of uploaded documents live.
#pragma once

#include "rotunda/plugin/HostContext.h"

#include <cstdint>
#include <istream>
#include <memory>
#include <stdexcept>
#include <string>

namespace rotunda::plugin {

/// What the host knows about a document when it is stored. The host has already
/// enforced size and type limits; the store never sees a user-supplied path.
struct DocumentInfo {
    std::string contentType;  ///< checked by content, e.g. "application/pdf"
    std::uint64_t size = 0;   ///< bytes, when known in advance; 0 when streamed
};

/// Thrown by a store that cannot serve a request (disk full, share unmounted).
class StoreUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Thrown by get() when the stored bytes no longer match the checksum recorded
/// when they were stored. The host answers that the document is damaged instead
/// of serving it.
class DocumentCorrupt : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Stores document bytes under keys that the store generates.
class DocumentStore {
public:
    virtual ~DocumentStore() = default;
    /// Stores everything `data` yields and returns the new key. Either the whole
    /// document is stored or nothing is (a failed put leaves nothing behind).
    virtual std::string put(std::istream& data, const DocumentInfo& info) = 0;
    /// Opens a stored document; throws std::out_of_range for an unknown key.
    virtual std::unique_ptr<std::istream> get(const std::string& key) = 0;
    /// Removes a document; removing an unknown key is not an error.
    virtual void remove(const std::string& key) = 0;
    /// The component's health for /health; quick, must not throw.
    virtual ComponentState health() { return {}; }
};

}  // namespace rotunda::plugin
