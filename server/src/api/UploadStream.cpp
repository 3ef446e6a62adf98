// UploadStream.cpp — an upload read on its way to a document store.
#include "api/UploadStream.h"

#include <Poco/DigestEngine.h>

#include <cstring>
#include <stdexcept>

namespace rotunda::api {

UploadStreamBuf::UploadStreamBuf(std::istream& source, std::string head, std::uint64_t limit,
                                 std::optional<std::uint64_t> expected, bool hash)
    : source_(source), head_(std::move(head)), limit_(limit), expected_(expected), hash_(hash) {}

void UploadStreamBuf::fail(Failure failure, const std::string& why) {
    failure_ = failure;
    throw std::runtime_error(why);
}

UploadStreamBuf::int_type UploadStreamBuf::underflow() {
    if (failure_ != Failure::None) fail(failure_, "the upload failed already");
    char* data = buffer_.data();
    std::size_t n = 0;
    if (!headServed_) {
        headServed_ = true;
        data = head_.data();
        n = head_.size();
    }
    if (n == 0) {
        source_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        data = buffer_.data();
        n = static_cast<std::size_t>(source_.gcount());
        if (source_.bad()) fail(Failure::BrokenOff, "the upload broke off");
    }
    if (n == 0) {
        if (expected_ && bytes_ < *expected_)
            fail(Failure::BrokenOff, "the upload ended after " + std::to_string(bytes_) + " of " +
                                         std::to_string(*expected_) + " bytes");
        return traits_type::eof();
    }
    bytes_ += n;
    if (bytes_ > limit_) fail(Failure::TooLarge, "the upload is larger than " + std::to_string(limit_) + " bytes");
    if (hash_) sha_.update(data, static_cast<unsigned>(n));
    setg(data, data, data + n);
    return traits_type::to_int_type(*data);
}

std::string UploadStreamBuf::sha256() { return Poco::DigestEngine::digestToHex(sha_.digest()); }

std::string readUpTo(std::istream& in, std::size_t count) {
    std::string bytes(count, '\0');
    std::size_t got = 0;
    while (got < count && in) {
        in.read(bytes.data() + got, static_cast<std::streamsize>(count - got));
        got += static_cast<std::size_t>(in.gcount());
    }
    bytes.resize(got);
    return bytes;
}

}  // namespace rotunda::api
