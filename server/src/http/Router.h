// Router.h — maps method + path to handlers, with path parameters.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace rotunda::http {

class RequestContext;

/// A route handler. Errors are thrown as Problem.
using Handler = std::function<void(RequestContext&)>;

/// One registered route.
struct Route {
    std::string method;   ///< GET, POST, PUT, PATCH, DELETE
    std::string pattern;  ///< "/api/v1/things/{id}"; a last segment "{name...}" takes the rest
    std::string summary;  ///< one line for the OpenAPI document
    Handler handler;
    std::uint64_t maxBodyBytes = 0;  ///< largest request body; 0: the server's http.maxBodyBytes
};

/// The outcome of matching a request.
struct RouteMatch {
    const Route* route = nullptr;               ///< null: no route for this method
    std::map<std::string, std::string> params;  ///< decoded path parameters
    std::vector<std::string> allowed;           ///< methods of the matching path (405 Allow)
};

/// Routes by method and pattern. Registration happens at start-up; matching is
/// read-only and safe from every request thread.
class Router {
public:
    /// Adds a route. Throws std::invalid_argument for a malformed pattern or a
    /// route registered twice.
    void add(const std::string& method, const std::string& pattern, const std::string& summary,
             Handler handler, std::uint64_t maxBodyBytes = 0);

    /// Matches `path` (raw, percent-encoded, without query). GET routes also answer
    /// HEAD. When several patterns match, the most specific wins (literal segments
    /// before parameters, parameters before "{name...}"). When the path matches but
    /// the method does not, `route` is null and `allowed` lists the methods (405).
    /// Throws Problem 400 for a path that cannot be decoded.
    RouteMatch match(const std::string& method, const std::string& path) const;

    /// Every route, in registration order.
    const std::vector<Route>& routes() const { return routes_; }

private:
    static std::vector<std::string> split(const std::string& path);
    static bool matches(const std::vector<std::string>& pattern,
                        const std::vector<std::string>& segments,
                        std::map<std::string, std::string>& params);

    std::vector<Route> routes_;
    std::vector<std::vector<std::string>> patterns_;  ///< split patterns, parallel to routes_
    std::vector<std::string> ranks_;                  ///< specificity, parallel to routes_
};

}  // namespace rotunda::http
