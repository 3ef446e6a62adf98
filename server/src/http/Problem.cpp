// Problem.cpp — RFC 9457 problem details responses.
#include "http/Problem.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace rotunda::http {

Problem::Problem(int status, std::string title, std::string detail)
    : std::runtime_error(detail),
      status_(status),
      title_(std::move(title)),
      detail_(std::move(detail)) {}

Problem& Problem::withError(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
    return *this;
}

Problem& Problem::withHeader(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
}

Problem& Problem::closingConnection() {
    closeConnection_ = true;
    return *this;
}

Problem Problem::badRequest(const std::string& detail) {
    return {400, "Bad Request", detail};
}
Problem Problem::notFound(const std::string& detail) {
    return {404, "Not Found", detail};
}
Problem Problem::forbidden(const std::string& detail) {
    return {403, "Forbidden", detail};
}

Problem Problem::methodNotAllowed(const std::string& allow) {
    return Problem(405, "Method Not Allowed", "this resource supports: " + allow)
        .withHeader("Allow", allow);
}

Problem Problem::payloadTooLarge(std::uint64_t limit) {
    return Problem(
               413, "Payload Too Large",
               "the request body is larger than the limit of " + std::to_string(limit) + " bytes")
        .closingConnection();
}

Problem Problem::unsupportedMediaType(const std::string& found, const std::string& expected) {
    return {415, "Unsupported Media Type",
            "the request body is '" + (found.empty() ? std::string("(none)") : found) +
                "'; expected " + expected};
}

Problem Problem::validation(const std::string& detail) {
    return {422, "Unprocessable Content", detail};
}

Problem Problem::unavailable(const std::string& detail) {
    return {503, "Service Unavailable", detail};
}

Problem Problem::internal() {
    return {500, "Internal Server Error",
            "the server failed to handle this request; the request id identifies it in the log"};
}

void writeProblem(Poco::Net::HTTPServerResponse& response, const Problem& problem,
                  const std::string& requestId) {
    Poco::JSON::Object body;
    body.set("type", "about:blank");
    body.set("title", problem.title());
    body.set("status", problem.status());
    body.set("detail", problem.detail());
    if (!problem.errors().empty()) {
        Poco::JSON::Array errors;
        for (const FieldError& error : problem.errors()) {
            Poco::JSON::Object item;
            item.set("field", error.field);
            item.set("message", error.message);
            errors.add(item);
        }
        body.set("errors", errors);
    }
    body.set("requestId", requestId);
    std::ostringstream text;
    body.stringify(text);

    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(problem.status()));
    for (const auto& [name, value] : problem.headers()) response.set(name, value);
    if (problem.closesConnection()) response.setKeepAlive(false);
    response.setContentType("application/problem+json");
    const std::string payload = text.str();
    response.setContentLength(static_cast<std::streamsize>(payload.size()));
    response.send() << payload;
}

}  // namespace rotunda::http
