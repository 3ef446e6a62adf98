// WebRoutes.cpp — the browser UI: static files from the web directory.
#include "api/WebRoutes.h"

#include "http/Problem.h"
#include "http/RequestContext.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>

#include <map>

namespace rotunda::api {
namespace {

const std::map<std::string, std::string> kContentTypes = {
    {"html", "text/html; charset=utf-8"}, {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"}, {"svg", "image/svg+xml"},
    {"png", "image/png"}, {"ico", "image/x-icon"}, {"json", "application/json"}};

// Names come from the URL: only plain names of known types are ever looked up,
// so no request can reach outside the directory.
bool isPlainName(const std::string& name) {
    if (name.empty() || name.size() > 100 || name[0] == '.') return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_')
            return false;
    return true;
}

void serveFile(http::RequestContext& context, const std::string& directory, const std::string& name) {
    const std::string extension = Poco::Path(name).getExtension();
    const auto type = kContentTypes.find(extension);
    const Poco::Path path = Poco::Path(directory).makeDirectory().setFileName(name);
    if (!isPlainName(name) || type == kContentTypes.end() || !Poco::File(path).exists() ||
        !Poco::File(path).isFile())
        throw http::Problem::notFound("no resource at /" + name);
    Poco::FileInputStream in(path.toString());
    std::string body;
    Poco::StreamCopier::copyToString(in, body);
    context.response().set("Content-Security-Policy",
                           "default-src 'self'; frame-ancestors 'none'; base-uri 'none'");
    context.response().set("Cache-Control", "no-cache");
    context.send(200, type->second, body);
}

}  // namespace

void registerWebRoutes(http::Router& router, const std::string& directory) {
    router.add("GET", "/", "The browser UI's start page",
               [directory](http::RequestContext& context) {
                   serveFile(context, directory, "index.html");
               });
    router.add("GET", "/{file}", "A file of the browser UI",
               [directory](http::RequestContext& context) {
                   serveFile(context, directory, context.param("file"));
               });
}

}  // namespace rotunda::api
