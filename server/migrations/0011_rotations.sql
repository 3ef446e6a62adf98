-- 0011_rotations.sql — students on rotations: the rotation itself, the steps it
-- was given (pinned to the version of the day), its activity feed, and the
-- per-organization settings the rotation job reads. Dates of the domain are
-- YYYY-MM-DD text, times UTC ISO-8601 text, flags 0/1 integers
-- (docs/decisions/0004-portable-sql.md). Statuses and who moves them:
-- domain/Rotations (docs/decisions/0014-rotation-lifecycle-and-places.md).

-- One student on one capacity window. `holds_place` is 1 while the rotation
-- counts in its window's `booked` (written with the status, in the transaction
-- that books or releases the place), so booked = COUNT(*) WHERE holds_place = 1.
-- facility_id and service_id repeat what the window says, for lists and dashboards.
CREATE TABLE rotations (
    id TEXT PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES users (id),
    school_id TEXT NOT NULL REFERENCES organizations (id),
    facility_id TEXT NOT NULL REFERENCES organizations (id),
    service_id TEXT NOT NULL REFERENCES services (id),
    window_id TEXT NOT NULL REFERENCES capacity_windows (id),
    preceptor_id TEXT REFERENCES users (id),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('scheduled', 'application')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'pending_review', 'pending_site', 'waitlisted', 'onboarding',
        'ready', 'active', 'offboarding', 'completed', 'paused', 'cancelled', 'declined')),
    holds_place INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    status_before_cancel TEXT,
    cancelled_by TEXT REFERENCES users (id),
    cancelled_party TEXT,
    status_before_pause TEXT,
    override_conflicts TEXT NOT NULL DEFAULT '',
    overridden_by TEXT REFERENCES users (id),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    status_changed_at TEXT NOT NULL,
    CHECK (end_date >= start_date)
);
CREATE INDEX rotations_window ON rotations (window_id, holds_place, school_id);
CREATE INDEX rotations_student ON rotations (student_id, start_date, id);
CREATE INDEX rotations_school ON rotations (school_id, status, start_date, id);
CREATE INDEX rotations_facility ON rotations (facility_id, status, start_date, id);
CREATE INDEX rotations_preceptor ON rotations (preceptor_id, start_date);
CREATE INDEX rotations_status_start ON rotations (status, start_date);
CREATE INDEX rotations_status_end ON rotations (status, end_date);

-- One step a rotation was given, pinned to (step_id, step_version) as it was on
-- the day the rotation was made. phase, required and completed_by are copied
-- from that version so progress and dashboards need no join. document_ids is a
-- JSON array of documents ids, answers a JSON object of the form's answers.
-- carried_from: the verified completion of an earlier rotation this one reuses
-- (once-per-student steps).
CREATE TABLE step_completions (
    id TEXT PRIMARY KEY,
    rotation_id TEXT NOT NULL REFERENCES rotations (id),
    step_id TEXT NOT NULL,
    step_version INTEGER NOT NULL,
    phase TEXT NOT NULL,
    position INTEGER NOT NULL,
    required INTEGER NOT NULL,
    completed_by TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'todo'
        CHECK (state IN ('todo', 'submitted', 'verified', 'rejected', 'waived', 'expired')),
    answers TEXT NOT NULL DEFAULT '{}',
    document_ids TEXT NOT NULL DEFAULT '[]',
    submitted_by TEXT REFERENCES users (id),
    submitted_at TEXT,
    verified_by TEXT REFERENCES users (id),
    verified_at TEXT,
    reason TEXT NOT NULL DEFAULT '',
    expires_at TEXT,
    carried_from TEXT REFERENCES step_completions (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    FOREIGN KEY (step_id, step_version) REFERENCES step_versions (step_id, version),
    UNIQUE (rotation_id, step_id)
);
CREATE INDEX step_completions_rotation ON step_completions (rotation_id, phase, position);
CREATE INDEX step_completions_step ON step_completions (step_id, state);
CREATE INDEX step_completions_expiry ON step_completions (state, expires_at);

-- What happened on a rotation, oldest first: status changes (kind 'status'),
-- conflict overrides ('override'), and later step events ('step') and comments
-- ('comment', text in body). actor_id NULL: Rotunda's own rotation job.
CREATE TABLE rotation_events (
    id {{id}},
    rotation_id TEXT NOT NULL REFERENCES rotations (id),
    occurred_at TEXT NOT NULL,
    actor_id TEXT REFERENCES users (id),
    kind TEXT NOT NULL,
    action TEXT NOT NULL DEFAULT '',
    from_status TEXT,
    to_status TEXT,
    step_completion_id TEXT REFERENCES step_completions (id),
    body TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX rotation_events_rotation ON rotation_events (rotation_id, id);

-- Settings an organization chooses, by name (for rotations:
-- 'rotations.closeNotReadyAtStart' = 'true' | 'false').
CREATE TABLE organization_settings (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_by TEXT REFERENCES users (id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (organization_id, name)
);
