// DatabaseSubsystem.cpp — opens the database and brings its schema up to date.
#include "store/DatabaseSubsystem.h"

#include "store/Migrator.h"

#include <Poco/Logger.h>
#include <Poco/Util/Application.h>

#include <stdexcept>

using namespace Poco::Data::Keywords;

namespace rotunda::store {

Database& DatabaseSubsystem::database() {
    if (!database_) throw std::logic_error("the database subsystem is not initialised");
    return *database_;
}

void DatabaseSubsystem::initialize(Poco::Util::Application& app) {
    Poco::Logger& log = Poco::Logger::get("rotunda.database");
    const DatabaseSettings settings = DatabaseSettings::fromConfiguration(app.config());
    database_ = std::make_unique<Database>(settings);
    log.information("RTD0001 database " + settings.describe() + " open (pool " +
                    std::to_string(settings.poolMin) + ".." + std::to_string(settings.poolMax) + ")");
    const std::vector<std::string> applied = Migrator(*database_).migrate();
    for (const std::string& name : applied) log.information("RTD0002 migration " + name + " applied");
    if (applied.empty()) log.information("RTD0003 schema up to date");
}

void DatabaseSubsystem::uninitialize() { database_.reset(); }

std::vector<app::ComponentHealth> DatabaseSubsystem::health() const {
    app::ComponentHealth component{"database", "ok", "", true};
    if (!database_) {
        component.state = "unavailable";
        component.reason = "not opened";
        return {component};
    }
    try {
        Poco::Data::Session session = database_->session();
        int one = 0;
        session << "SELECT 1", into(one), now;
    } catch (const Poco::Exception& e) {
        component.state = "unavailable";
        component.reason = database_->settings().describe() + ": " + e.displayText();
    }
    return {component};
}

}  // namespace rotunda::store
