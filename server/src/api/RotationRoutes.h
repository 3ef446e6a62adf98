// RotationRoutes.h — students on rotations: scheduling, electives, review and the lifecycle.
#pragma once

#include "auth/AccountService.h"
#include "http/Router.h"
#include "plugins/PluginHost.h"

namespace rotunda::api {

/// Registers scheduling (POST /api/v1/capacity/{id}/rotations), the elective
/// search (GET /api/v1/electives) and applications (POST
/// /api/v1/capacity/{id}/applications), /api/v1/rotations[/{id}[/events]], one
/// POST /api/v1/rotations/{id}/{action} per action of domain::rotationTransitions()
/// that people take, and a facility's rotation settings. `preceptorMaxStudents`
/// is rotations.preceptorMaxStudents (0: no limit). `plugins` (may be null)
/// re-verifies once-per-student plugin steps before they carry over to a new
/// rotation. `accounts` must outlive the router.
void registerRotationRoutes(http::Router& router, auth::AccountService& accounts, int preceptorMaxStudents,
                            plugins::PluginHost* plugins);

}  // namespace rotunda::api
