// OrganizationRoutes.h — facilities and schools: creating one, its profile, one's own.
#pragma once

#include "auth/AccountService.h"
#include "http/Router.h"

namespace rotunda::api {

/// Registers /api/v1/organizations*. `accounts` must outlive the router.
void registerOrganizationRoutes(http::Router& router, auth::AccountService& accounts);

}  // namespace rotunda::api
