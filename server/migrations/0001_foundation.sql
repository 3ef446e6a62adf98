-- 0001_foundation.sql — the tables every later feature relies on.
-- Portable SQL for SQLite and PostgreSQL; {{id}} is the one dialect token
-- (docs/decisions/0004-portable-sql.md). Times are UTC ISO-8601 text.

-- Who did what to which record, when, from where. Append-only: nothing updates
-- or deletes these rows.
CREATE TABLE audit_events (
    id {{id}},
    occurred_at TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    remote_address TEXT,
    request_id TEXT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_record ON audit_events (record_type, record_id, id);
CREATE INDEX audit_events_actor ON audit_events (actor_id, id);

-- Background jobs: one node holds a job's lease at a time.
CREATE TABLE job_leases (
    job TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    lease_until TEXT NOT NULL,
    acquired_at TEXT NOT NULL
);
