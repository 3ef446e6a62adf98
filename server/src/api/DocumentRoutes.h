// DocumentRoutes.h — uploading, downloading, listing and deleting documents.
#pragma once

#include "auth/AccountService.h"
#include "http/Router.h"
#include "plugins/PluginHost.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rotunda::api {

/// The documents.* configuration.
struct DocumentSettings {
    std::uint64_t maxBytes = 25 * 1024 * 1024;  ///< documents.maxMegabytes
    std::vector<std::string> allowedTypes;      ///< documents.allowedTypes, detected from content
    std::string store;                          ///< documents.store: plugin id; empty: the first loaded

    /// Reads and validates documents.*; throws app::ConfigError.
    static DocumentSettings fromConfiguration(const Poco::Util::AbstractConfiguration& config);
};

/// Registers /api/v1/documents*. Everything referenced must outlive the router;
/// `plugins` may be null (no store: uploads answer 503).
void registerDocumentRoutes(http::Router& router, auth::AccountService& accounts, plugins::PluginHost* plugins,
                            const DocumentSettings& settings);

}  // namespace rotunda::api
