// ServiceRoutes.h — a facility's services and the capacity windows of each.
#pragma once

#include "auth/AccountService.h"
#include "http/Router.h"

namespace rotunda::api {

/// Registers /api/v1/organizations/{id}/services, /api/v1/services/{id}* and
/// /api/v1/capacity/{id}. `accounts` must outlive the router.
void registerServiceRoutes(http::Router& router, auth::AccountService& accounts);

}  // namespace rotunda::api
