-- 0019_dashboards.sql — personal calendar feeds (issue 7: dashboards and exports).
-- A user's secret iCalendar feed URL carries a random token; only its SHA-256
-- (lower-case hex) is stored, so a copy of the database does not open anyone's
-- feed. One feed per user: creating a new one replaces the old token, revoking
-- deletes the row.
CREATE TABLE calendar_feeds (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- The student's "steps to do" on the dashboard: their rotations (rotations_student)
-- joined to the completions they complete that are todo or rejected.
CREATE INDEX step_completions_todo ON step_completions (rotation_id, completed_by, state);
