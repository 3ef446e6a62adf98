// SocialCommon.h — what the directory, connection and message handlers share: how
// two people stand, a person as the policy sees them, and a person's card.
#pragma once

#include "domain/Policy.h"
#include "http/Problem.h"
#include "http/RequestContext.h"
#include "store/ConnectionRepository.h"
#include "store/Database.h"
#include "store/DirectoryRepository.h"

#include <Poco/JSON/Object.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <optional>
#include <string>

namespace rotunda::api {

/// The social.* configuration.
struct SocialSettings {
    int connectionRequestsPerHour = 20;            ///< social.connectionRequestsPerHour
    std::uint64_t messageAttachmentMaxBytes = 10 * 1024 * 1024;  ///< social.messageAttachmentMaxMegabytes

    /// Reads and validates social.*; throws app::ConfigError.
    static SocialSettings fromConfiguration(const Poco::Util::AbstractConfiguration& config);
};

/// How `callerId` and `personId` stand, for the policy, and the pair's live connection.
domain::Relation relationOf(store::Database& database, const std::string& callerId, const std::string& personId,
                            std::optional<store::Connection>* live = nullptr);

/// A directory entry as the policy needs it.
domain::DirectoryPerson directoryPerson(const store::DirectoryEntry& entry);

/// The person of the path's `name` parameter if the caller may see them; 404
/// otherwise (unlisted, unknown and disabled people alike).
store::DirectoryEntry requireVisiblePerson(store::Database& database, const domain::Caller& who,
                                           const std::string& userId, domain::PersonVisibility& visibility);

/// A person's card: name, title, photo, specialty, location, organizations and
/// roles; email and phone only when `visibility` allows.
Poco::JSON::Object personJson(const store::DirectoryEntry& entry, const domain::PersonVisibility& visibility);

/// The limit query parameter (1–100, default `fallback`); a field error otherwise.
int pageLimit(http::RequestContext& context, http::Problem& problem, int fallback = 20);

}  // namespace rotunda::api
