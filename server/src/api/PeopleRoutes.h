// PeopleRoutes.h — an organization's members and roles, and a school's students.
#pragma once

#include "auth/AccountService.h"
#include "auth/InvitationService.h"
#include "http/Router.h"

namespace rotunda::api {

/// Largest roster CSV accepted by the import (100,000 rows of long names fit).
constexpr std::uint64_t kRosterMaxBytes = 20 * 1024 * 1024;

/// Members (list, grant and remove roles, remove a member) and students (import a
/// CSV roster, add one, list, export).
void registerPeopleRoutes(http::Router& router, auth::AccountService& accounts, auth::InvitationService& invitations);

}  // namespace rotunda::api
