// PasswordHasher.cpp — Argon2id password hashes and the password policy.
#include "auth/PasswordHasher.h"

#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/UTF8String.h>

#include <argon2.h>
#include <stdexcept>
#include <sys/random.h>

namespace rotunda::auth {
namespace {

constexpr std::uint32_t kTimeCost = 2;
constexpr std::uint32_t kMemoryKiB = 19 * 1024;
constexpr std::uint32_t kLanes = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::size_t kMaximumBytes = 1024;

std::size_t codePoints(const std::string& text) {
    std::size_t count = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

}  // namespace

std::string PasswordHasher::hash(const std::string& password) {
    unsigned char salt[kSaltBytes];
    if (::getrandom(salt, sizeof salt, 0) != static_cast<ssize_t>(sizeof salt))
        throw std::runtime_error("getrandom failed");
    std::string encoded(argon2_encodedlen(kTimeCost, kMemoryKiB, kLanes, kSaltBytes, kHashBytes, Argon2_id), '\0');
    const int result = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, password.data(), password.size(), salt,
                                             sizeof salt, kHashBytes, encoded.data(), encoded.size());
    if (result != ARGON2_OK) throw std::runtime_error(std::string("argon2id: ") + argon2_error_message(result));
    encoded.resize(encoded.find('\0'));
    return encoded;
}

bool PasswordHasher::verify(const std::string& encoded, const std::string& password) {
    if (encoded.rfind("$argon2id$", 0) != 0) return false;
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

const std::string& PasswordHasher::decoyHash() {
    static const std::string decoy = hash("decoy password that matches nothing");
    return decoy;
}

std::vector<std::string> passwordProblems(const std::string& password, const std::string& email,
                                          const std::string& name, std::size_t minimumLength) {
    std::vector<std::string> problems;
    if (codePoints(password) < minimumLength)
        problems.push_back("must be at least " + std::to_string(minimumLength) + " characters long");
    if (password.size() > kMaximumBytes)
        problems.push_back("must be at most " + std::to_string(kMaximumBytes) + " bytes long");
    const std::string lower = Poco::UTF8::toLower(password);
    const std::string local = Poco::UTF8::toLower(email.substr(0, email.find('@')));
    if (local.size() >= 4 && lower.find(local) != std::string::npos)
        problems.push_back("must not contain your email address");
    Poco::StringTokenizer words(Poco::UTF8::toLower(name), " -.'", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const std::string& word : words)
        if (codePoints(word) >= 4 && lower.find(word) != std::string::npos) {
            problems.push_back("must not contain your name");
            break;
        }
    return problems;
}

}  // namespace rotunda::auth
