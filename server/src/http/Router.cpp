// Router.cpp — maps method + path to handlers, with path parameters.
#include "http/Router.h"

#include <Poco/URI.h>

#include <algorithm>
#include <stdexcept>

#include "http/Problem.h"

namespace rotunda::http {
namespace {

bool isParameter(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool isTail(const std::string& segment) {
    return isParameter(segment) && segment.size() > 5 &&
           segment.compare(segment.size() - 4, 4, "...}") == 0;
}

void addAllowed(std::vector<std::string>& allowed, const std::string& method) {
    if (std::find(allowed.begin(), allowed.end(), method) == allowed.end())
        allowed.push_back(method);
}

// One character per segment, compared as strings: literal '2' > parameter '1' > rest '0'.
std::string rankOf(const std::vector<std::string>& segments) {
    std::string rank;
    for (const std::string& segment : segments)
        rank += isTail(segment) ? '0' : isParameter(segment) ? '1' : '2';
    return rank;
}

std::string parameterName(const std::string& segment) {
    std::string name = segment.substr(1, segment.size() - 2);
    if (name.size() > 3 && name.compare(name.size() - 3, 3, "...") == 0)
        name.resize(name.size() - 3);
    return name;
}

}  // namespace

std::vector<std::string> Router::split(const std::string& path) {
    std::vector<std::string> segments;
    std::string::size_type start = path.empty() || path[0] != '/' ? 0 : 1;
    while (start <= path.size()) {
        const std::string::size_type end = path.find('/', start);
        segments.push_back(
            path.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return segments;
}

void Router::add(const std::string& method, const std::string& pattern, const std::string& summary,
                 Handler handler, std::uint64_t maxBodyBytes) {
    if (method.empty() ||
        !std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
        throw std::invalid_argument("route method must be an upper-case HTTP method: '" + method +
                                    "'");
    if (pattern.empty() || pattern[0] != '/')
        throw std::invalid_argument("route pattern must start with '/': " + pattern);
    if (!handler) throw std::invalid_argument("route has no handler: " + method + " " + pattern);
    const std::vector<std::string> segments = split(pattern);
    for (std::size_t i = 0; i < segments.size(); ++i)
        if (isTail(segments[i]) && i + 1 != segments.size())
            throw std::invalid_argument("'{name...}' must be the last segment: " + pattern);
    for (const Route& route : routes_)
        if (route.method == method && route.pattern == pattern)
            throw std::invalid_argument("route registered twice: " + method + " " + pattern);
    routes_.push_back({method, pattern, summary, std::move(handler), maxBodyBytes});
    patterns_.push_back(segments);
    ranks_.push_back(rankOf(segments));
}

bool Router::matches(const std::vector<std::string>& pattern,
                     const std::vector<std::string>& segments,
                     std::map<std::string, std::string>& params) {
    params.clear();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (isTail(pattern[i])) {
            std::string rest;
            for (std::size_t j = i; j < segments.size(); ++j)
                rest += (j > i ? "/" : "") + segments[j];
            params[parameterName(pattern[i])] = rest;
            return true;
        }
        if (i >= segments.size()) return false;
        if (isParameter(pattern[i])) {
            if (segments[i].empty()) return false;
            params[parameterName(pattern[i])] = segments[i];
        } else if (pattern[i] != segments[i]) {
            return false;
        }
    }
    return pattern.size() == segments.size();
}

RouteMatch Router::match(const std::string& method, const std::string& path) const {
    std::vector<std::string> segments = split(path);
    for (std::string& segment : segments) {
        std::string decoded;
        try {
            Poco::URI::decode(segment, decoded, true);
        } catch (const Poco::Exception&) {
            throw Problem::badRequest("the request path is not validly percent-encoded");
        }
        if (decoded.find('\0') != std::string::npos || decoded.find('/') != std::string::npos)
            throw Problem::badRequest("the request path contains an encoded NUL or '/'");
        segment = std::move(decoded);
    }

    // Among the routes whose pattern matches, the most specific one serves the
    // request (a literal segment beats a parameter, which beats "{rest...}"), so
    // that registration order never decides between "/health" and "/{file}".
    RouteMatch result;
    std::string bestRank;
    bool bestExact = false;
    std::map<std::string, std::string> params;
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        if (!matches(patterns_[i], segments, params)) continue;
        const std::string& routeMethod = routes_[i].method;
        const bool exact = routeMethod == method;
        if (exact || (method == "HEAD" && routeMethod == "GET")) {
            // An explicit HEAD route wins over the GET route that also answers HEAD.
            const bool better = result.route == nullptr || ranks_[i] > bestRank ||
                                (ranks_[i] == bestRank && exact && !bestExact);
            if (better) {
                result.route = &routes_[i];
                result.params = params;
                bestRank = ranks_[i];
                bestExact = exact;
            }
        }
        addAllowed(result.allowed, routeMethod);
        if (routeMethod == "GET") addAllowed(result.allowed, "HEAD");
    }
    return result;
}

}  // namespace rotunda::http
