// Migrator.h — applies the numbered SQL migrations and records them.
#pragma once

#include <string>
#include <vector>

#include "store/Database.h"
#include "store/Migrations.h"

namespace rotunda::store {

/// Applies migrations in version order, each in its own transaction, and records
/// each in schema_migrations (version, name, checksum, applied_at). A failing
/// migration is rolled back and stops start-up naming the file and the
/// database's error; a recorded migration whose text changed is refused.
/// On PostgreSQL an advisory lock keeps two nodes from migrating at once.
class Migrator {
public:
    explicit Migrator(Database& database) : database_(database) {}

    /// Applies what is not yet applied; returns the names applied now.
    /// Throws app::StartupError.
    std::vector<std::string> migrate(
        const std::vector<Migration>& migrations = builtInMigrations());

    /// The SQL of `migration` for this database's dialect ({{id}} replaced).
    std::string dialectSql(const std::string& sql) const;

    /// Splits a migration into statements at semicolons that end a line.
    static std::vector<std::string> statements(const std::string& sql);

private:
    Database& database_;
};

}  // namespace rotunda::store
