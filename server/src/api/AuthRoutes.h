// AuthRoutes.h — sign-up, sign-in, sign-out, the caller's profile and sessions.
#pragma once

#include "auth/AccountService.h"
#include "http/RequestContext.h"
#include "http/Router.h"

namespace rotunda::api {

/// The session cookie's name.
inline constexpr const char* kSessionCookie = "rotunda_session";
/// The header that must carry the session's CSRF token on unsafe methods.
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

/// The signed-in caller, or Problem 401. For unsafe methods (POST, PUT, PATCH,
/// DELETE) the CSRF header must match the session's token, or Problem 403.
auth::Authenticated requireCaller(http::RequestContext& context, auth::AccountService& accounts);

/// Sets (or, with an empty token and age 0, clears) the session cookie: HttpOnly,
/// SameSite=Lax, Secure when auth.secureCookies says so.
void setSessionCookie(http::RequestContext& context, const std::string& token, int maxAgeSeconds, bool secure);

/// Answers a request that produced a session: the cookie, and the user with the
/// session's CSRF token as JSON.
void answerSignedIn(http::RequestContext& context, auth::AccountService& accounts, const auth::SignInResult& result,
                    int status);

/// Registers /api/v1/auth/* and /api/v1/me*. `accounts` must outlive the router.
void registerAuthRoutes(http::Router& router, auth::AccountService& accounts);

}  // namespace rotunda::api
