// PasswordHasher.h — Argon2id password hashes and the password policy.
#pragma once

#include <string>
#include <vector>

namespace rotunda::auth {

/// Argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), 16-byte salt,
/// 32-byte hash, in the standard encoded form ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
class PasswordHasher {
public:
    /// A new encoded hash of `password` with a fresh random salt.
    static std::string hash(const std::string& password);

    /// True when `password` matches `encoded` (constant-time comparison inside
    /// libargon2). A malformed `encoded` is simply no match.
    static bool verify(const std::string& encoded, const std::string& password);

    /// A hash to verify against when the account does not exist, so that an
    /// unknown email takes as long as a wrong password.
    static const std::string& decoyHash();
};

/// Why a password is not acceptable, as field messages; empty when it is.
/// Rules: at least `minimumLength` characters (UTF-8 code points), at most
/// 1024 bytes (no maximum below 64 is ever imposed), and not containing the
/// user's email name or any word of their name of four letters or more.
std::vector<std::string> passwordProblems(const std::string& password, const std::string& email,
                                          const std::string& name, std::size_t minimumLength);

}  // namespace rotunda::auth
