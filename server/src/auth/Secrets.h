// Secrets.h — random tokens, their hashes, and comparisons that take constant time.
#pragma once

#include <string>

namespace rotunda::auth {

/// `bytes` random bytes from the operating system, as unpadded base64url text.
std::string randomToken(std::size_t bytes = 32);

/// Lower-case hex SHA-256 of `text`: how tokens are stored at rest.
std::string sha256Hex(const std::string& text);

/// Equality whose time depends only on the lengths, not on where the texts differ.
bool constantTimeEquals(const std::string& a, const std::string& b);

}  // namespace rotunda::auth
