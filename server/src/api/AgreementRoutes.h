// AgreementRoutes.h — affiliation agreements between a facility and a school.
#pragma once

#include "auth/AccountService.h"
#include "http/Router.h"

namespace rotunda::api {

/// Registers /api/v1/organizations/{id}/agreements and /api/v1/agreements/{id}*,
/// one POST route per action of domain::agreementTransitions(). `accounts` must
/// outlive the router.
void registerAgreementRoutes(http::Router& router, auth::AccountService& accounts);

}  // namespace rotunda::api
