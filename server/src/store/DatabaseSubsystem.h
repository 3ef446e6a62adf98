// DatabaseSubsystem.h — opens the database and brings its schema up to date.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <memory>

#include "app/Health.h"
#include "store/Database.h"

namespace rotunda::store {

/// Second subsystem: opens the pool from database.* and applies migrations,
/// logging which database and which migrations. Reports the component
/// "database" (essential) to /health by running a trivial query.
class DatabaseSubsystem : public Poco::Util::Subsystem, public app::HealthSource {
public:
    const char* name() const override { return "rotunda.database"; }

    /// The open database; only valid after initialisation.
    Database& database();

    std::vector<app::ComponentHealth> health() const override;

protected:
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;

private:
    std::unique_ptr<Database> database_;
};

}  // namespace rotunda::store
