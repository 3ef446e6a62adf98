// LdapConnection.cpp — one connection to a directory (an RAII LDAP handle), and the pool.
#include "LdapConnection.h"

#include "LdapText.h"

#include <ldap.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace rotunda::ldapauth {
namespace {

// RAII for what libldap hands out.
struct MessageFree {
    void operator()(LDAPMessage* message) const { ldap_msgfree(message); }
};
using Message = std::unique_ptr<LDAPMessage, MessageFree>;
struct MemFree {
    void operator()(char* text) const { ldap_memfree(text); }
};
using LdapText = std::unique_ptr<char, MemFree>;
struct ValuesFree {
    void operator()(berval** values) const { ldap_value_free_len(values); }
};
using Values = std::unique_ptr<berval*, ValuesFree>;
struct ControlsFree {
    void operator()(LDAPControl** controls) const { ldap_controls_free(controls); }
};
using Controls = std::unique_ptr<LDAPControl*, ControlsFree>;
struct ControlFree {
    void operator()(LDAPControl* control) const { ldap_control_free(control); }
};
using Control = std::unique_ptr<LDAPControl, ControlFree>;
struct BerFree {
    void operator()(BerElement* ber) const { ber_free(ber, 0); }
};

void unbind(LDAP* handle) {
    if (handle != nullptr) ldap_unbind_ext_s(handle, nullptr, nullptr);
}

timeval toTimeval(long ms) {
    timeval tv{};
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return tv;
}

bool mentionsTls(const std::string& text) {
    const std::string lower = lowerAscii(text);
    return lower.find("tls") != std::string::npos || lower.find("ssl") != std::string::npos ||
           lower.find("certificate") != std::string::npos;
}

std::string errorText(int code) {
    const char* text = ldap_err2string(code);
    return std::string(text ? text : "unknown error") + " (" + std::to_string(code) + ")";
}

const std::vector<std::string> kNoValues;

constexpr const char* kTlsHint =
    "the directory's certificate was not accepted: check caFile, that the host name in the URL is one the "
    "certificate names, and that the certificate has not expired";

// Whether a plain TCP connection to the URL's host and port succeeds within `timeoutMs`.
// libldap (GnuTLS) reports a failed ldaps:// handshake like a refused connection; this
// tells the two apart, on the failure path only.
bool tcpReachable(const std::string& url, long timeoutMs) {
    LDAPURLDesc* parsed = nullptr;
    if (ldap_url_parse(url.c_str(), &parsed) != LDAP_URL_SUCCESS || parsed == nullptr) return false;
    const std::string host = parsed->lud_host && *parsed->lud_host ? parsed->lud_host : "localhost";
    const std::string port = std::to_string(parsed->lud_port ? parsed->lud_port : 636);
    ldap_free_urldesc(parsed);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return false;
    bool reachable = false;
    for (addrinfo* address = found; address != nullptr && !reachable; address = address->ai_next) {
        const int fd = ::socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK, address->ai_protocol);
        if (fd < 0) continue;
        if (::connect(fd, address->ai_addr, address->ai_addrlen) == 0) {
            reachable = true;
        } else if (errno == EINPROGRESS) {
            pollfd waiting{fd, POLLOUT, 0};
            int error = 0;
            socklen_t length = sizeof error;
            reachable = ::poll(&waiting, 1, static_cast<int>(timeoutMs)) == 1 &&
                        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
        }
        ::close(fd);
    }
    ::freeaddrinfo(found);
    return reachable;
}

}  // namespace

DirectoryFailure::DirectoryFailure(Kind kind, std::string url, int code, const std::string& message)
    : std::runtime_error(message), kind_(kind), url_(std::move(url)), code_(code) {}

bool isConnectionLost(int code) {
    return code == LDAP_SERVER_DOWN || code == LDAP_CONNECT_ERROR || code == LDAP_UNAVAILABLE || code == LDAP_BUSY;
}

std::string LdapEntry::first(const std::string& attribute) const {
    const std::vector<std::string>& found = all(attribute);
    return found.empty() ? std::string() : found.front();
}

const std::vector<std::string>& LdapEntry::all(const std::string& attribute) const {
    const auto found = values.find(lowerAscii(attribute));
    return found == values.end() ? kNoValues : found->second;
}

long Deadline::leftMs(long limitMs) const {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end_ - Clock::now()).count();
    return std::max(0L, std::min(limitMs, static_cast<long>(left)));
}

LdapConnection::LdapConnection(const LdapSettings& settings, const std::string& url, bool bindAsService,
                               const Deadline& deadline)
    : settings_(settings), url_(url), ldaps_(lowerAscii(url).rfind("ldaps://", 0) == 0), handle_(nullptr, unbind) {
    LDAP* raw = nullptr;
    const int initialized = ldap_initialize(&raw, url.c_str());
    if (initialized != LDAP_SUCCESS || raw == nullptr)
        throw DirectoryFailure(DirectoryFailure::Kind::Unreachable, url, initialized,
                               "cannot use " + url + ": " + errorText(initialized));
    handle_.reset(raw);

    const int version = LDAP_VERSION3;
    setOption(LDAP_OPT_PROTOCOL_VERSION, &version, "protocol version");
    const long connectMs = deadline.leftMs(settings.networkTimeoutMs);
    if (connectMs == 0)
        throw DirectoryFailure(DirectoryFailure::Kind::Timeout, url, LDAP_TIMEOUT,
                               "no time left to connect to " + url);
    const timeval network = toTimeval(connectMs);
    setOption(LDAP_OPT_NETWORK_TIMEOUT, &network, "network timeout");
    const timeval operation = toTimeval(std::max(1L, deadline.leftMs(settings.operationTimeoutMs)));
    setOption(LDAP_OPT_TIMEOUT, &operation, "operation timeout");
    setOption(LDAP_OPT_REFERRALS, settings.referrals ? LDAP_OPT_ON : LDAP_OPT_OFF, "referrals");
    setOption(LDAP_OPT_RESTART, LDAP_OPT_ON, "restart");
    const int requireCertificate = settings.verifyCertificate ? LDAP_OPT_X_TLS_DEMAND : LDAP_OPT_X_TLS_NEVER;
    setOption(LDAP_OPT_X_TLS_REQUIRE_CERT, &requireCertificate, "certificate checking");
    if (!settings.caFile.empty()) setOption(LDAP_OPT_X_TLS_CACERTFILE, settings.caFile.c_str(), "CA file");
    const int isServer = 0;  // a new TLS context for this handle, with the options above
    setOption(LDAP_OPT_X_TLS_NEWCTX, &isServer, "TLS context");

    const int connected = ldap_connect(handle_.get());
    if (connected != LDAP_SUCCESS) {
        const std::string diagnostic = diagnosticMessage();
        const bool tls = ldaps_ && connected != LDAP_TIMEOUT &&
                         (mentionsTls(diagnostic) || tcpReachable(url, std::max(1L, deadline.leftMs(connectMs))));
        const auto kind = connected == LDAP_TIMEOUT ? DirectoryFailure::Kind::Timeout
                          : tls                     ? DirectoryFailure::Kind::Tls
                                                    : DirectoryFailure::Kind::Unreachable;
        throw DirectoryFailure(kind, url, connected,
                               "cannot connect to " + url + ": " + errorText(connected) +
                                   (tls ? std::string("; the port answers, but ") + kTlsHint
                                        : diagnostic.empty() ? "" : "; " + diagnostic));
    }
    if (!ldaps_ && settings.startTls) {
        const int started = ldap_start_tls_s(handle_.get(), nullptr, nullptr);
        if (started != LDAP_SUCCESS) {
            const std::string diagnostic = diagnosticMessage();
            const auto kind = started == LDAP_TIMEOUT         ? DirectoryFailure::Kind::Timeout
                              : started == LDAP_SERVER_DOWN && !mentionsTls(diagnostic)
                                  ? DirectoryFailure::Kind::Unreachable
                                  : DirectoryFailure::Kind::Tls;
            const bool unexplained = diagnostic.empty() || diagnostic == "(unknown error code)";
            throw DirectoryFailure(kind, url, started,
                                   "StartTLS with " + url + " failed: " + errorText(started) + "; " +
                                       (kind == DirectoryFailure::Kind::Tls && unexplained ? kTlsHint : diagnostic));
        }
    }
    if (bindAsService) {
        const BindResult bound = bind(settings.bindDn, settings.bindPassword, deadline);
        if (bound.code != LDAP_SUCCESS)
            throw DirectoryFailure(DirectoryFailure::Kind::ServiceBind, url, bound.code,
                                   "the service account " + settings.bindDn + " cannot bind at " + url + ": " +
                                       errorText(bound.code) +
                                       (bound.diagnostic.empty() ? "" : "; " + bound.diagnostic) +
                                       "; check bindDn and bindPassword");
    }
}

LdapConnection::~LdapConnection() = default;

const char* LdapConnection::tlsMode() const {
    if (ldaps_) return "ldaps";
    return settings_.startTls ? "StartTLS" : "none";
}

void LdapConnection::setOption(int option, const void* value, const char* name) {
    const int set = ldap_set_option(handle_.get(), option, value);
    if (set != LDAP_OPT_SUCCESS)
        throw DirectoryFailure(DirectoryFailure::Kind::Tls, url_, set,
                               std::string("cannot set the LDAP option '") + name + "' for " + url_ +
                                   " (is libldap built with TLS?)");
}

std::string LdapConnection::diagnosticMessage() const {
    char* message = nullptr;
    ldap_get_option(handle_.get(), LDAP_OPT_DIAGNOSTIC_MESSAGE, &message);
    const LdapText owned(message);
    return message ? std::string(message) : std::string();
}

void LdapConnection::fail(int code, const std::string& doing) {
    const std::string diagnostic = diagnosticMessage();
    const auto kind = code == LDAP_TIMEOUT || code == LDAP_TIMELIMIT_EXCEEDED ? DirectoryFailure::Kind::Timeout
                      : isConnectionLost(code)                               ? DirectoryFailure::Kind::Unreachable
                                                                              : DirectoryFailure::Kind::Operation;
    throw DirectoryFailure(kind, url_, code,
                           doing + " at " + url_ + " failed: " + errorText(code) +
                               (diagnostic.empty() ? "" : "; " + diagnostic));
}

SearchResult LdapConnection::search(const std::string& base, bool subtree, const std::string& filter,
                                    const std::vector<std::string>& attributes, int sizeLimit,
                                    const Deadline& deadline) {
    std::vector<char*> names;
    for (const std::string& name : attributes) names.push_back(const_cast<char*>(name.c_str()));
    names.push_back(nullptr);
    const long leftMs = deadline.leftMs(settings_.operationTimeoutMs);
    if (leftMs == 0) fail(LDAP_TIMEOUT, "searching " + base);
    timeval serverLimit = toTimeval(std::max(1000L, leftMs));  // the server counts whole seconds
    int messageId = 0;
    const int sent = ldap_search_ext(handle_.get(), base.c_str(), subtree ? LDAP_SCOPE_SUBTREE : LDAP_SCOPE_ONELEVEL,
                                     filter.c_str(), names.data(), 0, nullptr, nullptr, &serverLimit, sizeLimit,
                                     &messageId);
    if (sent != LDAP_SUCCESS) fail(sent, "searching " + base);
    timeval wait = toTimeval(leftMs);
    LDAPMessage* raw = nullptr;
    const int type = ldap_result(handle_.get(), messageId, LDAP_MSG_ALL, &wait, &raw);
    const Message result(raw);
    if (type == 0) {
        ldap_abandon_ext(handle_.get(), messageId, nullptr, nullptr);
        fail(LDAP_TIMEOUT, "searching " + base);
    }
    if (type < 0) {
        int code = LDAP_SERVER_DOWN;
        ldap_get_option(handle_.get(), LDAP_OPT_RESULT_CODE, &code);
        fail(code, "searching " + base);
    }

    SearchResult found;
    for (LDAPMessage* entry = ldap_first_entry(handle_.get(), result.get()); entry != nullptr;
         entry = ldap_next_entry(handle_.get(), entry)) {
        LdapEntry item;
        const LdapText dn(ldap_get_dn(handle_.get(), entry));
        item.dn = dn ? dn.get() : "";
        BerElement* rawBer = nullptr;
        for (char* name = ldap_first_attribute(handle_.get(), entry, &rawBer); name != nullptr;
             name = ldap_next_attribute(handle_.get(), entry, rawBer)) {
            const LdapText owned(name);
            const Values values(ldap_get_values_len(handle_.get(), entry, name));
            std::vector<std::string>& into = item.values[lowerAscii(name)];
            if (values)
                for (berval** value = values.get(); *value != nullptr; ++value)
                    into.emplace_back((*value)->bv_val, (*value)->bv_len);
        }
        const std::unique_ptr<BerElement, BerFree> ber(rawBer);
        found.entries.push_back(std::move(item));
    }
    int code = LDAP_SUCCESS;
    char* diagnostic = nullptr;
    const int parsed = ldap_parse_result(handle_.get(), result.get(), &code, nullptr, &diagnostic, nullptr, nullptr, 0);
    const LdapText ownedDiagnostic(diagnostic);
    if (parsed != LDAP_SUCCESS) fail(parsed, "reading the search result under " + base);
    if (code == LDAP_SIZELIMIT_EXCEEDED) found.sizeLimitExceeded = true;
    else if (code != LDAP_SUCCESS) fail(code, "searching " + base + " for " + filter);
    return found;
}

BindResult LdapConnection::bind(const std::string& dn, const std::string& password, const Deadline& deadline) {
    BindResult outcome;
    const long leftMs = deadline.leftMs(settings_.operationTimeoutMs);
    if (leftMs == 0) fail(LDAP_TIMEOUT, "binding");
    LDAPControl* rawPolicy = nullptr;
    ldap_create_passwordpolicy_control(handle_.get(), &rawPolicy);
    const Control policy(rawPolicy);
    LDAPControl* controls[] = {policy.get(), nullptr};
    berval credentials{static_cast<ber_len_t>(password.size()), const_cast<char*>(password.data())};
    int messageId = 0;
    const int sent = ldap_sasl_bind(handle_.get(), dn.c_str(), LDAP_SASL_SIMPLE, &credentials,
                                    policy ? controls : nullptr, nullptr, &messageId);
    if (sent != LDAP_SUCCESS) {
        if (isConnectionLost(sent) || sent == LDAP_TIMEOUT) fail(sent, "binding");
        outcome.code = sent;
        outcome.diagnostic = diagnosticMessage();
        return outcome;
    }
    timeval wait = toTimeval(leftMs);
    LDAPMessage* raw = nullptr;
    const int type = ldap_result(handle_.get(), messageId, LDAP_MSG_ALL, &wait, &raw);
    if (type == 0) {
        ldap_msgfree(raw);
        ldap_abandon_ext(handle_.get(), messageId, nullptr, nullptr);
        fail(LDAP_TIMEOUT, "binding");
    }
    if (type < 0) {
        int code = LDAP_SERVER_DOWN;
        ldap_get_option(handle_.get(), LDAP_OPT_RESULT_CODE, &code);
        fail(code, "binding");
    }
    char* diagnostic = nullptr;
    LDAPControl** rawControls = nullptr;
    const int parsed = ldap_parse_result(handle_.get(), raw, &outcome.code, nullptr, &diagnostic, nullptr,
                                         &rawControls, 1 /* frees raw */);
    const LdapText ownedDiagnostic(diagnostic);
    const Controls received(rawControls);
    if (parsed != LDAP_SUCCESS) fail(parsed, "reading the bind result");
    if (diagnostic != nullptr) outcome.diagnostic = diagnostic;
    if (isConnectionLost(outcome.code)) fail(outcome.code, "binding");
    if (received) {
        LDAPControl* response = ldap_control_find(LDAP_CONTROL_PASSWORDPOLICYRESPONSE, received.get(), nullptr);
        if (response != nullptr) {
            ber_int_t expire = -1, grace = -1;
            LDAPPasswordPolicyError error = PP_noError;
            if (ldap_parse_passwordpolicy_control(handle_.get(), response, &expire, &grace, &error) == LDAP_SUCCESS) {
                outcome.policyError = error == PP_noError ? -1 : static_cast<int>(error);
                outcome.secondsBeforeExpiry = expire;
                outcome.graceLoginsLeft = grace;
            }
        }
    }
    return outcome;
}

ConnectionPool::ConnectionPool(std::size_t capacity, Opener opener)
    : capacity_(std::max<std::size_t>(1, capacity)), opener_(std::move(opener)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)), reused_(other.reused_) {}

ConnectionPool::Lease::~Lease() {
    if (connection_) pool_->giveBack(std::move(connection_));
}

void ConnectionPool::Lease::discard() {
    if (!connection_) return;
    connection_.reset();
    std::lock_guard<std::mutex> lock(pool_->mutex_);
    --pool_->open_;
    pool_->freed_.notify_one();
}

ConnectionPool::Lease ConnectionPool::acquire(const Deadline& deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        if (!idle_.empty()) {
            std::unique_ptr<LdapConnection> connection = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(connection), true);
        }
        if (open_ < capacity_) break;
        if (freed_.wait_until(lock, deadline.end()) == std::cv_status::timeout && idle_.empty() && open_ >= capacity_)
            throw DirectoryFailure(DirectoryFailure::Kind::Timeout, "", LDAP_TIMEOUT,
                                   "all " + std::to_string(capacity_) +
                                       " pooled connections stayed busy until the deadline (poolSize)");
    }
    ++open_;  // reserved while it is opened, outside the lock
    lock.unlock();
    try {
        return Lease(*this, opener_(deadline), false);
    } catch (...) {
        lock.lock();
        --open_;
        freed_.notify_one();
        throw;
    }
}

void ConnectionPool::giveBack(std::unique_ptr<LdapConnection> connection) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(connection));
    freed_.notify_one();
}

void ConnectionPool::clearIdle() {
    std::vector<std::unique_ptr<LdapConnection>> closing;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        closing.swap(idle_);
        open_ -= closing.size();
        freed_.notify_all();
    }
}

std::size_t ConnectionPool::openCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return open_;
}

}  // namespace rotunda::ldapauth
