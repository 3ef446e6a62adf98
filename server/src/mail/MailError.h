// MailError.h — what sending mail can throw, split by what the caller should do next.
#pragma once

#include <stdexcept>
#include <string>

namespace rotunda::mail {

/// The message itself is wrong (an address that is not one address, CR or LF in a
/// header, no recipient …). Sending it again will never work: fix the caller.
class InvalidMailMessage : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// Delivery failed for a reason that may pass: the mail server is down, refused the
/// connection, timed out or answered with a transient (4xx) reply, or the mail
/// directory could not be written. Try the same message again later.
class MailUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The mail server refused the message for good (a permanent 5xx reply, such as an
/// unknown recipient or failed authentication). Retrying the same message is pointless.
class MailRejected : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace rotunda::mail
