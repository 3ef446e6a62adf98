// StoreTestSupport.cpp — the databases the store suites run against.
#include "StoreTestSupport.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cstdlib>
#include <stdexcept>

#include "TestSupport.h"

namespace rotunda::test {
namespace {

std::string postgresDir() {
    const std::string dir = env("ROTUNDA_TEST_PG_DIR");
    if (dir.empty())
        throw std::runtime_error(
            "ROTUNDA_TEST_PG_DIR is not set: run the store suites through ctest");
    return dir;
}

}  // namespace

store::DatabaseSettings postgresSettings() {
    const std::string file = postgresDir() + "/postgres.env";
    if (!Poco::File(file).exists())
        throw std::runtime_error("no PostgreSQL test server: " + file +
                                 " is missing (the CTest fixture 'postgres' starts it)");
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> env(
        new Poco::Util::PropertyFileConfiguration(file));
    store::DatabaseSettings settings;
    settings.backend = "postgresql";
    settings.host = env->getString("ROTUNDA_TEST_PG_HOST");
    settings.port = env->getInt("ROTUNDA_TEST_PG_PORT");
    settings.name = env->getString("ROTUNDA_TEST_PG_NAME");
    settings.user = env->getString("ROTUNDA_TEST_PG_USER");
    settings.connectTimeoutSeconds = 2;
    return settings;
}

void controlPostgres(const std::string& command) {
    const std::string script = env("ROTUNDA_SOURCE_DIR") + "/tests/integration/postgres.sh";
    const std::string line = "bash '" + script + "' " + command + " '" + postgresDir() + "'";
    if (std::system(line.c_str()) != 0) throw std::runtime_error("failed: " + line);
}

std::vector<std::string> backends() {
    return {"sqlite", "postgresql"};
}

TestDatabase::TestDatabase(const std::string& backend) : backend_(backend) {
    store::DatabaseSettings settings;
    if (backend == "sqlite") {
        sqliteDir_ = Poco::TemporaryFile::tempName();
        settings.sqlitePath = sqliteDir_ + "/test.db";
        settings.poolMax = 64;
        database_ = std::make_unique<store::Database>(settings);
        return;
    }
    settings = postgresSettings();
    settings.poolMax = 64;
    database_ = std::make_unique<store::Database>(settings);
    Poco::Data::Session session = database_->session();
    session << "DROP SCHEMA public CASCADE", Poco::Data::Keywords::now;
    session << "CREATE SCHEMA public", Poco::Data::Keywords::now;
}

TestDatabase::~TestDatabase() {
    database_.reset();
    if (!sqliteDir_.empty()) Poco::File(sqliteDir_).remove(true);
}

}  // namespace rotunda::test
