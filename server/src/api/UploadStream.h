// UploadStream.h — an upload read on its way to a document store: counted,
// hashed, held to its limit, and failed (never silently ended) when it breaks off.
#pragma once

#include <Poco/Crypto/DigestEngine.h>

#include <array>
#include <cstdint>
#include <istream>
#include <optional>
#include <streambuf>
#include <string>

namespace rotunda::api {

/// Serves `head` (bytes already read for sniffing), then the rest of `source`.
/// Beyond `limit` bytes, or when `source` fails or ends before `expected` bytes,
/// the next read throws: an std::istream over it turns bad, so whatever consumes
/// it (a DocumentStore's put) stores nothing. failure() then says why.
class UploadStreamBuf : public std::streambuf {
public:
    enum class Failure { None, TooLarge, BrokenOff };

    /// `hash` false skips the SHA-256 (for a layer whose bytes another layer hashes).
    UploadStreamBuf(std::istream& source, std::string head, std::uint64_t limit,
                    std::optional<std::uint64_t> expected = std::nullopt, bool hash = true);

    std::uint64_t bytes() const { return bytes_; }
    Failure failure() const { return failure_; }
    /// Hex SHA-256 of every byte served; call once, after the end.
    std::string sha256();

protected:
    int_type underflow() override;

private:
    void fail(Failure failure, const std::string& why);

    std::istream& source_;
    std::string head_;
    bool headServed_ = false;
    std::uint64_t limit_;
    std::optional<std::uint64_t> expected_;
    std::uint64_t bytes_ = 0;
    Failure failure_ = Failure::None;
    bool hash_;
    Poco::Crypto::DigestEngine sha_{"SHA256"};  // OpenSSL's: several times faster than Poco's own
    std::array<char, 64 * 1024> buffer_{};
};

/// Reads up to `count` bytes from `in` (fewer at its end).
std::string readUpTo(std::istream& in, std::size_t count);

}  // namespace rotunda::api
