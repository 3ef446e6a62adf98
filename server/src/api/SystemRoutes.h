// SystemRoutes.h — /health, /metrics, /api/v1/version and /api/v1/openapi.json.
#pragma once

#include <Poco/JSON/Object.h>

#include <vector>

#include "app/Health.h"
#include "app/Metrics.h"
#include "http/NetworkList.h"
#include "http/Router.h"

namespace rotunda::api {

/// Registers the operational routes. /metrics and the component details of
/// /health are only for clients in `observers`; others get the overall status.
/// The sources and metrics must outlive the router.
void registerSystemRoutes(http::Router& router, std::vector<const app::HealthSource*> sources,
                          const app::Metrics& metrics, http::NetworkList observers);

/// The OpenAPI 3 document describing every route of `router`.
Poco::JSON::Object::Ptr openApiDocument(const http::Router& router);

}  // namespace rotunda::api
