-- 0014_social.sql — the staff directory, connections, blocks, endorsements,
-- message threads and per-user notification settings (issue 8).

-- Directory fields of the profile. name_lower is the folded name
-- (domain::foldForSearch) the directory ranks by, compared byte by byte so that
-- a prefix is an index range on both databases. directory_listed is NULL until
-- the person chooses: then staff are listed and students are not.
ALTER TABLE users ADD COLUMN name_lower TEXT {{bytewise}} NOT NULL DEFAULT '';
UPDATE users SET name_lower = LOWER(name);
ALTER TABLE users ADD COLUMN directory_listed INTEGER;
ALTER TABLE users ADD COLUMN specialty TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN location TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN share_email INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN share_phone INTEGER NOT NULL DEFAULT 0;
-- The folded specialty and location, one a line: what the directory's substring
-- tier searches besides the name (one LIKE on a short column per row).
ALTER TABLE users ADD COLUMN directory_text TEXT NOT NULL DEFAULT '';
-- The directory reads this index alone (it covers every column a search tests
-- but the filters): exact and prefix matches are ranges of it, and the substring
-- tier walks it in name order, stopping when the page is full — sequentially,
-- over narrow entries instead of the wide user rows.
CREATE INDEX users_directory ON users (name_lower, id, directory_text, status, directory_listed);

-- A request to connect and what became of it. At most one pending or accepted
-- connection per pair (checked under a lock on both users' rows); declined,
-- withdrawn and removed ones stay as history.
CREATE TABLE connections (
    id TEXT PRIMARY KEY,
    requester_id TEXT NOT NULL REFERENCES users (id),
    addressee_id TEXT NOT NULL REFERENCES users (id),
    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined', 'withdrawn', 'removed')),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX connections_requester ON connections (requester_id, state, created_at);
CREATE INDEX connections_addressee ON connections (addressee_id, state);

-- blocker no longer takes requests or messages from blocked.
CREATE TABLE blocks (
    blocker_id TEXT NOT NULL REFERENCES users (id),
    blocked_id TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);

-- Skills an organization lists for endorsements.
CREATE TABLE skills (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    name_lower TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX skills_organization_name ON skills (organization_id, name_lower);

-- One person vouching for another's skill; the endorsed person may hide it.
CREATE TABLE endorsements (
    id TEXT PRIMARY KEY,
    endorser_id TEXT NOT NULL REFERENCES users (id),
    endorsed_id TEXT NOT NULL REFERENCES users (id),
    skill TEXT NOT NULL,
    skill_lower TEXT NOT NULL,
    skill_id TEXT,
    hidden INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX endorsements_endorsed ON endorsements (endorsed_id, skill_lower);
CREATE INDEX endorsements_endorser ON endorsements (endorser_id);

-- A conversation between two people; thread_members holds who and how far each
-- has read (last_read_id) and been mailed about (notified_id), as message ids.
CREATE TABLE message_threads (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    last_message_at TEXT NOT NULL
);
CREATE TABLE thread_members (
    thread_id TEXT NOT NULL REFERENCES message_threads (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    other_id TEXT NOT NULL REFERENCES users (id),
    last_read_id BIGINT NOT NULL DEFAULT 0,
    notified_id BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX thread_members_user ON thread_members (user_id, other_id);

-- Messages in order of id; the body is never logged nor audited.
CREATE TABLE messages (
    id {{id}},
    thread_id TEXT NOT NULL REFERENCES message_threads (id),
    sender_id TEXT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    document_id TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX messages_thread ON messages (thread_id, id);
CREATE INDEX messages_document ON messages (document_id);

-- A user's choice per kind of mail (domain::notificationKinds); no row: the kind's default.
CREATE TABLE notification_settings (
    user_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    email INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);
