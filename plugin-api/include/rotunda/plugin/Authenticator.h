// Authenticator.h — sign-in extension points: password checks and single sign-on redirects.
#pragma once

#include "rotunda/plugin/Diagnosis.h"
#include "rotunda/plugin/HostContext.h"

#include <map>
#include <string>
#include <vector>

namespace rotunda::plugin {

/// Who the directory or identity provider says the person is.
struct Identity {
    std::string subject;      ///< stable id at the source (entryUUID, objectGUID, sub)
    std::string email;
    std::string displayName;
    std::vector<std::string> groups;               ///< group DNs or names, for role mapping
    std::map<std::string, std::string> attributes;  ///< anything else worth keeping
};

/// How a sign-in attempt ended. Expected failures are outcomes, not exceptions.
enum class AuthStatus {
    Ok,                  ///< identity is filled in
    InvalidCredentials,  ///< unknown user or wrong password: the user is told neither
    Locked,              ///< the account is locked at the source
    Expired,             ///< the password expired or must be changed at the source
    Unavailable          ///< the source could not be reached or timed out
};

/// The result of one sign-in attempt.
struct AuthOutcome {
    AuthStatus status = AuthStatus::InvalidCredentials;
    Identity identity;   ///< only for Ok
    std::string detail;  ///< for the log (never shown to the user, never a password)
};

/// A username and password to check.
struct PasswordRequest {
    std::string username;
    std::string password;
    std::string remoteAddress;  ///< the client's address, for the source's own logs
};

/// Checks a username and password against a directory (LDAP, Active Directory …).
class PasswordAuthenticator {
public:
    virtual ~PasswordAuthenticator() = default;
    /// Name shown on the sign-in page, e.g. "Hospital account".
    virtual std::string displayName() const = 0;
    /// Checks the credentials. Must not throw for wrong credentials or an unreachable source.
    virtual AuthOutcome authenticate(const PasswordRequest& request) = 0;
    /// The component's health for /health; quick, must not throw.
    virtual ComponentState health() { return {}; }

    // ---- ABI 1.1: appended, never move above this line (plugin-api/CHANGELOG.md).

    /// Explains, step by step, whether `username` could sign in: configuration,
    /// reaching the source (and its TLS), finding the user, the identity and groups
    /// it would give. For `rotunda-admin ldap test USER`; operators read the findings.
    /// Must never sign the user in, never change anything at the source, and never
    /// put a password or secret in a finding. May take as long as one call's budget
    /// (HostContext::callTimeoutMs) per step; expected failures are outcomes, not
    /// exceptions. The default says this authenticator offers no diagnostics.
    /// The host never calls it on a plugin built against ABI 1.0.
    virtual Diagnosis diagnose([[maybe_unused]] const std::string& username) {
        return noDiagnostics("authenticator");
    }
};

/// The first leg of a single sign-on: where to send the browser.
struct RedirectStart {
    std::string url;    ///< the identity provider's URL with the request
    std::string state;  ///< opaque value the host stores and passes back to complete()
};

/// A single sign-on redirect to start.
struct RedirectRequest {
    std::string callbackUrl;    ///< where the provider must send the browser back
    std::string remoteAddress;
};

/// The browser's return from the identity provider.
struct RedirectCallback {
    std::map<std::string, std::string> parameters;  ///< query or form parameters
    std::string state;                              ///< the value start() returned
    std::string callbackUrl;
    std::string remoteAddress;
};

/// Single sign-on through a browser redirect (SAML, OpenID Connect).
class RedirectAuthenticator {
public:
    virtual ~RedirectAuthenticator() = default;
    /// Name shown on the sign-in button, e.g. "Sign in with Hospital SSO".
    virtual std::string displayName() const = 0;
    /// Builds the redirect to the identity provider.
    virtual RedirectStart start(const RedirectRequest& request) = 0;
    /// Checks the provider's answer and says who signed in.
    virtual AuthOutcome complete(const RedirectCallback& callback) = 0;
    /// The component's health for /health; quick, must not throw.
    virtual ComponentState health() { return {}; }
};

}  // namespace rotunda::plugin
