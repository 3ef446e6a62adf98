// Routes.h — every route of the API, registered in one place.
#pragma once

#include "api/DocumentRoutes.h"
#include "api/SocialCommon.h"
#include "app/Health.h"
#include "auth/AccountService.h"
#include "auth/InvitationService.h"
#include "app/Metrics.h"
#include "http/NetworkList.h"
#include "http/Router.h"

#include <string>
#include <vector>

namespace rotunda::api {

/// What the handlers need from the rest of the server. Everything referenced
/// must outlive the router.
struct ApiContext {
    std::vector<const app::HealthSource*> healthSources;
    const app::Metrics& metrics;
    http::NetworkList observers;  ///< may read /metrics and /health details
    std::string webDirectory;     ///< the browser UI's files
    auth::AccountService* accounts = nullptr;  ///< null: no account routes (tests of the system routes)
    plugins::PluginHost* plugins = nullptr;    ///< null: no plugins (document uploads answer 503)
    DocumentSettings documents;
    auth::InvitationService* invitations = nullptr;  ///< null: no invitation routes
    int rotationPreceptorMaxStudents = 2;  ///< rotations.preceptorMaxStudents (0: no limit)
    SocialSettings social;  ///< directory, connections and messages
    /// api.readCacheSeconds: how long elective searches and dashboards are kept
    /// (0: not kept); any write through this server drops them (decision 0019).
    int readCacheSeconds = 5;
};

/// Registers every route of the server: rotundad calls this, and the OpenAPI test
/// walks the same router, so the contract covers every route there is.
void registerRoutes(http::Router& router, const ApiContext& context);

}  // namespace rotunda::api
