// DashboardRoutes.h — dashboards, the rotations CSV export and personal calendar feeds.
#pragma once

#include "auth/AccountService.h"
#include "http/Router.h"

namespace rotunda::api {

/// Registers GET /api/v1/dashboard, GET /api/v1/rotations.csv, POST and DELETE
/// /api/v1/me/calendar and GET /api/v1/calendar/{token} (the token followed by
/// ".ics"; no session: the token is the credential). `accounts` must outlive the router.
void registerDashboardRoutes(http::Router& router, auth::AccountService& accounts, int readCacheSeconds);

}  // namespace rotunda::api
