-- 0005_documents.sql — what Rotunda knows about an uploaded document; the bytes
-- live in a DocumentStore plugin under store_key.

-- Every document belongs to one record (record_type, record_id): a user's own
-- file, an organization's profile, later an agreement, a step completion or a
-- message; who may read it follows that record.
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    store_plugin TEXT NOT NULL,
    store_key TEXT NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX documents_record ON documents (record_type, record_id, created_at);
