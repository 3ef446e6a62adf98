-- 0020_rotation_notices.sql — what the rotation notice job remembers: when each
-- person was last sent the weekly digest (one per digest period). The start
-- reminder is remembered in rotation_events (kind 'notice', action
-- 'start_reminder'), where the rotation's people see it was sent.
CREATE TABLE rotation_digests (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    sent_at TEXT NOT NULL
);
