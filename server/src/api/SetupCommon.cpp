// SetupCommon.cpp — what the set-up handlers share.
#include "api/SetupCommon.h"

#include "api/Common.h"
#include "domain/Calendar.h"
#include "store/AgreementRepository.h"

#include <Poco/JSON/Array.h>
#include <Poco/NumberParser.h>

#include <algorithm>

namespace rotunda::api {

bool optionalBool(const Poco::JSON::Object::Ptr& body, const std::string& name, http::Problem& problem,
                  bool fallback) {
    if (!body->has(name)) return fallback;
    const Poco::Dynamic::Var value = body->get(name);
    if (value.type() != typeid(bool)) {
        problem.withError(name, "must be true or false");
        return fallback;
    }
    return value.extract<bool>();
}

long long optionalInt(const Poco::JSON::Object::Ptr& body, const std::string& name, http::Problem& problem,
                      long long fallback, long long min, long long max) {
    if (!body->has(name)) return fallback;
    const Poco::Dynamic::Var value = body->get(name);
    const std::string range = "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (!value.isInteger() || value.type() == typeid(bool)) {
        problem.withError(name, range);
        return fallback;
    }
    const long long number = value.convert<Poco::Int64>();
    if (number < min || number > max) {
        problem.withError(name, range);
        return fallback;
    }
    return number;
}

std::vector<std::string> optionalStringList(const Poco::JSON::Object::Ptr& body, const std::string& name,
                                            http::Problem& problem, const std::vector<std::string>& fallback,
                                            std::size_t maxBytes) {
    if (!body->has(name)) return fallback;
    const Poco::JSON::Array::Ptr array = body->isArray(name) ? body->getArray(name) : nullptr;
    if (!array) {
        problem.withError(name, "must be an array of strings");
        return fallback;
    }
    std::vector<std::string> values;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const Poco::Dynamic::Var item = array->get(static_cast<unsigned>(i));
        if (!item.isString() || item.extract<std::string>().empty() || item.extract<std::string>().size() > maxBytes) {
            problem.withError(name, "must be an array of non-empty strings of at most " + std::to_string(maxBytes) +
                                        " bytes");
            return fallback;
        }
        const std::string text = item.extract<std::string>();
        if (std::find(values.begin(), values.end(), text) != values.end()) {
            problem.withError(name, "lists " + text + " twice");
            return fallback;
        }
        values.push_back(text);
    }
    return values;
}

std::string optionalDate(const Poco::JSON::Object::Ptr& body, const std::string& name, http::Problem& problem,
                         const std::string& fallback, bool nullable) {
    if (!body->has(name)) return fallback;
    if (nullable && body->isNull(name)) return "";
    const Poco::Dynamic::Var value = body->get(name);
    if (!value.isString() || !domain::isIsoDate(value.extract<std::string>())) {
        problem.withError(name, "must be a date written YYYY-MM-DD");
        return fallback;
    }
    return value.extract<std::string>();
}

Page pageOf(const http::RequestContext& context) {
    Page page;
    http::Problem problem = http::Problem::validation("the page cannot be read as asked");
    const std::string limit = context.query("limit");
    int number = 0;
    if (!limit.empty()) {
        if (!Poco::NumberParser::tryParse(limit, number) || number < 1 || number > 200)
            problem.withError("limit", "must be a whole number from 1 to 200");
        else
            page.limit = number;
    }
    page.cursor = context.query("cursor");
    if (page.cursor.size() > 64) problem.withError("cursor", "is not a cursor this server gave out");
    throwIfInvalid(problem);
    return page;
}

store::Organization requireOrganizationOfKind(store::Database& database, const std::string& id,
                                              const std::string& kind) {
    auto found = store::OrganizationRepository(database).findById(id);
    if (!found) throw http::Problem::notFound("no organization " + id);
    if (!kind.empty() && found->kind != kind)
        throw http::Problem::badRequest(found->name + " is a " + found->kind + "; this needs a " + kind);
    return *found;
}

domain::AgreementLookup agreementLookup(store::Database& database) {
    return [&database](const std::string& id) -> std::optional<domain::AgreementParties> {
        const auto agreement = store::AgreementRepository(database).findById(id);
        if (!agreement) return std::nullopt;
        return domain::AgreementParties{agreement->facilityId, agreement->schoolId, agreement->state == "draft"};
    };
}

}  // namespace rotunda::api
