// AdminRoutes.h — what Rotunda's administrators do through the API: merging accounts.
#pragma once

#include "auth/AccountService.h"
#include "http/Router.h"

namespace rotunda::api {

/// Registers /api/v1/admin/*. Only administrators (users.is_administrator) get past
/// the door; everyone else gets 404, so the routes do not advertise themselves.
void registerAdminRoutes(http::Router& router, auth::AccountService& accounts);

}  // namespace rotunda::api
