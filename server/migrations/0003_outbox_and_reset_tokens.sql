-- 0003_outbox_and_reset_tokens.sql — mail that must not be lost, and single-use mailed links.

-- Every message Rotunda sends is stored here first and delivered by a background
-- worker, so a mail server that is down delays mail but never loses it.
CREATE TABLE outbox (
    id {{id}},
    created_at TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL DEFAULT '',
    message_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- Single-use links mailed to a user: password resets, and confirmations of a new
-- email address (new_email). Only the SHA-256 of the token is stored.
CREATE TABLE password_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('reset', 'email_change')),
    new_email TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX password_tokens_user ON password_tokens (user_id);
