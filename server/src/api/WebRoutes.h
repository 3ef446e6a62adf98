// WebRoutes.h — the browser UI: static files from the web directory.
#pragma once

#include "http/Router.h"

#include <string>

namespace rotunda::api {

/// Serves `directory`/index.html at "/" and the directory's other files at
/// "/<name>" (one path segment, plain names only: no dot files, no subdirectories).
void registerWebRoutes(http::Router& router, const std::string& directory);

}  // namespace rotunda::api
