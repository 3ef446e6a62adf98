// MessageRoutes.h — message threads between two people: messages, read markers,
// unread counts and attachments.
#pragma once

#include "api/SocialCommon.h"
#include "auth/AccountService.h"
#include "http/Router.h"

namespace rotunda::api {

/// Registers /api/v1/threads* and /api/v1/me/unread.
void registerMessageRoutes(http::Router& router, auth::AccountService& accounts, const SocialSettings& settings);

/// The parties of a message thread, for domain::documentAccess (record type message).
domain::ThreadLookup threadLookup(store::Database& database);

}  // namespace rotunda::api
