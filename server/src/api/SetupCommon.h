// SetupCommon.h — what the set-up handlers (steps, services, capacity, agreements)
// share: typed JSON members, pagination and the organization a route names.
#pragma once

#include "domain/Policy.h"
#include "http/Problem.h"
#include "http/RequestContext.h"
#include "store/Database.h"
#include "store/OrganizationRepository.h"

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace rotunda::api {

/// An optional boolean member: `fallback` when absent; a field error when not a boolean.
bool optionalBool(const Poco::JSON::Object::Ptr& body, const std::string& name, http::Problem& problem,
                  bool fallback);

/// An optional integer member in [min, max]: `fallback` when absent; a field error otherwise.
long long optionalInt(const Poco::JSON::Object::Ptr& body, const std::string& name, http::Problem& problem,
                      long long fallback, long long min, long long max);

/// An optional array of strings (each at most `maxBytes`, no duplicates): `fallback`
/// when absent; a field error when it is something else.
std::vector<std::string> optionalStringList(const Poco::JSON::Object::Ptr& body, const std::string& name,
                                            http::Problem& problem, const std::vector<std::string>& fallback = {},
                                            std::size_t maxBytes = 64);

/// An optional ISO date member (YYYY-MM-DD): `fallback` when absent, "" for null
/// when `nullable`; a field error when it is not a real date.
std::string optionalDate(const Poco::JSON::Object::Ptr& body, const std::string& name, http::Problem& problem,
                         const std::string& fallback, bool nullable = false);

/// ?limit= (1..200, default 50) and ?cursor= of a collection; 400 with field errors otherwise.
struct Page {
    int limit = 50;
    std::string cursor;
};
Page pageOf(const http::RequestContext& context);

/// The organization named by the path parameter "id"; 404 when there is none,
/// 400 when it is not of `kind` (empty: either).
store::Organization requireOrganizationOfKind(store::Database& database, const std::string& id,
                                              const std::string& kind);

/// The parties of an agreement, for domain::documentAccess and the agreement routes.
domain::AgreementLookup agreementLookup(store::Database& database);

}  // namespace rotunda::api
