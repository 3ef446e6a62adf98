// AuthRoutes.cpp — sign-up, sign-in, sign-out, the caller's profile and sessions.
#include "api/AuthRoutes.h"

#include "api/Common.h"
#include "auth/Secrets.h"
#include "http/Problem.h"
#include "store/UserRepository.h"

#include <Poco/JSON/Array.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/String.h>

#include <algorithm>

namespace rotunda::api {
namespace {

Poco::JSON::Object userJson(const store::User& user) {
    Poco::JSON::Object json;
    json.set("id", user.id);
    json.set("email", user.email);
    json.set("name", user.name);
    json.set("pronouns", user.pronouns);
    json.set("phone", user.phone);
    json.set("title", user.title);
    json.set("bio", user.bio);
    json.set("photoDocumentId", user.photoDocumentId.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(user.photoDocumentId));
    json.set("status", user.status);
    json.set("administrator", user.administrator);
    return json;
}

void handleSignUp(http::RequestContext& context, auth::AccountService& accounts) {
    if (!accounts.settings().allowSignUp)
        throw http::Problem::forbidden("sign-up is turned off here; ask your coordinator for an invitation");
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the account cannot be created as given");
    const std::string email = requiredString(body, "email", problem, 254);
    const std::string name = requiredString(body, "name", problem, 200);
    const std::string password = requiredString(body, "password", problem, 4096);
    throwIfInvalid(problem);
    try {
        answerSignedIn(context, accounts, accounts.signUp(email, name, password, originOf(context)), 201);
    } catch (const auth::ValidationFailed& e) {
        for (const auto& [field, message] : e.fields()) problem.withError(field, message);
        throw problem;
    } catch (const store::DuplicateEmail&) {
        throw http::Problem(409, "User already exists",
                            "an account with this email already exists (an invitation may have created it); "
                            "use \"Forgot password\" on the sign-in page to set a password for it")
            .withError("email", "already has an account");
    }
}

void handleSignIn(http::RequestContext& context, auth::AccountService& accounts) {
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("sign-in needs an email (or user name) and a password");
    const std::string email = requiredString(body, "email", problem, 254);
    const std::string password = requiredString(body, "password", problem, 4096);
    throwIfInvalid(problem);
    const auth::SignInResult result = accounts.signIn(email, password, originOf(context));
    switch (result.outcome) {
        case auth::SignInResult::Outcome::SignedIn:
            answerSignedIn(context, accounts, result, 200);
            return;
        case auth::SignInResult::Outcome::Invalid:
            throw http::Problem(401, "Unauthorized", "the email or password is not correct");
        case auth::SignInResult::Outcome::Locked:
        case auth::SignInResult::Outcome::RateLimited:
            throw http::Problem(429, "Too Many Requests",
                                "too many sign-in attempts; wait a little and try again, or use \"Forgot password\"")
                .withHeader("Retry-After", std::to_string(std::max(1, result.retryAfterSeconds)));
        case auth::SignInResult::Outcome::Unavailable:
            throw http::Problem::unavailable(
                "the directory that checks this account is unavailable; try again in a few minutes");
        case auth::SignInResult::Outcome::Expired:
            throw http::Problem(403, "Password expired",
                                "your directory password has expired or must be changed; change it " +
                                    (result.passwordChangeUrl.empty()
                                         ? std::string("the way your organization changes directory passwords "
                                                       "(ask your IT desk)")
                                         : "at " + result.passwordChangeUrl) +
                                    ", then sign in again");
    }
}

// The problem for a mailed link that cannot be used, with what to do instead.
void throwIfRefused(auth::AccountService::ResetRefusal refusal, const std::string& wayForward) {
    switch (refusal) {
        case auth::AccountService::ResetRefusal::None: return;
        case auth::AccountService::ResetRefusal::Used:
            throw http::Problem::badRequest("this link was used already; " + wayForward).withError("token", "used");
        case auth::AccountService::ResetRefusal::Expired:
            throw http::Problem::badRequest("this link has expired; " + wayForward).withError("token", "expired");
        case auth::AccountService::ResetRefusal::Unknown:
            throw http::Problem::badRequest("this link is not valid; " + wayForward).withError("token", "unknown");
    }
}

void handleForgotPassword(http::RequestContext& context, auth::AccountService& accounts) {
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("a password reset needs an email");
    const std::string email = requiredString(body, "email", problem, 254);
    throwIfInvalid(problem);
    int retryAfter = 0;
    if (accounts.rateLimited(context.remoteAddress(), retryAfter))
        throw http::Problem(429, "Too Many Requests", "too many requests from this address; try again later")
            .withHeader("Retry-After", std::to_string(retryAfter));
    accounts.requestPasswordReset(email, originOf(context));
    // The same answer whether or not the account exists.
    Poco::JSON::Object answer;
    answer.set("detail", "if an account exists for this email, a link to set a new password is on its way");
    context.sendJson(202, answer);
}

void handleResetPassword(http::RequestContext& context, auth::AccountService& accounts) {
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the password cannot be set as given");
    const std::string token = requiredString(body, "token", problem, 200);
    const std::string password = requiredString(body, "password", problem, 4096);
    throwIfInvalid(problem);
    auth::AccountService::ResetRefusal refusal = auth::AccountService::ResetRefusal::None;
    try {
        refusal = accounts.resetPassword(token, password, originOf(context));
    } catch (const auth::ValidationFailed& e) {
        for (const auto& [field, message] : e.fields()) problem.withError(field, message);
        throw problem;
    }
    throwIfRefused(refusal, "ask for a new one with \"Forgot password\"");
    context.sendNoContent();
}

void handleEmailChange(http::RequestContext& context, auth::AccountService& accounts) {
    const auth::Authenticated caller = requireCaller(context, accounts);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the email address cannot be changed as given");
    const std::string email = requiredString(body, "email", problem, 254);
    const std::string currentPassword = caller.user.passwordHash.empty()
                                            ? std::string()
                                            : requiredString(body, "currentPassword", problem, 4096);
    throwIfInvalid(problem);
    try {
        accounts.requestEmailChange(caller, email, currentPassword, originOf(context));
    } catch (const auth::ValidationFailed& e) {
        for (const auto& [field, message] : e.fields()) problem.withError(field, message);
        throw problem;
    } catch (const store::DuplicateEmail&) {
        throw http::Problem(409, "Conflict", "another account already uses this email address")
            .withError("email", "already has an account");
    }
    Poco::JSON::Object answer;
    answer.set("detail", "a confirmation link is on its way to the new address; the change happens once it is opened");
    context.sendJson(202, answer);
}

void handleEmailConfirm(http::RequestContext& context, auth::AccountService& accounts) {
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the confirmation needs its token");
    const std::string token = requiredString(body, "token", problem, 200);
    throwIfInvalid(problem);
    try {
        throwIfRefused(accounts.confirmEmailChange(token, originOf(context)),
                       "change the address again from your profile");
    } catch (const store::DuplicateEmail&) {
        throw http::Problem(409, "Conflict", "another account took this email address meanwhile")
            .withError("email", "already has an account");
    }
    context.sendNoContent();
}

void handleUpdateProfile(http::RequestContext& context, auth::AccountService& accounts,
                         store::UserRepository& users) {
    auth::Authenticated caller = requireCaller(context, accounts);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the profile cannot be changed as given");
    store::User user = caller.user;
    const std::vector<std::pair<std::string, std::string*>> fields = {
        {"name", &user.name}, {"pronouns", &user.pronouns}, {"phone", &user.phone},
        {"title", &user.title}, {"bio", &user.bio}};
    for (const auto& name : body->getNames())
        if (name != "photoDocumentId" &&
            std::none_of(fields.begin(), fields.end(), [&](const auto& f) { return f.first == name; }))
            problem.withError(name, "cannot be changed here");
    user.photoDocumentId = optionalImageDocument(accounts.database(), body, "photoDocumentId", "profile", user.id,
                                                 user.photoDocumentId,
                                                 "must be a document you uploaded with recordType=profile", problem);
    for (const auto& [name, target] : fields) {
        if (!body->has(name)) continue;
        const std::size_t limit = name == "bio" ? 4000 : 200;
        *target = Poco::trim(requiredString(body, name, problem, limit));
        if (std::any_of(target->begin(), target->end(), [&](char c) {
                return static_cast<unsigned char>(c) < 0x20 && !(name == "bio" && c == '\n');
            }))
            problem.withError(name, "must not contain control characters");
    }
    if (body->has("name") && user.name.empty()) problem.withError("name", "must not be empty");
    throwIfInvalid(problem);
    users.updateProfile(user);
    context.sendJson(200, userJson(user));
}

}  // namespace

void setSessionCookie(http::RequestContext& context, const std::string& token, int maxAgeSeconds, bool secure) {
    Poco::Net::HTTPCookie cookie(kSessionCookie, token);
    cookie.setPath("/");
    cookie.setHttpOnly(true);
    cookie.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_LAX);
    cookie.setSecure(secure);
    cookie.setMaxAge(maxAgeSeconds);
    context.response().addCookie(cookie);
}

// The answer to a sign-in or sign-up that produced a session.
void answerSignedIn(http::RequestContext& context, auth::AccountService& accounts, const auth::SignInResult& result,
                    int status) {
    setSessionCookie(context, result.token, accounts.settings().sessionAbsoluteHours * 3600,
                     accounts.settings().secureCookies);
    Poco::JSON::Object body;
    body.set("user", userJson(result.signedIn.user));
    body.set("csrfToken", result.signedIn.session.csrfToken);
    context.sendJson(status, body);
}

auth::Authenticated requireCaller(http::RequestContext& context, auth::AccountService& accounts) {
    Poco::Net::NameValueCollection cookies;
    context.request().getCookies(cookies);
    const std::optional<auth::Authenticated> caller = accounts.authenticate(cookies.get(kSessionCookie, ""));
    if (!caller) throw http::Problem(401, "Unauthorized", "sign in first (no valid session)");
    const std::string& method = context.request().getMethod();
    const bool unsafe = method != "GET" && method != "HEAD" && method != "OPTIONS";
    if (unsafe && !auth::constantTimeEquals(context.request().get(kCsrfHeader, ""), caller->session.csrfToken))
        throw http::Problem::forbidden(std::string("the ") + kCsrfHeader +
                                       " header is missing or does not match this session");
    return *caller;
}

void registerAuthRoutes(http::Router& router, auth::AccountService& accounts) {
    router.add("POST", "/api/v1/auth/signup", "Create an account and sign in",
               [&accounts](http::RequestContext& context) { handleSignUp(context, accounts); });
    router.add("POST", "/api/v1/auth/login", "Sign in with email (or directory user name) and password",
               [&accounts](http::RequestContext& context) { handleSignIn(context, accounts); });
    router.add("POST", "/api/v1/auth/password/forgot", "Mail a single-use link to set a new password",
               [&accounts](http::RequestContext& context) { handleForgotPassword(context, accounts); });
    router.add("POST", "/api/v1/auth/password/reset", "Set a new password with a reset link's token",
               [&accounts](http::RequestContext& context) { handleResetPassword(context, accounts); });
    router.add("POST", "/api/v1/auth/email/confirm", "Confirm a new email address with the mailed link's token",
               [&accounts](http::RequestContext& context) { handleEmailConfirm(context, accounts); });
    router.add("POST", "/api/v1/me/email", "Change the email address (confirmed from the new address)",
               [&accounts](http::RequestContext& context) { handleEmailChange(context, accounts); });
    router.add("POST", "/api/v1/auth/logout", "End this session",
               [&accounts](http::RequestContext& context) {
                   const auth::Authenticated caller = requireCaller(context, accounts);
                   accounts.signOut(caller, originOf(context));
                   setSessionCookie(context, "", 0, accounts.settings().secureCookies);
                   context.sendNoContent();
               });
    router.add("GET", "/api/v1/auth/session",
               "The current session: who is signed in, and the CSRF token its unsafe requests carry",
               [&accounts](http::RequestContext& context) {
                   const auth::Authenticated caller = requireCaller(context, accounts);
                   Poco::JSON::Object body;
                   body.set("user", userJson(caller.user));
                   body.set("csrfToken", caller.session.csrfToken);
                   context.response().set("Cache-Control", "no-store");
                   context.sendJson(200, body);
               });
    router.add("GET", "/api/v1/me", "The signed-in user's profile",
               [&accounts](http::RequestContext& context) {
                   context.sendJson(200, userJson(requireCaller(context, accounts).user));
               });
    router.add("PATCH", "/api/v1/me", "Change name, pronouns, phone, title or bio",
               [&accounts](http::RequestContext& context) {
                   store::UserRepository users(accounts.database());
                   handleUpdateProfile(context, accounts, users);
               });
    router.add("GET", "/api/v1/me/sessions", "The signed-in user's sessions",
               [&accounts](http::RequestContext& context) {
                   const auth::Authenticated caller = requireCaller(context, accounts);
                   Poco::JSON::Array items;
                   for (const auto& session : accounts.sessionsOf(caller)) {
                       Poco::JSON::Object item;
                       item.set("id", session.id);
                       item.set("createdAt", session.createdAt);
                       item.set("lastSeenAt", session.lastSeenAt);
                       item.set("expiresAt", session.expiresAt);
                       item.set("remoteAddress", session.remoteAddress);
                       item.set("userAgent", session.userAgent);
                       item.set("current", session.id == caller.session.id);
                       items.add(item);
                   }
                   Poco::JSON::Object body;
                   body.set("items", items);
                   context.sendJson(200, body);
               });
    router.add("DELETE", "/api/v1/me/sessions", "Sign out everywhere else",
               [&accounts](http::RequestContext& context) {
                   const auth::Authenticated caller = requireCaller(context, accounts);
                   Poco::JSON::Object body;
                   body.set("ended", accounts.signOutElsewhere(caller, originOf(context)));
                   context.sendJson(200, body);
               });
}

}  // namespace rotunda::api
