// RequestContext.h — what a handler sees of one request, and how it answers.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace rotunda::http {

/// True when the request declares (Content-Length) a body larger than `limit`:
/// such a body is refused with 413 before a byte of it is read.
inline bool declaresBodyOver(const Poco::Net::HTTPServerRequest& request, std::uint64_t limit) {
    return request.hasContentLength() && static_cast<std::uint64_t>(request.getContentLength64()) > limit;
}

/// One request on its way through a handler. Created by the dispatcher.
class RequestContext {
public:
    RequestContext(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                   std::string requestId, std::uint64_t maxBodyBytes);

    /// The request as Poco parsed it. A handler that streams a large body from
    /// request().stream() reads it to the end (or the dispatcher skips the rest).
    Poco::Net::HTTPServerRequest& request() { return request_; }
    /// The response; prefer sendJson/send/sendNoContent, which set the length.
    Poco::Net::HTTPServerResponse& response() { return response_; }
    /// The id echoed in X-Request-Id, problems and the access log.
    const std::string& requestId() const { return requestId_; }
    /// The client's address (without port).
    std::string remoteAddress() const;

    /// A decoded path parameter; throws std::out_of_range for a name the route lacks.
    const std::string& param(const std::string& name) const { return params_.at(name); }
    /// Every decoded path parameter of the matched route.
    const std::map<std::string, std::string>& params() const { return params_; }
    /// Set by the dispatcher from the route match.
    void setParams(std::map<std::string, std::string> params) { params_ = std::move(params); }

    /// A decoded query parameter, or `fallback` when absent. Throws Problem 400
    /// for a query string that is not validly percent-encoded.
    std::string query(const std::string& name, const std::string& fallback = "") const;

    /// The whole body, read once and kept: at most maxBodyBytes (Problem 413
    /// beyond, checked from Content-Length before reading and while reading a
    /// chunked body). Empty for a request with neither Content-Length nor chunks.
    const std::string& readBody();
    /// The body as a JSON object: 415 unless application/json, 400 naming the
    /// position of malformed JSON, 413 when too large.
    Poco::JSON::Object::Ptr jsonBody();

    /// Answers with a JSON document (application/json); HEAD gets the headers only.
    void sendJson(int status, const Poco::Dynamic::Var& value);
    /// Answers with `body` of the given type; HEAD gets the headers only.
    void send(int status, const std::string& contentType, const std::string& body);
    /// Answers 204 No Content.
    void sendNoContent();
    /// True once a response has been sent.
    bool sent() const { return response_.sent(); }

private:
    Poco::Net::HTTPServerRequest& request_;
    Poco::Net::HTTPServerResponse& response_;
    std::string requestId_;
    std::uint64_t maxBodyBytes_;
    std::map<std::string, std::string> params_;
    std::optional<std::string> body_;
};

}  // namespace rotunda::http
