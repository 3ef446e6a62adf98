// FsDocumentsPlugin.cpp — the fs-documents plugin: its descriptor and configuration.
#include "FsDocumentStore.h"

#include <rotunda/plugin/Plugin.h>

namespace {

using namespace rotunda::plugin;
using rotunda::fsdocuments::FsDocumentStore;
using rotunda::fsdocuments::FsSettings;

std::uint64_t megabytes(std::int64_t value, const std::string& name) {
    if (value < 0) throw std::invalid_argument(name + " is " + std::to_string(value) + ", expected 0 or more");
    return static_cast<std::uint64_t>(value) * 1024 * 1024;
}

void registerFsDocuments(Registrar& registrar) {
    registrar.declareConfig({"root", "Root directory",
                             "where documents are stored: a local directory or a mounted share; empty: the "
                             "plugin's data directory (plugins.dataDirectory/fs-documents)",
                             ConfigType::Path, "", false, false});
    registrar.declareConfig({"maxMegabytes", "Largest document (MB)",
                             "documents above this size are refused; 0: only the server's documents.maxBytes applies",
                             ConfigType::Integer, "0", false, false});
    registrar.declareConfig({"shardDepth", "Directory levels",
                             "levels of two-hex-digit directories above each file (0 to 4), so no directory grows "
                             "too large",
                             ConfigType::Integer, "2", false, false});
    registrar.declareConfig({"minFreeMegabytes", "Free space floor (MB)",
                             "below this free space uploads are refused and /health reports the store as failing",
                             ConfigType::Integer, "100", false, false});
    registrar.addDocumentStore("filesystem", [](HostContext& context) {
        const ConfigValues& config = context.config();
        FsSettings settings;
        settings.root = config.has("root") ? config.getString("root") : context.dataDirectory();
        settings.maxBytes = megabytes(config.getInt("maxMegabytes"), "maxMegabytes");
        settings.shardDepth = static_cast<int>(config.getInt("shardDepth"));
        settings.minFreeBytes = megabytes(config.getInt("minFreeMegabytes"), "minFreeMegabytes");
        auto store = std::make_unique<FsDocumentStore>(settings);
        const int leftovers = store->removeLeftovers();
        context.logger().information("documents stored under " + settings.root.string() + " (shard depth " +
                                     std::to_string(settings.shardDepth) + ")" +
                                     (leftovers > 0 ? "; removed " + std::to_string(leftovers) +
                                                          " partial upload(s) left by an earlier stop"
                                                    : std::string()));
        const ComponentState state = store->health();
        if (!state.ok) context.logger().warning(state.reason);
        return store;
    });
}

}  // namespace

ROTUNDA_PLUGIN("fs-documents", "1.0.0", "Stores documents on a local directory or a mounted share",
               registerFsDocuments);
