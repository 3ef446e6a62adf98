// Database.cpp — the connection pool for SQLite or PostgreSQL.
#include "store/Database.h"

#include "app/Settings.h"
#include "app/StartupError.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#ifdef ROTUNDA_WITH_POSTGRES
#include <Poco/Data/PostgreSQL/Connector.h>
#endif

#include <mutex>

namespace rotunda::store {
namespace {

void registerConnectors() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Data::SQLite::Connector::registerConnector();
#ifdef ROTUNDA_WITH_POSTGRES
        Poco::Data::PostgreSQL::Connector::registerConnector();
#endif
    });
}

// libpq connection strings quote values with single quotes and backslash escapes.
std::string quoteConnectValue(const std::string& value) {
    std::string quoted = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "'";
}

}  // namespace

DatabaseSettings DatabaseSettings::fromConfiguration(const Poco::Util::AbstractConfiguration& config) {
    DatabaseSettings s;
#ifdef ROTUNDA_WITH_POSTGRES
    s.backend = app::readChoice(config, "database.backend", s.backend, {"sqlite", "postgresql"});
#else
    s.backend = app::readChoice(config, "database.backend", s.backend, {"sqlite"});
#endif
    s.sqlitePath = app::readString(config, "database.sqlite.path", s.sqlitePath, true);
    s.host = app::readString(config, "database.postgresql.host", s.host, true);
    s.port = static_cast<int>(app::readInt(config, "database.postgresql.port", s.port, 1, 65535));
    s.name = app::readString(config, "database.postgresql.name", s.name, true);
    s.user = app::readString(config, "database.postgresql.user", s.user, true);
    s.password = app::readString(config, "database.postgresql.password", "");
    s.poolMin = static_cast<int>(app::readInt(config, "database.pool.min", s.poolMin, 1, 1000));
    s.poolMax = static_cast<int>(app::readInt(config, "database.pool.max", s.poolMax, 1, 1000));
    if (s.poolMax < s.poolMin)
        throw app::ConfigError("database.pool.max", std::to_string(s.poolMax),
                               "at least database.pool.min (" + std::to_string(s.poolMin) + ")");
    s.poolIdleSeconds =
        static_cast<int>(app::readInt(config, "database.pool.idleSeconds", s.poolIdleSeconds, 1, 86400));
    s.busyTimeoutMs =
        static_cast<int>(app::readInt(config, "database.busyTimeoutMs", s.busyTimeoutMs, 0, 600000));
    s.connectTimeoutSeconds = static_cast<int>(
        app::readInt(config, "database.connectTimeoutSeconds", s.connectTimeoutSeconds, 1, 300));
    return s;
}

std::string DatabaseSettings::describe() const {
    if (backend == "sqlite") return "SQLite " + Poco::Path(sqlitePath).absolute().toString();
    return "PostgreSQL " + user + "@" + host + ":" + std::to_string(port) + "/" + name;
}

Database::Database(const DatabaseSettings& settings) : settings_(settings) {
    registerConnectors();
    std::string connector = "SQLite";
    std::string connect = settings_.sqlitePath;
    if (isPostgres()) {
        connector = "PostgreSQL";
        connect = "host=" + quoteConnectValue(settings_.host) + " port=" + std::to_string(settings_.port) +
                  " dbname=" + quoteConnectValue(settings_.name) + " user=" + quoteConnectValue(settings_.user) +
                  " connect_timeout=" + std::to_string(settings_.connectTimeoutSeconds) +
                  " application_name=rotundad";
        if (!settings_.password.empty()) connect += " password=" + quoteConnectValue(settings_.password);
    } else {
        const Poco::Path parent = Poco::Path(settings_.sqlitePath).absolute().parent();
        try {
            Poco::File(parent).createDirectories();
        } catch (const Poco::Exception& e) {
            throw app::StartupError("database " + settings_.describe() + ": cannot create directory " +
                                    parent.toString() + " (" + e.message() +
                                    "); check database.sqlite.path and the directory's permissions");
        }
    }
    pool_ = std::make_unique<Poco::Data::SessionPool>(connector, connect, settings_.poolMin,
                                                      settings_.poolMax, settings_.poolIdleSeconds);
    try {
        Poco::Data::Session first = session();
        if (!isPostgres()) {
            // WAL is a property of the file: set once, it stays.
            std::string mode;
            first << "PRAGMA journal_mode=WAL", Poco::Data::Keywords::into(mode), Poco::Data::Keywords::now;
        }
    } catch (const Poco::Exception& e) {
        throw app::StartupError("database " + settings_.describe() + " unavailable: " + e.displayText() +
                                "; check the database.* settings and that the server is running");
    }
}

app::ComponentHealth Database::check() {
    app::ComponentHealth component{"database", "ok", "", true};
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            Poco::Data::Session checked = session();
            int one = 0;
            checked << "SELECT 1", Poco::Data::Keywords::into(one), Poco::Data::Keywords::now;
            return component;
        } catch (const Poco::Exception& e) {
            component.reason = settings_.describe() + ": " + e.displayText();
        }
    }
    component.state = "unavailable";
    return component;
}

Database::~Database() {
    if (pool_) pool_->shutdown();
}

Poco::Data::Session Database::session() {
    Poco::Data::Session session = pool_->get();
    if (!isPostgres()) {
        // Connection-level settings: applied on every hand-out because the pool
        // does not tell a new connection from a reused one, and both are cheap.
        session << "PRAGMA foreign_keys=ON", Poco::Data::Keywords::now;
        session << "PRAGMA busy_timeout=" + std::to_string(settings_.busyTimeoutMs),
            Poco::Data::Keywords::now;
        session << "PRAGMA synchronous=FULL", Poco::Data::Keywords::now;
    }
    return session;
}

}  // namespace rotunda::store
