// StepRoutes.h — step types, and an organization's application, onboarding,
// active, offboarding and evaluation steps with their versions.
#pragma once

#include "auth/AccountService.h"
#include "http/Router.h"
#include "plugins/PluginHost.h"

namespace rotunda::api {

/// Registers /api/v1/step-types, /api/v1/organizations/{id}/steps* and
/// /api/v1/steps/{id}*. `plugins` may be null (built-in step types only).
void registerStepRoutes(http::Router& router, auth::AccountService& accounts, plugins::PluginHost* plugins);

}  // namespace rotunda::api
