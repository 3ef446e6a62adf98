// StepCompletionRoutes.h — the steps of a rotation as people complete them:
// submit, verify, reject, waive; each rotation's and each student's progress.
#pragma once

#include "auth/AccountService.h"
#include "domain/Policy.h"
#include "http/Router.h"
#include "plugins/PluginHost.h"
#include "store/Database.h"

namespace rotunda::api {

/// Registers /api/v1/rotations/{id}/steps, /api/v1/rotations/{id}/steps/{stepId}/{action}
/// and /api/v1/students/{userId}/progress. `plugins` may be null (plugin step
/// types are then unavailable).
void registerStepCompletionRoutes(http::Router& router, auth::AccountService& accounts, plugins::PluginHost* plugins);

/// The parties of a step completion by id, for domain::documentAccess.
domain::StepCompletionLookup stepCompletionLookup(store::Database& database);

}  // namespace rotunda::api
