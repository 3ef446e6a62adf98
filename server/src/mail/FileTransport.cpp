// FileTransport.cpp — mail written as .eml files into a directory (the default).
#include "mail/FileTransport.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/NumberFormatter.h>
#include <Poco/Path.h>
#include <Poco/Process.h>
#include <Poco/Timestamp.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

namespace rotunda::mail {
namespace {

std::string errorText(int error) {
    return std::strerror(error);
}

/// A file descriptor closed when it goes out of scope.
class Descriptor {
public:
    explicit Descriptor(int fd) : fd_(fd) {}
    ~Descriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return fd_; }
    /// Closes now, returning close()'s errno (0 when fine), since a failed close can
    /// mean lost data.
    int close() {
        const int result = ::close(fd_);
        fd_ = -1;
        return result == 0 ? 0 : errno;
    }

private:
    int fd_;
};

/// Writes `content` to a new file at `path` and syncs it. Returns errno, 0 when fine.
int writeSynced(const std::string& path, const std::string& content) {
    Descriptor file(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640));
    if (file.get() < 0) return errno;
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(file.get(), content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(file.get()) != 0) return errno;
    return file.close();
}

}  // namespace

FileTransport::FileTransport(const std::string& directory, const std::string& defaultFrom)
    : directory_(Poco::Path(directory).makeDirectory().absolute().toString()),
      defaultFrom_(defaultFrom) {
    try {
        Poco::File(directory_).createDirectories();
    } catch (const Poco::Exception& e) {
        throw MailUnavailable("cannot create the mail directory " + directory_ + ": " +
                              e.displayText() + "; create it or set mail.directory");
    }
}

std::string FileTransport::nextFileName() {
    const unsigned sequence = ++sequence_ % 1000000;
    return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y%m%dT%H%M%S.%FZ") + "-" +
           Poco::NumberFormatter::format0(sequence, 6) + "-" + std::to_string(Poco::Process::id()) +
           ".eml";
}

void FileTransport::send(const MailMessage& message) {
    Poco::Net::MailMessage mime;
    message.compose(mime, defaultFrom_);
    std::ostringstream text;
    mime.write(text);

    const std::string name = nextFileName();
    // Hidden and in the same directory: the rename below is then atomic, and
    // anything listing *.eml never sees the partial file.
    const std::string temporary = directory_ + "." + name + ".tmp";
    const std::string final = directory_ + name;
    if (const int error = writeSynced(temporary, text.str())) {
        std::remove(temporary.c_str());
        throw MailUnavailable("cannot write " + temporary + ": " + errorText(error) +
                              "; check that the mail directory is writable and not full");
    }
    if (std::rename(temporary.c_str(), final.c_str()) != 0) {
        const int error = errno;
        std::remove(temporary.c_str());
        throw MailUnavailable("cannot rename " + temporary + " to " + final + ": " +
                              errorText(error));
    }
}

std::string FileTransport::describe() const {
    return ".eml files in " + directory_;
}

app::ComponentHealth FileTransport::health() const {
    if (::access(directory_.c_str(), W_OK | X_OK) != 0)
        return {"mail", "unavailable",
                "the mail directory " + directory_ + " is not writable: " + errorText(errno),
                false};
    return {"mail", "ok", "", false};
}

}  // namespace rotunda::mail
