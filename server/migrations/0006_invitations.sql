-- 0006_invitations.sql — invitations to join an organization in a role.

-- One invitation of one email address to one role. Only the SHA-256 of the
-- mailed token is stored; re-sending replaces it (the newest link works).
-- `user_id` is who accepted: the invited account, or the account that was
-- signed in when the link was opened.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'revoked')),
    invited_by TEXT NOT NULL REFERENCES users (id),
    user_id TEXT REFERENCES users (id),
    sends INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX invitations_organization ON invitations (organization_id, state);
CREATE INDEX invitations_inviter ON invitations (invited_by, sent_at);
