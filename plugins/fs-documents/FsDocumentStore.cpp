// FsDocumentStore.cpp — a DocumentStore on a local directory or a mounted share.
#include "FsDocumentStore.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace rotunda::fsdocuments {
namespace {

constexpr std::size_t kChunk = 64 * 1024;
const char* const kIncoming = ".incoming";

std::string hex(const unsigned char* bytes, std::size_t length) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (std::size_t i = 0; i < length; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0x0f];
    }
    return out;
}

std::string newKey() {
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        throw std::runtime_error("the random number generator failed");
    return hex(bytes.data(), bytes.size());
}

/// SHA-256 over everything fed to it.
class Sha256 {
public:
    Sha256() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
        if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1)
            throw std::runtime_error("SHA-256 is not available");
    }
    void update(const char* data, std::size_t length) { EVP_DigestUpdate(context_.get(), data, length); }
    std::string hexDigest() {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        EVP_DigestFinal_ex(context_.get(), digest, &length);
        return hex(digest, length);
    }

private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context_;
};

std::string errnoText(const std::string& what, const fs::path& path) {
    return what + " " + path.string() + ": " + std::strerror(errno);
}

/// An open file descriptor, closed when it goes out of scope.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }
    /// Closes now, reporting the error a deferred write may only show here.
    bool close() {
        const int fd = fd_;
        fd_ = -1;
        return ::close(fd) == 0;
    }

private:
    int fd_;
};

/// Space or quota exhausted: the store is unavailable, not the request wrong.
bool isStorageFailure(int error) { return error == ENOSPC || error == EDQUOT || error == EROFS || error == EIO; }

void writeAll(int fd, const char* data, std::size_t length, const fs::path& path) {
    while (length > 0) {
        const ssize_t written = ::write(fd, data, length);
        if (written < 0) {
            if (errno == EINTR) continue;
            const std::string text = errnoText("cannot write", path);
            if (isStorageFailure(errno)) throw plugin::StoreUnavailable(text);
            throw std::runtime_error(text);
        }
        data += written;
        length -= static_cast<std::size_t>(written);
    }
}

void syncDirectory(const fs::path& directory) {
    FileDescriptor fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY));
    if (fd.get() >= 0) ::fsync(fd.get());
}

/// Writes `content` to `path` through a temporary file and a rename.
void writeSmallFile(const fs::path& path, const std::string& content) {
    const fs::path temporary = path.string() + ".tmp";
    FileDescriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (fd.get() < 0) throw plugin::StoreUnavailable(errnoText("cannot create", temporary));
    writeAll(fd.get(), content.data(), content.size(), temporary);
    if (::fsync(fd.get()) != 0 || !fd.close()) throw plugin::StoreUnavailable(errnoText("cannot flush", temporary));
    fs::rename(temporary, path);
}

std::string readChecksum(const fs::path& path) {
    std::ifstream in(path);
    std::string text;
    std::getline(in, text);
    return text;
}

}  // namespace

bool isValidKey(const std::string& key) {
    if (key.size() != 32) return false;
    for (const char c : key)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

FsDocumentStore::FsDocumentStore(FsSettings settings) : settings_(std::move(settings)) {
    if (settings_.root.empty()) throw std::invalid_argument("the root directory is empty");
    if (settings_.shardDepth < 0 || settings_.shardDepth > 4)
        throw std::invalid_argument("shardDepth is " + std::to_string(settings_.shardDepth) + ", expected 0 to 4");
    settings_.root = fs::absolute(settings_.root).lexically_normal();
    std::error_code ignored;
    fs::create_directories(settings_.root / kIncoming, ignored);  // health() reports what is wrong
}

fs::path FsDocumentStore::pathOf(const std::string& key) const {
    if (!isValidKey(key)) throw std::out_of_range("not a document key of this store");
    fs::path path = settings_.root;
    for (int level = 0; level < settings_.shardDepth; ++level) path /= key.substr(static_cast<std::size_t>(level) * 2, 2);
    return path / key;
}

void FsDocumentStore::requireWritableRoot() const {
    const fs::path incoming = settings_.root / kIncoming;
    std::error_code error;
    fs::create_directories(incoming, error);
    if (error || ::access(incoming.c_str(), W_OK) != 0)
        throw plugin::StoreUnavailable("document root " + settings_.root.string() + " is not writable" +
                                       (error ? ": " + error.message() : std::string(": ") + std::strerror(errno)));
    if (settings_.minFreeBytes > 0) {
        const fs::space_info space = fs::space(settings_.root, error);
        if (!error && space.available < settings_.minFreeBytes)
            throw plugin::StoreUnavailable("document root " + settings_.root.string() + " has " +
                                           std::to_string(space.available / (1024 * 1024)) +
                                           " MB free, below the floor of " +
                                           std::to_string(settings_.minFreeBytes / (1024 * 1024)) + " MB");
    }
}

std::string FsDocumentStore::put(std::istream& data, const plugin::DocumentInfo& info) {
    if (settings_.maxBytes > 0 && info.size > settings_.maxBytes)
        throw std::length_error("the document is " + std::to_string(info.size) + " bytes, more than the store's " +
                                std::to_string(settings_.maxBytes));
    requireWritableRoot();
    const std::string key = newKey();
    const fs::path partial = settings_.root / kIncoming / (key + ".part");
    FileDescriptor fd(::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0) throw plugin::StoreUnavailable(errnoText("cannot create", partial));
    // Whatever happens before the rename, the partial file goes.
    struct RemovePartial {
        const fs::path& path;
        bool armed = true;
        ~RemovePartial() {
            if (armed) ::unlink(path.c_str());
        }
    } cleanup{partial};

    Sha256 sha;
    std::uint64_t total = 0;
    std::array<char, kChunk> buffer{};
    while (data) {
        data.read(buffer.data(), buffer.size());
        const auto n = static_cast<std::size_t>(data.gcount());
        if (n == 0) break;
        total += n;
        if (settings_.maxBytes > 0 && total > settings_.maxBytes)
            throw std::length_error("the document is larger than the store's limit of " +
                                    std::to_string(settings_.maxBytes) + " bytes");
        sha.update(buffer.data(), n);
        writeAll(fd.get(), buffer.data(), n, partial);
    }
    if (data.bad()) throw std::runtime_error("reading the document failed before its end; nothing was stored");
    if (::fsync(fd.get()) != 0 || !fd.close()) throw plugin::StoreUnavailable(errnoText("cannot flush", partial));

    const fs::path final = pathOf(key);
    std::error_code error;
    fs::create_directories(final.parent_path(), error);
    if (error) throw plugin::StoreUnavailable("cannot create " + final.parent_path().string() + ": " + error.message());
    // The checksum goes first: a document without one would read as damaged.
    writeSmallFile(final.string() + ".sha256", sha.hexDigest() + "\n");
    fs::rename(partial, final, error);
    if (error) {
        fs::remove(final.string() + ".sha256", error);
        throw plugin::StoreUnavailable("cannot move " + partial.string() + " into place: " + error.message());
    }
    cleanup.armed = false;
    syncDirectory(final.parent_path());
    return key;
}

std::unique_ptr<std::istream> FsDocumentStore::get(const std::string& key) {
    const fs::path path = pathOf(key);
    std::error_code error;
    if (!fs::is_directory(settings_.root, error))
        throw plugin::StoreUnavailable("document root " + settings_.root.string() + " is missing");
    if (!fs::exists(path, error)) throw std::out_of_range("no document with this key");
    auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*in) throw plugin::StoreUnavailable(errnoText("cannot open", path));

    const std::string recorded = readChecksum(path.string() + ".sha256");
    Sha256 sha;
    std::array<char, kChunk> buffer{};
    while (*in) {
        in->read(buffer.data(), buffer.size());
        sha.update(buffer.data(), static_cast<std::size_t>(in->gcount()));
    }
    if (in->bad()) throw plugin::StoreUnavailable(errnoText("cannot read", path));
    const std::string found = sha.hexDigest();
    if (found != recorded)
        throw plugin::DocumentCorrupt("document " + key + " at " + path.string() + " failed its SHA-256 check (recorded '" +
                              recorded + "', found '" + found +
                              "'): the file was changed or damaged on disk; restore it from backup");
    in->clear();
    in->seekg(0);
    return in;
}

void FsDocumentStore::remove(const std::string& key) {
    if (!isValidKey(key)) return;
    const fs::path path = pathOf(key);
    std::error_code error;
    fs::remove(path, error);
    if (error) throw plugin::StoreUnavailable("cannot remove " + path.string() + ": " + error.message());
    fs::remove(path.string() + ".sha256", error);
}

plugin::ComponentState FsDocumentStore::health() {
    try {
        std::error_code error;
        if (!fs::is_directory(settings_.root, error))
            return {false, "document root " + settings_.root.string() + " does not exist or is not a directory; "
                           "create it or mount the share, or correct plugins.fs-documents.root"};
        requireWritableRoot();
    } catch (const plugin::StoreUnavailable& e) {
        return {false, std::string(e.what()) + "; check the mount, its permissions and free space"};
    }
    return {};
}

int FsDocumentStore::removeLeftovers() {
    int removed = 0;
    std::error_code error;
    for (fs::directory_iterator it(settings_.root / kIncoming, error), end; !error && it != end; it.increment(error)) {
        if (it->path().extension() == ".part" && fs::remove(it->path(), error)) ++removed;
    }
    return removed;
}

}  // namespace rotunda::fsdocuments
