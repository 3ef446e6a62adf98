// StoreTestSupport.h — the databases the store suites run against.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/Database.h"

namespace rotunda::test {

/// A fresh, empty database of one backend, removed or emptied when destroyed.
class TestDatabase {
public:
    explicit TestDatabase(const std::string& backend);
    ~TestDatabase();

    store::Database& database() { return *database_; }
    const std::string& backend() const { return backend_; }

private:
    std::string backend_;
    std::string sqliteDir_;
    std::unique_ptr<store::Database> database_;
};

/// "sqlite" and "postgresql": every store suite runs on both. PostgreSQL comes
/// from the CTest fixture (tests/integration/postgres.sh); without it the
/// PostgreSQL cases fail rather than pass unseen.
std::vector<std::string> backends();

/// Settings of the fixture's PostgreSQL server; throws when it is not running.
store::DatabaseSettings postgresSettings();

/// Runs tests/integration/postgres.sh COMMAND on the fixture's cluster (pause, resume).
void controlPostgres(const std::string& command);

}  // namespace rotunda::test
