// Common.h — what every handler file shares: reading JSON members, the caller's
// roles for the policy, and audit events.
#pragma once

#include "auth/AccountService.h"
#include "domain/Policy.h"
#include "http/Problem.h"
#include "http/RequestContext.h"
#include "store/Database.h"

#include <Poco/JSON/Object.h>

#include <string>

namespace rotunda::api {

/// Where a request came from, for audit events and sessions.
auth::Origin originOf(http::RequestContext& context);

/// A required string member of a JSON body; adds a field error to `problem`
/// (and returns "") when it is missing, not a string or longer than `maxBytes`.
std::string requiredString(const Poco::JSON::Object::Ptr& body, const std::string& name, http::Problem& problem,
                           std::size_t maxBytes = 1024);

/// An optional string member, trimmed, single-line: `fallback` when absent; a field
/// error when not a string, too long or holding control characters.
std::string optionalString(const Poco::JSON::Object::Ptr& body, const std::string& name, http::Problem& problem,
                           const std::string& fallback = "", std::size_t maxBytes = 200);

/// Throws `problem` when it has field errors.
void throwIfInvalid(const http::Problem& problem);

/// Adds a field error for every member of `body` not in `allowed`.
void refuseUnknownMembers(const Poco::JSON::Object::Ptr& body, const std::vector<std::string>& allowed,
                          http::Problem& problem);

/// The optional member `name` holding the id of an image document that belongs to
/// (recordType, recordId): absent keeps `current`, null clears it (""). Field
/// errors: `otherRecord` for a document of another record (or none), "must be an
/// image" for another type.
std::string optionalImageDocument(store::Database& database, const Poco::JSON::Object::Ptr& body,
                                  const std::string& name, const std::string& recordType,
                                  const std::string& recordId, const std::string& current,
                                  const std::string& otherRecord, http::Problem& problem);

/// The caller as the policy sees them: their id, administrator flag and roles.
domain::Caller policyCaller(store::Database& database, const auth::Authenticated& caller);

/// Appends an audit event for `caller` acting on (recordType, recordId).
void audit(store::Database& database, const auth::Authenticated& caller, http::RequestContext& context,
           const std::string& action, const std::string& recordType, const std::string& recordId,
           const Poco::JSON::Object& detail = Poco::JSON::Object());

}  // namespace rotunda::api
