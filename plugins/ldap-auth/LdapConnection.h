// LdapConnection.h — one connection to a directory (an RAII LDAP handle), and the
// pool that keeps connections open between sign-ins.
#pragma once

#include "LdapSettings.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

typedef struct ldap LDAP;

namespace rotunda::ldapauth {

using Clock = std::chrono::steady_clock;

/// Why the directory could not be used (not a verdict on the user's password).
class DirectoryFailure : public std::runtime_error {
public:
    enum class Kind {
        Unreachable,  ///< no connection (refused, no route, closed)
        Timeout,      ///< connecting or an operation took longer than allowed
        Tls,          ///< StartTLS or the TLS handshake failed (certificate, host name)
        ServiceBind,  ///< the service account's bind was refused
        Operation     ///< a search failed for another reason (base DN, access, filter)
    };
    DirectoryFailure(Kind kind, std::string url, int code, const std::string& message);
    Kind kind() const { return kind_; }
    const std::string& url() const { return url_; }
    int code() const { return code_; }

private:
    Kind kind_;
    std::string url_;
    int code_;
};

/// An LDAP result code that means the connection or the server failed.
bool isConnectionLost(int code);

/// One entry found by a search. Attribute names are lower-case.
struct LdapEntry {
    std::string dn;
    std::map<std::string, std::vector<std::string>> values;
    /// The first value of `attribute` (any case), empty when it has none.
    std::string first(const std::string& attribute) const;
    const std::vector<std::string>& all(const std::string& attribute) const;
};

/// What a search returned.
struct SearchResult {
    std::vector<LdapEntry> entries;
    bool sizeLimitExceeded = false;
};

/// What a user's bind returned, with the password policy control when the server sent one.
struct BindResult {
    int code = 0;                ///< LDAP result code (0 success, 49 invalid credentials …)
    std::string diagnostic;      ///< the server's diagnostic message (AD sub-codes live here)
    int policyError = -1;        ///< ppolicy error (0 expired, 1 locked, 2 change after reset …); -1 none
    int secondsBeforeExpiry = -1;
    int graceLoginsLeft = -1;
};

/// A deadline for one sign-in: every connect and operation gets what is left, at most its own limit.
class Deadline {
public:
    explicit Deadline(long budgetMs) : end_(Clock::now() + std::chrono::milliseconds(budgetMs)) {}
    /// Milliseconds left, at most `limitMs`; 0 when the deadline has passed.
    long leftMs(long limitMs) const;
    Clock::time_point end() const { return end_; }

private:
    Clock::time_point end_;
};

/// One open connection to one URL: TLS as configured, then (for search connections)
/// bound as the service account. Used by one thread at a time.
class LdapConnection {
public:
    /// Connects to `url`; throws DirectoryFailure (Unreachable, Timeout, Tls, ServiceBind).
    /// `bindAsService`: bind with the service account right away (search connections).
    LdapConnection(const LdapSettings& settings, const std::string& url, bool bindAsService, const Deadline& deadline);
    ~LdapConnection();
    LdapConnection(const LdapConnection&) = delete;
    LdapConnection& operator=(const LdapConnection&) = delete;

    const std::string& url() const { return url_; }
    /// "StartTLS", "ldaps" or "none".
    const char* tlsMode() const;

    /// Searches; throws DirectoryFailure (Unreachable, Timeout, Operation).
    SearchResult search(const std::string& base, bool subtree, const std::string& filter,
                        const std::vector<std::string>& attributes, int sizeLimit, const Deadline& deadline);
    /// A simple bind as `dn`, asking for the password policy control. Failures of the
    /// connection itself throw DirectoryFailure; refusals are in the result.
    BindResult bind(const std::string& dn, const std::string& password, const Deadline& deadline);

private:
    void setOption(int option, const void* value, const char* name);
    std::string diagnosticMessage() const;
    [[noreturn]] void fail(int code, const std::string& doing);

    const LdapSettings& settings_;
    std::string url_;
    bool ldaps_;
    std::unique_ptr<LDAP, void (*)(LDAP*)> handle_;
};

/// Connections kept open and handed to one sign-in at a time. At most `capacity`
/// exist; a sign-in waits (until its deadline) when all are in use.
class ConnectionPool {
public:
    using Opener = std::function<std::unique_ptr<LdapConnection>(const Deadline&)>;

    ConnectionPool(std::size_t capacity, Opener opener);

    /// A connection borrowed from the pool; returned when it goes out of scope,
    /// unless discard() was called (then it is closed and its place freed).
    class Lease {
    public:
        Lease(ConnectionPool& pool, std::unique_ptr<LdapConnection> connection, bool reused)
            : pool_(&pool), connection_(std::move(connection)), reused_(reused) {}
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        LdapConnection* operator->() const { return connection_.get(); }
        LdapConnection& operator*() const { return *connection_; }
        /// True when the connection was opened for an earlier sign-in (it may have gone stale).
        bool reused() const { return reused_; }
        void discard();

    private:
        ConnectionPool* pool_;
        std::unique_ptr<LdapConnection> connection_;
        bool reused_;
    };

    /// An idle connection, or a new one when there is room; throws DirectoryFailure
    /// (Timeout) when none frees up before the deadline, or whatever opening throws.
    Lease acquire(const Deadline& deadline);
    /// Closes every idle connection (after the directory was found down).
    void clearIdle();
    std::size_t openCount() const;

private:
    void giveBack(std::unique_ptr<LdapConnection> connection);

    const std::size_t capacity_;
    Opener opener_;
    mutable std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<LdapConnection>> idle_;
    std::size_t open_ = 0;  ///< idle + leased + being opened
};

}  // namespace rotunda::ldapauth
