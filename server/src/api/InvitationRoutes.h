// InvitationRoutes.h — inviting people to an organization, and accepting an invitation.
#pragma once

#include "auth/InvitationService.h"
#include "http/Router.h"

namespace rotunda::api {

/// Registers /api/v1/organizations/{id}/invitations* and /api/v1/invitations/*.
/// Both services must outlive the router.
void registerInvitationRoutes(http::Router& router, auth::AccountService& accounts,
                              auth::InvitationService& invitations);

}  // namespace rotunda::api
