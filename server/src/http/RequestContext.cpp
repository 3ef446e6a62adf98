// RequestContext.cpp — what a handler sees of one request, and how it answers.
#include "http/RequestContext.h"

#include <Poco/Net/MediaType.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>

#include "http/Json.h"
#include "http/Problem.h"

namespace rotunda::http {

RequestContext::RequestContext(Poco::Net::HTTPServerRequest& request,
                               Poco::Net::HTTPServerResponse& response, std::string requestId,
                               std::uint64_t maxBodyBytes)
    : request_(request),
      response_(response),
      requestId_(std::move(requestId)),
      maxBodyBytes_(maxBodyBytes) {}

std::string RequestContext::remoteAddress() const {
    return request_.clientAddress().host().toString();
}

std::string RequestContext::query(const std::string& name, const std::string& fallback) const {
    try {
        for (const auto& [key, value] : Poco::URI(request_.getURI()).getQueryParameters())
            if (key == name) return value;
    } catch (const Poco::Exception&) {
        throw Problem::badRequest("the query string is not validly percent-encoded");
    }
    return fallback;
}

const std::string& RequestContext::readBody() {
    if (body_) return *body_;
    if (declaresBodyOver(request_, maxBodyBytes_)) throw Problem::payloadTooLarge(maxBodyBytes_);
    // RFC 9112: a request with neither Content-Length nor chunked coding has no
    // body; Poco would otherwise read until the client closes the connection.
    // A body the handler already streamed to its end is not read again.
    if ((!request_.hasContentLength() && !request_.getChunkedTransferEncoding()) ||
        request_.stream().eof()) {
        body_.emplace();
        return *body_;
    }
    // Read what has arrived, chunk by chunk, so that a chunked body over the limit
    // is refused as soon as it passes the limit rather than after it ends.
    std::string body;
    std::streambuf& in = *request_.stream().rdbuf();
    char buffer[8192];
    while (in.sgetc() != std::char_traits<char>::eof()) {
        const std::streamsize available =
            std::min<std::streamsize>(std::max<std::streamsize>(in.in_avail(), 1), sizeof buffer);
        const std::streamsize n = in.sgetn(buffer, available);
        body.append(buffer, static_cast<std::size_t>(n));
        if (body.size() > maxBodyBytes_) throw Problem::payloadTooLarge(maxBodyBytes_);
    }
    // Marks the end as reached: Poco's chunked stream must not be read past it.
    request_.stream().setstate(std::ios::eofbit);
    body_ = std::move(body);
    return *body_;
}

Poco::JSON::Object::Ptr RequestContext::jsonBody() {
    const std::string contentType = request_.getContentType();
    bool isJson = false;
    try {
        isJson = !contentType.empty() &&
                 Poco::Net::MediaType(contentType).matches("application", "json");
    } catch (const Poco::Exception&) {
        isJson = false;
    }
    if (!isJson) throw Problem::unsupportedMediaType(contentType, "application/json");
    return parseJsonObject(readBody());
}

void RequestContext::sendJson(int status, const Poco::Dynamic::Var& value) {
    send(status, "application/json", toJson(value));
}

void RequestContext::send(int status, const std::string& contentType, const std::string& body) {
    response_.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response_.setContentType(contentType);
    response_.setContentLength(static_cast<std::streamsize>(body.size()));
    std::ostream& out = response_.send();
    if (request_.getMethod() != Poco::Net::HTTPRequest::HTTP_HEAD) out << body;
}

void RequestContext::sendNoContent() {
    response_.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
    response_.setContentLength(0);
    response_.send();
}

}  // namespace rotunda::http
