// SystemRoutes.cpp — /health, /metrics, /api/v1/version and /api/v1/openapi.json.
#include "api/SystemRoutes.h"

#include <Poco/JSON/Array.h>

#include "http/Json.h"
#include "http/Problem.h"
#include "http/RequestContext.h"
#include "rotunda/BuildInfo.h"

namespace rotunda::api {
namespace {

const std::string kPluginPrefix = "plugin:";

Poco::JSON::Object componentJson(const app::ComponentHealth& component) {
    Poco::JSON::Object item;
    item.set("state", component.state);
    if (!component.reason.empty()) item.set("reason", component.reason);
    return item;
}

// A plugin disabled by configuration is what the operator asked for, not a fault.
bool healthy(const app::ComponentHealth& component) {
    return component.state == "ok" || component.state == "disabled";
}

void handleHealth(http::RequestContext& context,
                  const std::vector<const app::HealthSource*>& sources,
                  const http::NetworkList& observers) {
    bool degraded = false;
    bool essentialDown = false;
    Poco::JSON::Object details;
    Poco::JSON::Array plugins;
    for (const app::HealthSource* source : sources) {
        for (const app::ComponentHealth& component : source->health()) {
            degraded = degraded || !healthy(component);
            essentialDown = essentialDown || (component.essential && !healthy(component));
            if (component.name.rfind(kPluginPrefix, 0) == 0) {
                Poco::JSON::Object plugin = componentJson(component);
                plugin.set("id", component.name.substr(kPluginPrefix.size()));
                plugins.add(plugin);
            } else {
                details.set(component.name, componentJson(component));
            }
        }
    }
    Poco::JSON::Object body;
    body.set("status", degraded ? "degraded" : "ok");
    if (observers.contains(context.request().clientAddress().host())) {
        for (const auto& [name, value] : details) body.set(name, value);
        body.set("plugins", plugins);
    }
    context.sendJson(essentialDown ? 503 : 200, body);
}

void requireObserver(http::RequestContext& context, const http::NetworkList& observers) {
    if (!observers.contains(context.request().clientAddress().host()))
        throw http::Problem::forbidden(
            "metrics are only served to the networks in http.observabilityAllow");
}

}  // namespace

void registerSystemRoutes(http::Router& router, std::vector<const app::HealthSource*> sources,
                          const app::Metrics& metrics, http::NetworkList observers) {
    router.add("GET", "/health", "Overall state, the database and every plugin",
               [sources, observers](http::RequestContext& context) {
                   handleHealth(context, sources, observers);
               });
    router.add("GET", "/metrics", "Prometheus metrics",
               [&metrics, observers](http::RequestContext& context) {
                   requireObserver(context, observers);
                   context.send(200, "text/plain; version=0.0.4", metrics.renderPrometheus());
               });
    // The answer never changes while the server runs: rendered once.
    Poco::JSON::Object version;
    version.set("name", "rotunda");
    version.set("version", build::kVersion);
    const std::string versionJson = http::toJson(version);
    router.add("GET", "/api/v1/version", "Server name and version",
               [versionJson](http::RequestContext& context) {
                   context.send(200, "application/json", versionJson);
               });
    router.add("GET", "/api/v1/openapi.json", "This API's OpenAPI 3 document",
               [&router](http::RequestContext& context) {
                   context.sendJson(200, openApiDocument(router));
               });
}

Poco::JSON::Object::Ptr openApiDocument(const http::Router& router) {
    Poco::JSON::Object::Ptr paths = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const http::Route& route : router.routes()) {
        std::string path = route.pattern;
        // OpenAPI has no rest-of-path parameter; "{name...}" is shown as "{name}".
        for (std::string::size_type dots; (dots = path.find("...}")) != std::string::npos;)
            path.replace(dots, 4, "}");
        if (!paths->has(path)) paths->set(path, Poco::JSON::Object::Ptr(new Poco::JSON::Object));
        Poco::JSON::Object::Ptr item = paths->getObject(path);

        Poco::JSON::Object::Ptr operation = new Poco::JSON::Object;
        operation->set("summary", route.summary);
        Poco::JSON::Array parameters;
        for (std::string::size_type open = path.find('{'); open != std::string::npos;
             open = path.find('{', open + 1)) {
            Poco::JSON::Object parameter;
            parameter.set("name", path.substr(open + 1, path.find('}', open) - open - 1));
            parameter.set("in", "path");
            parameter.set("required", true);
            Poco::JSON::Object schema;
            schema.set("type", "string");
            parameter.set("schema", schema);
            parameters.add(parameter);
        }
        if (parameters.size() > 0) operation->set("parameters", parameters);
        Poco::JSON::Object problem;
        problem.set("description", "An error, as application/problem+json");
        Poco::JSON::Object responses;
        responses.set("default", problem);
        operation->set("responses", responses);
        std::string method = route.method;
        for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        item->set(method, operation);
    }
    Poco::JSON::Object::Ptr document = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    document->set("openapi", "3.0.3");
    Poco::JSON::Object info;
    info.set("title", "Rotunda API");
    info.set("version", build::kVersion);
    document->set("info", info);
    document->set("paths", paths);
    return document;
}

}  // namespace rotunda::api
