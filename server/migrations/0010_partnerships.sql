-- 0010_partnerships.sql — which schools a facility works with, visible to both.

-- A facility × school partnership. A facility links a school already in Rotunda,
-- or invites one by email (the school is created with the name the facility gave
-- and `invitation_id` is the invitation of its first admin). Drafting an
-- agreement with a school links it too. Ending keeps the row (state 'ended') so
-- the history stays; linking again makes it active again.
CREATE TABLE partnerships (
    facility_id TEXT NOT NULL REFERENCES organizations (id),
    school_id TEXT NOT NULL REFERENCES organizations (id),
    state TEXT NOT NULL CHECK (state IN ('active', 'ended')),
    invitation_id TEXT REFERENCES invitations (id),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    ended_by TEXT REFERENCES users (id),
    ended_at TEXT,
    PRIMARY KEY (facility_id, school_id)
);
CREATE INDEX partnerships_school ON partnerships (school_id, state);
