// Problem.h — the one way Rotunda answers an error: RFC 9457 problem details.
#pragma once

#include <Poco/Net/HTTPServerResponse.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace rotunda::http {

/// One invalid input field, reported in the problem's `errors` array.
struct FieldError {
    std::string field;    ///< JSON pointer-like name of the field ("email", "dates.start")
    std::string message;  ///< what is wrong and what is expected
};

/// An error answer. Handlers throw it; the dispatcher writes it as
/// application/problem+json with type, title, status, detail, errors and the request id.
class Problem : public std::runtime_error {
public:
    Problem(int status, std::string title, std::string detail);

    int status() const { return status_; }
    const std::string& title() const { return title_; }
    const std::string& detail() const { return detail_; }
    const std::vector<FieldError>& errors() const { return errors_; }
    const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
    /// True when the connection must be closed after the answer (the body was not read).
    bool closesConnection() const { return closeConnection_; }

    /// Adds a field error (validation problems).
    Problem& withError(std::string field, std::string message);
    /// Adds a response header (Allow, Retry-After …).
    Problem& withHeader(std::string name, std::string value);
    /// Closes the connection after answering, for a request whose body was left unread.
    Problem& closingConnection();

    static Problem badRequest(const std::string& detail);
    static Problem notFound(const std::string& detail);
    static Problem forbidden(const std::string& detail);
    static Problem methodNotAllowed(const std::string& allow);
    static Problem payloadTooLarge(std::uint64_t limit);
    static Problem unsupportedMediaType(const std::string& found, const std::string& expected);
    static Problem validation(const std::string& detail);
    static Problem unavailable(const std::string& detail);
    static Problem internal();

private:
    int status_;
    std::string title_;
    std::string detail_;
    std::vector<FieldError> errors_;
    std::vector<std::pair<std::string, std::string>> headers_;
    bool closeConnection_ = false;
};

/// Writes `problem` as the complete response.
void writeProblem(Poco::Net::HTTPServerResponse& response, const Problem& problem,
                  const std::string& requestId);

}  // namespace rotunda::http
