-- 0004_organizations.sql — facilities and schools, and who belongs to them in which role.

-- A facility (hospital, clinic) or a school. The profile is what students see
-- when they browse; logo_document_id points at a document of this organization.
CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('facility', 'school')),
    name TEXT NOT NULL,
    org_type TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    logo_document_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX organizations_name ON organizations (kind, name);

-- User × organization × role. Which roles a kind allows is a domain rule
-- (domain/Roles). `source` is 'manual' for memberships people granted, or
-- 'directory:<authenticator>' for those a directory group maps to, which sign-in
-- adds and removes; manual ones are never touched by a directory.
CREATE TABLE memberships (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'manual',
    created_at TEXT NOT NULL,
    PRIMARY KEY (organization_id, user_id, role)
);
CREATE INDEX memberships_user ON memberships (user_id);
