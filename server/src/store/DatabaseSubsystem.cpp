// DatabaseSubsystem.cpp — opens the database and brings its schema up to date.
#include "store/DatabaseSubsystem.h"

#include <Poco/Logger.h>
#include <Poco/Util/Application.h>

#include <stdexcept>

#include "store/Migrator.h"

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
                    std::to_string(settings.poolMin) + ".." + std::to_string(settings.poolMax) +
                    (database_->isPostgres() ? ")" : ", synchronous=" + settings.sqliteSynchronous + ")"));
    const std::vector<std::string> applied = Migrator(*database_).migrate();
    for (const std::string& name : applied)
        log.information("RTD0002 migration " + name + " applied");
    if (applied.empty()) log.information("RTD0003 schema up to date");
}

void DatabaseSubsystem::uninitialize() {
    database_.reset();
}

std::vector<app::ComponentHealth> DatabaseSubsystem::health() const {
    if (!database_) return {{"database", "unavailable", "not opened", true}};
    return {database_->check()};
}

}  // namespace rotunda::store
