-- 0002_accounts.sql — people, their sign-in sessions and the secrets that prove who they are.

-- One person. Emails are stored trimmed and lower-cased, so uniqueness is
-- case-insensitive. A merged account is disabled and points at the one it
-- was merged into.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    pronouns TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    password_hash TEXT,
    status TEXT NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
    is_administrator INTEGER NOT NULL DEFAULT 0,
    merged_into TEXT REFERENCES users (id),
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A signed-in browser. Only the SHA-256 of the session token is stored, so a
-- copy of the database does not sign anyone in.
CREATE TABLE sessions (
    id {{id}},
    token_hash TEXT NOT NULL UNIQUE,
    csrf_token TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    remote_address TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Who a user is at an authenticator plugin (LDAP entryUUID, SAML NameID …).
CREATE TABLE external_identities (
    authenticator TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (authenticator, subject)
);
CREATE INDEX external_identities_user ON external_identities (user_id);
