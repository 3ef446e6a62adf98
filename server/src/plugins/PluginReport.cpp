// PluginReport.cpp — `rotunda-admin plugins`: what is in the plugin directory and why.
#include "plugins/PluginReport.h"

#include "app/Logging.h"
#include "plugins/PluginHost.h"

#include <Poco/Logger.h>

namespace rotunda::plugins {
namespace {

const char* typeLabel(plugin::ConfigType type) {
    switch (type) {
        case plugin::ConfigType::String: return "string";
        case plugin::ConfigType::Integer: return "integer";
        case plugin::ConfigType::Boolean: return "boolean";
        case plugin::ConfigType::Path: return "path";
        case plugin::ConfigType::Url: return "url";
    }
    return "string";
}

}  // namespace

int printPluginReport(const Poco::Util::AbstractConfiguration& config, std::ostream& out) {
    // The report prints the refusals itself; the host's log lines would repeat them.
    Poco::Logger::get("rotunda.plugins").setLevel(Poco::Message::PRIO_FATAL);
    app::Metrics metrics;
    PluginHost host(config, metrics, HostIdentity(), false);
    host.loadAll();

    const std::vector<PluginRecord> records = host.records();
    out << "Plugin directory: " << host.directory() << " (" << records.size() << " file(s))\n";
    int refused = 0;
    for (const PluginRecord& record : records) {
        out << "\n" << (record.id.empty() ? "(unknown id)" : record.id);
        if (!record.version.empty()) out << " " << record.version;
        out << "\n  file:        " << record.file << "\n";
        if (!record.description.empty()) out << "  description: " << record.description << "\n";
        out << "  state:       " << stateName(record.state);
        if (!record.id.empty())
            out << " (enabled: " << (record.enabled ? "yes" : "no")
                << ", required: " << (record.required ? "yes" : "no") << ")";
        out << "\n";
        if (!record.reason.empty()) {
            out << "  reason:      " << record.reason << "\n";
            ++refused;
        }
        for (const std::string& point : record.extensionPoints) out << "  provides:    " << point << "\n";
        for (const plugin::ConfigProperty& property : record.config) {
            const std::string key = "plugins." + record.id + "." + property.name;
            const std::string value = config.has(key) ? config.getRawString(key) : "";
            out << "  config:      " << key << " (" << typeLabel(property.type)
                << (property.required ? ", required" : "") << (property.secret ? ", secret" : "") << ") = ";
            if (value.empty())
                out << "(not set" << (property.defaultValue.empty() ? "" : "; default " + property.defaultValue) << ")";
            else
                out << (property.secret ? "********" : app::displayValue(key, value));
            out << "\n               " << property.label << (property.help.empty() ? "" : ": " + property.help)
                << "\n";
        }
    }
    return refused == 0 ? 0 : 1;
}

}  // namespace rotunda::plugins
