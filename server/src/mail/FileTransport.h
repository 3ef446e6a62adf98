// FileTransport.h — mail written as .eml files into a directory (the default).
#pragma once

#include <atomic>
#include <string>

#include "mail/Mailer.h"

namespace rotunda::mail {

/// Writes each message as one RFC 5322 .eml file into a directory, so a fresh
/// install needs no mail relay and an operator can open what would have been sent.
/// File names sort by time of sending: 20250301T081502.123456Z-000001-4242.eml
/// (UTC time to the microsecond, a sequence number, the process id). Each file is
/// written under a temporary name, synced and then renamed, so a reader of the
/// directory sees whole messages only.
class FileTransport : public Mailer {
public:
    /// Creates `directory` (relative paths resolve against the working directory)
    /// when missing. `defaultFrom` is the sender of messages that name none.
    /// Throws MailUnavailable when the directory cannot be created.
    FileTransport(const std::string& directory, const std::string& defaultFrom);

    /// Writes the message; throws InvalidMailMessage or MailUnavailable (cannot write).
    void send(const MailMessage& message) override;

    std::string describe() const override;

    /// "unavailable" when the directory is missing or not writable.
    app::ComponentHealth health() const override;

    /// The absolute directory messages are written to.
    const std::string& directory() const { return directory_; }

private:
    std::string nextFileName();

    std::string directory_;
    std::string defaultFrom_;
    std::atomic<unsigned> sequence_{0};
};

}  // namespace rotunda::mail
