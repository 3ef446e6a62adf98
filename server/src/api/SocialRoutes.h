// SocialRoutes.h — the staff directory, people's cards, connections, blocks,
// endorsements, skill lists and notification settings.
#pragma once

#include "api/SocialCommon.h"
#include "auth/AccountService.h"
#include "http/Router.h"

namespace rotunda::api {

/// Registers /api/v1/directory, /api/v1/people/*, /api/v1/connections*,
/// /api/v1/me/blocks*, /api/v1/me/endorsements/*, /api/v1/endorsements/*,
/// /api/v1/organizations/{id}/skills* and /api/v1/me/notifications.
void registerSocialRoutes(http::Router& router, auth::AccountService& accounts, const SocialSettings& settings);

/// Reads the directory members of a PATCH /api/v1/me body (listed, specialty,
/// location, shareEmail, sharePhone) into `profile`; field errors into `problem`.
/// The names it reads, for refusing unknown members.
const std::vector<std::string>& directoryProfileMembers();
void readDirectoryProfile(const Poco::JSON::Object::Ptr& body, store::DirectoryProfile& profile,
                          http::Problem& problem);
/// Adds the directory members to a profile answer.
void addDirectoryProfile(Poco::JSON::Object& json, const store::DirectoryProfile& profile);

}  // namespace rotunda::api
