// LdapText.h — the pure text rules of LDAP sign-in: filter escaping, Active Directory
// bind sub-codes, stable-id formatting, lists and user names. No I/O, no libldap.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rotunda::ldapauth {

/// Longest user name sent to a directory, in bytes (AD's userPrincipalName allows 1024;
/// nobody types more than this, and it bounds the filter we build).
constexpr std::size_t kMaxUsernameBytes = 256;

/// Escapes a value for an LDAP filter assertion (RFC 4515 §3): `*`, `(`, `)`, `\`
/// and NUL, and every other control character, become `\xx` (two lower-case hex digits).
/// Bytes of UTF-8 are kept as they are (RFC 4515 allows them).
std::string escapeFilterValue(std::string_view value);

/// True when `username` may be sent to the directory at all: 1 to kMaxUsernameBytes
/// bytes and no control character (NUL included).
bool isAcceptableUsername(std::string_view username);

/// The sub-code of an Active Directory bind failure, read from its diagnostic
/// message ("80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext
/// error, data 775, v4563"): 0x775 here. -1 when the message carries none.
int activeDirectorySubCode(std::string_view diagnostic);

/// What an Active Directory bind sub-code means for sign-in.
enum class BindVerdict {
    InvalidCredentials,  ///< 525 no such user, 52e wrong password, 530/531 restrictions, anything else
    Locked,              ///< 775 locked out, 533 disabled, 701 account expired
    Expired              ///< 532 password expired, 773 must change the password
};

/// The verdict for an Active Directory sub-code (as activeDirectorySubCode returns it).
BindVerdict classifyActiveDirectorySubCode(int subCode);

/// A short name for a sub-code, for the log: "775 account locked" …
std::string describeActiveDirectorySubCode(int subCode);

/// Formats the 16 bytes of a Microsoft GUID (objectGUID) in its usual text form,
/// lower-case: the first three groups are little-endian in the binary value.
/// Throws std::invalid_argument when `bytes` is not 16 bytes long.
std::string formatGuid(std::string_view bytes);

/// The subject of an identity from the value of the id attribute: objectGUID (by name,
/// case-insensitive) as a GUID, printable text as it is, other binary values as hex.
/// Throws std::invalid_argument for an empty value or a malformed objectGUID.
std::string stableIdFromValue(std::string_view attributeName, std::string_view bytes);

/// Splits a list on white space and commas, dropping empty items.
std::vector<std::string> splitList(std::string_view text);

/// True for an attribute description: a name (letter, then letters, digits, '-') or
/// a numeric OID (digits and dots), optionally followed by ";option"s.
bool isAttributeName(std::string_view name);

/// True when `filter` looks like one LDAP filter: starts with '(', ends with ')',
/// parentheses balanced (escaped ones aside) and never closing below zero, no NUL.
bool isParenthesizedFilter(std::string_view filter);

/// ASCII lower-case copy.
std::string lowerAscii(std::string_view text);

}  // namespace rotunda::ldapauth
