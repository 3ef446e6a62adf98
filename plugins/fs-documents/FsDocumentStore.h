// FsDocumentStore.h — a DocumentStore on a local directory or a mounted share.
#pragma once

#include <rotunda/plugin/DocumentStore.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace rotunda::fsdocuments {

/// The store's configuration (plugins.fs-documents.*), already validated.
struct FsSettings {
    std::filesystem::path root;           ///< where documents live; created when missing
    std::uint64_t maxBytes = 0;           ///< largest document accepted; 0: no limit of its own
    int shardDepth = 2;                   ///< directory levels of two hex digits each (0–4)
    std::uint64_t minFreeBytes = 0;       ///< below this free space, health is not ok and put refuses
};

/// Keys are 32 random hex digits generated here. A document is written to
/// <root>/.incoming/<key>.part, flushed to disk, and renamed into
/// <root>/<ab>/<cd>/<key> only when complete, with its SHA-256 beside it in
/// <key>.sha256; a crash or a broken upload leaves at most a .part file, which
/// the next start removes.
class FsDocumentStore : public plugin::DocumentStore {
public:
    /// Throws std::invalid_argument for settings out of range.
    explicit FsDocumentStore(FsSettings settings);

    /// Throws StoreUnavailable when the root cannot be written (missing, read-only,
    /// full), std::length_error beyond maxBytes, and std::runtime_error when `data`
    /// fails; in each case nothing is left behind.
    std::string put(std::istream& data, const plugin::DocumentInfo& info) override;
    /// Verifies the SHA-256 first: throws plugin::DocumentCorrupt on a mismatch,
    /// std::out_of_range for an unknown or malformed key, StoreUnavailable when the
    /// root cannot be read.
    std::unique_ptr<std::istream> get(const std::string& key) override;
    void remove(const std::string& key) override;
    /// Root exists, is a writable directory, and free space is above the floor.
    plugin::ComponentState health() override;

    /// Where a key's bytes live (for tests and operators); throws std::out_of_range
    /// for a malformed key.
    std::filesystem::path pathOf(const std::string& key) const;
    /// Removes *.part files left in .incoming by an earlier crash; returns how many.
    int removeLeftovers();

private:
    void requireWritableRoot() const;

    FsSettings settings_;
};

/// True for a key this store could have generated: 32 lower-case hex digits.
bool isValidKey(const std::string& key);

}  // namespace rotunda::fsdocuments
