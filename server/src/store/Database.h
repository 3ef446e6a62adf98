// Database.h — the connection pool for SQLite or PostgreSQL.
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/Health.h"

struct sqlite3;  // SQLite's connection, for the WAL hook (sqlite3.h stays out of this header)

namespace rotunda::store {

/// The database.* configuration, validated.
struct DatabaseSettings {
    std::string backend = "sqlite";  ///< "sqlite" or "postgresql"
    std::string sqlitePath = "var/rotunda.db";
    std::string host = "127.0.0.1";
    int port = 5432;
    std::string name = "rotunda";
    std::string user = "rotunda";
    std::string password;  ///< secret: never logged
    /// database.postgresql.connect: libpq keyword=value pairs separated by spaces
    /// ("host=db1 port=5432 dbname=rotunda sslmode=verify-full"). When set it
    /// replaces host, port, name, user and password. Secret: it may hold the password.
    std::string connect;
    int poolMin = 1;
    int poolMax = 32;
    int poolIdleSeconds = 60;
    int busyTimeoutMs = 5000;
    /// database.sqlite.synchronous: "full" (a commit is on disk before it returns)
    /// or "normal" (in WAL mode, the last commits may be lost to a power cut or an
    /// OS crash, never to a crash of rotundad). docs/decisions/0007-sqlite-durability.md
    std::string sqliteSynchronous = "full";
    int connectTimeoutSeconds = 5;

    /// Reads and validates every database.* key; throws app::ConfigError.
    static DatabaseSettings fromConfiguration(const Poco::Util::AbstractConfiguration& config);

    /// Where the database is, for logs and errors: the file, user@host:port/name,
    /// or the connect string's pairs. Never contains the password.
    std::string describe() const;

    /// The PostgreSQL connection string handed to the connector: the connect
    /// string or the single keys, plus connect_timeout and application_name unless
    /// the connect string sets them. Holds the password: never log it.
    std::string connectionString() const;
};

/// A pool of sessions. Every SQLite connection has foreign keys on, the busy
/// timeout and the synchronous level set once, when the pool opens it; the file
/// is in WAL mode.
class Database {
public:
    class WriteTransaction;

    /// Opens the pool and checks one connection. Throws app::StartupError naming
    /// the database when it cannot be reached.
    explicit Database(const DatabaseSettings& settings);
    ~Database();

    /// A session from the pool, ready to use; returned to the pool when destroyed.
    /// Throws Poco::Data::DataException when no connection can be made.
    Poco::Data::Session session();

    /// Runs a trivial query; "ok", or "unavailable" with the reason. Connections
    /// that broke while the server was away are dropped (each idle one is tried)
    /// and then one new one, so the answer is current as soon as the database is back.
    app::ComponentHealth check();

    /// The validated settings the pool was opened with.
    const DatabaseSettings& settings() const { return settings_; }

    /// "sqlite" or "postgresql".
    const std::string& backend() const { return settings_.backend; }

    /// True on PostgreSQL, for the few places that differ by dialect.
    bool isPostgres() const { return settings_.backend == "postgresql"; }

    /// Runs `write` (statements on the session it is given, nothing else) in a
    /// write transaction and returns once that transaction is committed, on disk as
    /// the database's durability setting says. On SQLite, writes that other threads
    /// hand in while a commit is under way wait for it and are then committed
    /// together, in one transaction and one fsync (group commit): under concurrent
    /// sign-ins the fsync is shared instead of queued. Each write of a shared
    /// transaction runs inside its own SAVEPOINT, so one that throws is undone alone
    /// and its exception is rethrown to its own caller; a failed commit is rethrown
    /// to every caller in it. On PostgreSQL it is one WriteTransaction (the server
    /// groups commits itself). Keep slow work (network, hashing) out of `write`.
    void writeTogether(const std::function<void(Poco::Data::Session&)>& write);

    /// SQLite: checkpoints of the WAL into the database file made so far by the
    /// background checkpointer (for tests and metrics).
    long checkpoints() const;

    /// Says that this process may have written: every ReadCache entry read before
    /// is stale. Called by write transactions, after requests other than GET/HEAD
    /// and after background jobs' rounds.
    void noteChange() { changes_.fetch_add(1, std::memory_order_acq_rel); }

    /// How often noteChange() was called (ReadCache compares it).
    std::uint64_t changes() const { return changes_.load(std::memory_order_acquire); }

private:
    struct QueuedWrite;
    /// SQLite: called by a connection after each commit with the WAL's size in pages.
    static int onWalCommit(void* database, sqlite3* connection, const char* name, int walPages);
    void runCheckpointer();
    /// Runs `batch` in one transaction and records each write's outcome.
    void commitBatch(const std::vector<QueuedWrite*>& batch);

    DatabaseSettings settings_;
    std::unique_ptr<Poco::Data::SessionPool> pool_;
    /// SQLite has one writer at a time; this process's writers wait their turn here.
    std::mutex sqliteWriters_;
    /// writeTogether(): the writes waiting for the next commit, and whether a
    /// thread is committing a batch now.
    std::mutex queueMutex_;
    std::condition_variable batchDone_;
    std::vector<QueuedWrite*> queued_;
    bool committing_ = false;
    /// SQLite: the WAL is copied into the database file by this thread, when a commit
    /// leaves it at kCheckpointPages or more (SQLite's own automatic checkpoint would
    /// do it inside that commit, making one request in every hundred or so wait for a
    /// 4 MB write and an fsync of the database file). Durability is unchanged: a
    /// commit is durable in the WAL; the checkpoint only moves it.
    mutable std::mutex checkpointMutex_;
    std::condition_variable checkpointWake_;
    bool checkpointWanted_ = false;
    bool stopping_ = false;
    long checkpoints_ = 0;
    std::thread checkpointer_;
    std::atomic<std::uint64_t> changes_{0};
};

/// Writes that belong together, committed at once: on SQLite one commit is one
/// fsync, however many rows it holds. On SQLite the transactions of this process
/// take turns on a mutex before they begin, so they queue in memory instead of
/// sleeping in SQLite's busy handler (which backs off in steps of milliseconds).
/// On SQLite it begins IMMEDIATE (the write lock is taken at the start, so reads
/// inside it see what it will write over, and another process's writer is waited
/// for, never a "database is locked" halfway). Rolled back when destroyed without
/// commit(). Use only session() while it is open (another session of the pool
/// that writes would wait for this transaction), and keep slow work (network,
/// hashing) outside.
class Database::WriteTransaction {
public:
    explicit WriteTransaction(Database& database);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    /// The session every statement of the transaction runs on.
    Poco::Data::Session& session() { return session_; }

    /// Commits; afterwards the transaction is over. Throws Poco::Data::DataException.
    void commit();

private:
    // The turn comes first, so that waiting writers hold no pooled session.
    std::unique_lock<std::mutex> turn_;
    Poco::Data::Session session_;
    Database& database_;
    bool sqlite_;
    bool open_ = false;
};

}  // namespace rotunda::store
