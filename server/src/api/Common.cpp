// Common.cpp — what every handler file shares.
#include "api/Common.h"

#include "store/AuditRepository.h"
#include "store/DocumentRepository.h"
#include "store/OrganizationRepository.h"

#include <Poco/String.h>

#include <algorithm>
#include <sstream>

namespace rotunda::api {

auth::Origin originOf(http::RequestContext& context) {
    return {context.remoteAddress(), context.request().get("User-Agent", ""), context.requestId()};
}

std::string requiredString(const Poco::JSON::Object::Ptr& body, const std::string& name, http::Problem& problem,
                           std::size_t maxBytes) {
    if (!body->has(name) || body->isNull(name)) {
        problem.withError(name, "is required");
        return "";
    }
    const Poco::Dynamic::Var value = body->get(name);
    if (!value.isString()) {
        problem.withError(name, "must be a string");
        return "";
    }
    const std::string text = value.extract<std::string>();
    if (text.size() > maxBytes) problem.withError(name, "must be at most " + std::to_string(maxBytes) + " bytes");
    return text;
}

std::string optionalString(const Poco::JSON::Object::Ptr& body, const std::string& name, http::Problem& problem,
                           const std::string& fallback, std::size_t maxBytes) {
    if (!body->has(name)) return fallback;
    const std::string text = Poco::trim(requiredString(body, name, problem, maxBytes));
    if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
        problem.withError(name, "must not contain control characters");
    return text;
}

void throwIfInvalid(const http::Problem& problem) {
    if (!problem.errors().empty()) throw problem;
}

void refuseUnknownMembers(const Poco::JSON::Object::Ptr& body, const std::vector<std::string>& allowed,
                          http::Problem& problem) {
    for (const auto& name : body->getNames())
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
            problem.withError(name, "cannot be set here");
}

std::string optionalImageDocument(store::Database& database, const Poco::JSON::Object::Ptr& body,
                                  const std::string& name, const std::string& recordType,
                                  const std::string& recordId, const std::string& current,
                                  const std::string& otherRecord, http::Problem& problem) {
    if (!body->has(name)) return current;
    if (body->isNull(name)) return "";
    const std::string id = requiredString(body, name, problem, 64);
    const auto document = store::DocumentRepository(database).findById(id);
    if (!document || document->recordType != recordType || document->recordId != recordId)
        problem.withError(name, otherRecord);
    else if (document->contentType.rfind("image/", 0) != 0)
        problem.withError(name, "must be an image (found " + document->contentType + ")");
    return id;
}

domain::Caller policyCaller(store::Database& database, const auth::Authenticated& caller) {
    domain::Caller result{caller.user.id, caller.user.administrator, {}};
    for (const auto& membership : store::OrganizationRepository(database).membershipsOf(caller.user.id))
        result.roles.push_back({membership.organizationId, membership.role});
    return result;
}

void audit(store::Database& database, const auth::Authenticated& caller, http::RequestContext& context,
           const std::string& action, const std::string& recordType, const std::string& recordId,
           const Poco::JSON::Object& detail) {
    std::ostringstream json;
    detail.stringify(json);
    store::AuditEvent event;
    event.actorId = caller.user.id;
    event.actorName = caller.user.name;
    event.action = action;
    event.recordType = recordType;
    event.recordId = recordId;
    event.remoteAddress = context.remoteAddress();
    event.requestId = context.requestId();
    event.detail = json.str();
    store::AuditRepository(database).append(event);
}

}  // namespace rotunda::api
