// Database.cpp — the connection pool for SQLite or PostgreSQL.
#include "store/Database.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SessionPool.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/StringTokenizer.h>
#include <sqlite3.h>

#include <cctype>
#include <chrono>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "app/Logging.h"
#include "app/Settings.h"
#include "app/StartupError.h"
#include "store/ErrorText.h"

#ifdef ROTUNDA_WITH_POSTGRES
#include <Poco/Data/PostgreSQL/Connector.h>
#endif

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

using Pairs = std::vector<std::pair<std::string, std::string>>;

bool hasSpace(const std::string& value) {
    for (char c : value)
        if (std::isspace(static_cast<unsigned char>(c))) return true;
    return false;
}

// "k=v k=v" as libpq keywords and values; empty when the text is not of that form.
// Poco's PostgreSQL connector itself splits its connection string at spaces, so a
// value can never contain one, quoted or not.
Pairs parsePairs(const std::string& text) {
    Pairs pairs;
    Poco::StringTokenizer tokens(text, " \t", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const std::string& token : tokens) {
        const std::string::size_type equals = token.find('=');
        if (equals == 0 || equals == std::string::npos || equals + 1 == token.size()) return {};
        const std::string keyword = token.substr(0, equals);
        for (char c : keyword)
            if (!std::islower(static_cast<unsigned char>(c)) && c != '_') return {};
        pairs.emplace_back(keyword, token.substr(equals + 1));
    }
    return pairs;
}

bool hasKeyword(const Pairs& pairs, const std::string& keyword) {
    for (const auto& pair : pairs)
        if (pair.first == keyword) return true;
    return false;
}

// A value that goes into the connection string: it must not contain a space.
std::string readConnectValue(const Poco::Util::AbstractConfiguration& config,
                             const std::string& key, const std::string& defaultValue,
                             bool required) {
    const std::string value = app::readString(config, key, defaultValue, required);
    if (hasSpace(value))
        throw app::ConfigError(key, app::displayValue(key, value),
                               "a value without spaces (the PostgreSQL connector splits its "
                               "connection string at spaces)");
    return value;
}

// Runs the per-connection settings once, on each connection the pool opens:
// Poco's pool calls customizeSession() for a new connection only, and a
// connection that broke is dropped from the pool, so its replacement is new too.
// (Session::reconnect() is not used: on a pooled session it returns it to the pool.)
class ConfiguredSessionPool : public Poco::Data::SessionPool {
public:
    ConfiguredSessionPool(const std::string& connector, const std::string& connect, int minSessions,
                          int maxSessions, int idleSeconds, std::vector<std::string> statements,
                          std::function<void(Poco::Data::Session&)> alsoCustomize)
        : Poco::Data::SessionPool(connector, connect, minSessions, maxSessions, idleSeconds),
          statements_(std::move(statements)),
          alsoCustomize_(std::move(alsoCustomize)) {}

protected:
    void customizeSession(Poco::Data::Session& session) override {
        for (const std::string& statement : statements_) session << statement, Poco::Data::Keywords::now;
        if (alsoCustomize_) alsoCustomize_(session);
    }

private:
    const std::vector<std::string> statements_;
    const std::function<void(Poco::Data::Session&)> alsoCustomize_;
};

// SQLite's default automatic checkpoint threshold, kept; only where it runs changes.
constexpr int kCheckpointPages = 1000;

}  // namespace

DatabaseSettings DatabaseSettings::fromConfiguration(
    const Poco::Util::AbstractConfiguration& config) {
    DatabaseSettings s;
#ifdef ROTUNDA_WITH_POSTGRES
    s.backend = app::readChoice(config, "database.backend", s.backend, {"sqlite", "postgresql"});
#else
    s.backend = app::readChoice(config, "database.backend", s.backend, {"sqlite"});
#endif
    s.sqlitePath = app::readString(config, "database.sqlite.path", s.sqlitePath, true);
    s.host = readConnectValue(config, "database.postgresql.host", s.host, true);
    s.port = static_cast<int>(app::readInt(config, "database.postgresql.port", s.port, 1, 65535));
    s.name = readConnectValue(config, "database.postgresql.name", s.name, true);
    s.user = readConnectValue(config, "database.postgresql.user", s.user, true);
    s.password = readConnectValue(config, "database.postgresql.password", "", false);
    s.connect = app::readString(config, "database.postgresql.connect", "");
    if (!s.connect.empty() && parsePairs(s.connect).empty())
        throw app::ConfigError("database.postgresql.connect",
                               app::displayValue("database.postgresql.connect", s.connect),
                               "libpq keyword=value pairs separated by spaces, values without "
                               "spaces, e.g. host=db1 port=5432 dbname=rotunda user=rotunda "
                               "sslmode=verify-full (not a postgresql:// URI)");
    s.poolMin = static_cast<int>(app::readInt(config, "database.pool.min", s.poolMin, 1, 1000));
    s.poolMax = static_cast<int>(app::readInt(config, "database.pool.max", s.poolMax, 1, 1000));
    if (s.poolMax < s.poolMin)
        throw app::ConfigError("database.pool.max", std::to_string(s.poolMax),
                               "at least database.pool.min (" + std::to_string(s.poolMin) + ")");
    s.poolIdleSeconds = static_cast<int>(
        app::readInt(config, "database.pool.idleSeconds", s.poolIdleSeconds, 1, 86400));
    s.busyTimeoutMs = static_cast<int>(
        app::readInt(config, "database.busyTimeoutMs", s.busyTimeoutMs, 0, 600000));
    s.sqliteSynchronous =
        app::readChoice(config, "database.sqlite.synchronous", s.sqliteSynchronous, {"full", "normal"});
    s.connectTimeoutSeconds = static_cast<int>(
        app::readInt(config, "database.connectTimeoutSeconds", s.connectTimeoutSeconds, 1, 300));
    return s;
}

std::string DatabaseSettings::describe() const {
    if (backend == "sqlite") return "SQLite " + Poco::Path(sqlitePath).absolute().toString();
    if (connect.empty())
        return "PostgreSQL " + user + "@" + host + ":" + std::to_string(port) + "/" + name;
    std::string shown = "PostgreSQL";
    for (const auto& [keyword, value] : parsePairs(connect))
        if (keyword != "password") shown += " " + keyword + "=" + value;
    return shown;
}

std::string DatabaseSettings::connectionString() const {
    Pairs pairs = parsePairs(connect);
    if (connect.empty()) {
        pairs = {{"host", quoteConnectValue(host)},
                 {"port", std::to_string(port)},
                 {"dbname", quoteConnectValue(name)},
                 {"user", quoteConnectValue(user)}};
        if (!password.empty()) pairs.emplace_back("password", quoteConnectValue(password));
    }
    if (!hasKeyword(pairs, "connect_timeout"))
        pairs.emplace_back("connect_timeout", std::to_string(connectTimeoutSeconds));
    if (!hasKeyword(pairs, "application_name")) pairs.emplace_back("application_name", "rotundad");
    std::string text;
    for (const auto& [keyword, value] : pairs)
        text += (text.empty() ? "" : " ") + keyword + "=" + value;
    return text;
}

Database::Database(const DatabaseSettings& settings) : settings_(settings) {
    registerConnectors();
    std::string connector = "SQLite";
    std::string connect = settings_.sqlitePath;
    if (isPostgres()) {
        connector = "PostgreSQL";
        connect = settings_.connectionString();
    } else {
        const Poco::Path parent = Poco::Path(settings_.sqlitePath).absolute().parent();
        try {
            Poco::File(parent).createDirectories();
        } catch (const Poco::Exception& e) {
            throw app::StartupError(
                "database " + settings_.describe() + ": cannot create directory " +
                parent.toString() + " (" + e.message() +
                "); check database.sqlite.path and the directory's permissions");
        }
    }
    std::vector<std::string> perConnection;
    if (!isPostgres())
        perConnection = {"PRAGMA foreign_keys=ON",
                         "PRAGMA busy_timeout=" + std::to_string(settings_.busyTimeoutMs),
                         settings_.sqliteSynchronous == "normal" ? "PRAGMA synchronous=NORMAL"
                                                                 : "PRAGMA synchronous=FULL"};
    std::function<void(Poco::Data::Session&)> walHook;
    if (!isPostgres())
        walHook = [this](Poco::Data::Session& session) {
            // Replaces SQLite's automatic checkpoint on this connection (it is a WAL hook too).
            sqlite3_wal_hook(Poco::Data::SQLite::Utility::dbHandle(session), &Database::onWalCommit, this);
        };
    pool_ = std::make_unique<ConfiguredSessionPool>(connector, connect, settings_.poolMin, settings_.poolMax,
                                                    settings_.poolIdleSeconds, std::move(perConnection),
                                                    std::move(walHook));
    try {
        Poco::Data::Session first = session();
        if (!isPostgres()) {
            // WAL is a property of the file: set once, it stays.
            std::string mode;
            first << "PRAGMA journal_mode=WAL", Poco::Data::Keywords::into(mode),
                Poco::Data::Keywords::now;
        }
    } catch (const Poco::Exception& e) {
        throw app::StartupError("database " + settings_.describe() +
                                " unavailable: " + oneLine(e.displayText()) +
                                "; check the database.* settings and that the server is running");
    }
    if (!isPostgres()) checkpointer_ = std::thread([this] { runCheckpointer(); });
}

int Database::onWalCommit(void* database, sqlite3*, const char*, int walPages) {
    if (walPages < kCheckpointPages) return SQLITE_OK;
    auto& self = *static_cast<Database*>(database);
    {
        std::lock_guard<std::mutex> lock(self.checkpointMutex_);
        self.checkpointWanted_ = true;
    }
    self.checkpointWake_.notify_one();
    return SQLITE_OK;
}

void Database::runCheckpointer() {
    std::unique_lock<std::mutex> lock(checkpointMutex_);
    for (;;) {
        checkpointWake_.wait(lock, [this] { return checkpointWanted_ || stopping_; });
        if (stopping_) return;
        checkpointWanted_ = false;
        lock.unlock();
        try {
            // PASSIVE: copies what no reader still needs, never waits for readers or
            // writers; the next commit after a complete one starts the WAL over.
            Poco::Data::Session session = this->session();
            int busy = 0, walFrames = 0, copied = 0;
            session << "PRAGMA wal_checkpoint(PASSIVE)", Poco::Data::Keywords::into(busy),
                Poco::Data::Keywords::into(walFrames), Poco::Data::Keywords::into(copied), Poco::Data::Keywords::now;
        } catch (const Poco::Exception& e) {
            // The next commit over the threshold asks again.
            Poco::Logger::get("rotunda.database").warning("RTD0005 WAL checkpoint failed: " + oneLine(e.displayText()));
        }
        lock.lock();
        ++checkpoints_;
    }
}

long Database::checkpoints() const {
    std::lock_guard<std::mutex> lock(checkpointMutex_);
    return checkpoints_;
}

app::ComponentHealth Database::check() {
    app::ComponentHealth component{"database", "ok", "", true};
    // Every idle connection may have broken while the server was away (each
    // background job leaves one): try each of them, then one new connection.
    const int attempts = (pool_ ? pool_->idle() : 0) + 1;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        try {
            Poco::Data::Session checked = session();
            int one = 0;
            checked << "SELECT 1", Poco::Data::Keywords::into(one), Poco::Data::Keywords::now;
            return component;
        } catch (const Poco::Exception& e) {
            component.reason = settings_.describe() + ": " + oneLine(e.displayText());
        }
    }
    component.state = "unavailable";
    return component;
}

Database::~Database() {
    if (checkpointer_.joinable()) {
        {
            std::lock_guard<std::mutex> lock(checkpointMutex_);
            stopping_ = true;
        }
        checkpointWake_.notify_one();
        checkpointer_.join();
    }
    if (pool_) pool_->shutdown();
}

Poco::Data::Session Database::session() {
    // Poco's pool fails at once when every session is out; a burst of requests
    // larger than database.pool.max (rotations.sh sends 64 at once) would then
    // answer 500. Wait for a session instead, as long as the busy timeout.
    const Poco::Timestamp started;
    for (;;) {
        try {
            return pool_->get();
        } catch (const Poco::Data::SessionPoolExhaustedException&) {
            if (started.elapsed() >= static_cast<Poco::Timestamp::TimeDiff>(settings_.busyTimeoutMs) * 1000) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
}

Database::WriteTransaction::WriteTransaction(Database& database)
    : turn_(database.isPostgres() ? std::unique_lock<std::mutex>()
                                  : std::unique_lock<std::mutex>(database.sqliteWriters_)),
      session_(database.session()),
      database_(database),
      sqlite_(!database.isPostgres()) {
    // SQLite: take the write lock now (waiting up to busy_timeout for another
    // process, e.g. rotunda-admin, to finish). A deferred transaction that read
    // first would fail at its first write with "database is locked" if another
    // process wrote meanwhile, without waiting.
    if (sqlite_) session_ << "BEGIN IMMEDIATE", Poco::Data::Keywords::now;
    else session_.begin();
    open_ = true;
}

Database::WriteTransaction::~WriteTransaction() {
    if (!open_) return;
    try {
        if (sqlite_) session_ << "ROLLBACK", Poco::Data::Keywords::now;
        else session_.rollback();
    } catch (const Poco::Exception& e) {
        // PostgreSQL: the pool tries once more when it gets the session back, and
        // closes the connection if that fails too. SQLite: the connection's next
        // BEGIN fails and the error names it.
        Poco::Logger::get("rotunda.database").warning("RTD0004 rollback failed: " + oneLine(e.displayText()));
    }
}

struct Database::QueuedWrite {
    const std::function<void(Poco::Data::Session&)>* write = nullptr;
    std::exception_ptr error;
    bool done = false;
};

void Database::writeTogether(const std::function<void(Poco::Data::Session&)>& write) {
    if (isPostgres()) {
        WriteTransaction transaction(*this);
        write(transaction.session());
        transaction.commit();
        return;
    }
    QueuedWrite mine;
    mine.write = &write;
    std::unique_lock<std::mutex> lock(queueMutex_);
    queued_.push_back(&mine);
    // Leader and followers: whoever finds no commit under way takes everything
    // queued so far and commits it; the others wait and are either in that batch
    // or lead the next one.
    while (!mine.done) {
        if (committing_) {
            batchDone_.wait(lock);
            continue;
        }
        committing_ = true;
        std::vector<QueuedWrite*> batch;
        batch.swap(queued_);
        lock.unlock();
        commitBatch(batch);
        lock.lock();
        for (QueuedWrite* queued : batch) queued->done = true;
        committing_ = false;
        batchDone_.notify_all();
    }
    if (mine.error) std::rethrow_exception(mine.error);
}

void Database::commitBatch(const std::vector<QueuedWrite*>& batch) {
    using Poco::Data::Keywords::now;
    try {
        WriteTransaction transaction(*this);
        Poco::Data::Session& session = transaction.session();
        if (batch.size() == 1) {
            (*batch.front()->write)(session);  // alone: its failure undoes the whole transaction
        } else {
            for (QueuedWrite* queued : batch) {
                session << "SAVEPOINT queued_write", now;
                try {
                    (*queued->write)(session);
                    session << "RELEASE SAVEPOINT queued_write", now;
                } catch (...) {
                    queued->error = std::current_exception();
                    session << "ROLLBACK TO SAVEPOINT queued_write", now;
                    session << "RELEASE SAVEPOINT queued_write", now;
                }
            }
        }
        transaction.commit();
    } catch (...) {
        // The transaction (or undoing one write) failed: nothing of the batch is committed.
        for (QueuedWrite* queued : batch)
            if (!queued->error) queued->error = std::current_exception();
    }
}

void Database::WriteTransaction::commit() {
    if (sqlite_) session_ << "COMMIT", Poco::Data::Keywords::now;
    else session_.commit();
    open_ = false;
    // After the commit: a read that began before it and stored its answer after
    // this is compared with the count it began at, and dropped.
    database_.noteChange();
}

}  // namespace rotunda::store
