// PartnerRoutes.h — the schools a facility works with, seen from both sides.
#pragma once

#include "auth/AccountService.h"
#include "auth/InvitationService.h"
#include "http/Router.h"

namespace rotunda::api {

/// Registers /api/v1/organizations/{id}/partners[/{partnerId}]. `invitations` null:
/// inviting a school by email answers 503. Both must outlive the router.
void registerPartnerRoutes(http::Router& router, auth::AccountService& accounts, auth::InvitationService* invitations);

}  // namespace rotunda::api
