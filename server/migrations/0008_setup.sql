-- 0008_setup.sql — what a facility sets up before rotations: steps, services,
-- affiliation agreements and capacity windows. Dates of the domain are
-- YYYY-MM-DD text (docs/decisions/0004-portable-sql.md); flags are 0/1 integers.

-- A step of an organization (a facility's, or a school's own). The row holds
-- what never changes between versions (owner, phase, position, archived); what
-- a person fills in lives in step_versions. `current_version` is what new
-- rotations get; older versions stay readable (docs/decisions/0011-step-versions.md).
CREATE TABLE steps (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    phase TEXT NOT NULL CHECK (phase IN ('application', 'onboarding', 'active', 'offboarding', 'evaluation')),
    position INTEGER NOT NULL,
    current_version INTEGER NOT NULL DEFAULT 1,
    archived INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX steps_organization ON steps (organization_id, phase, position);

-- One version of a step. `step_type` is form, document, confirmation or a plugin
-- step type id; `definition` is JSON: the form's fields, or a plugin step's settings.
CREATE TABLE step_versions (
    step_id TEXT NOT NULL REFERENCES steps (id),
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    instructions TEXT NOT NULL DEFAULT '',
    step_type TEXT NOT NULL,
    definition TEXT NOT NULL DEFAULT '{}',
    completed_by TEXT NOT NULL CHECK (completed_by IN ('student', 'school_coordinator', 'faculty', 'facility')),
    required INTEGER NOT NULL DEFAULT 1,
    expiry_days INTEGER,
    once_per_student INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (step_id, version)
);

-- A facility's service area, which students rotate in.
CREATE TABLE services (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    specialty TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX services_organization ON services (organization_id, name, id);

-- The steps that apply to a service, in order (the phase is the step's own).
CREATE TABLE service_steps (
    service_id TEXT NOT NULL REFERENCES services (id),
    step_id TEXT NOT NULL REFERENCES steps (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (service_id, step_id)
);
CREATE INDEX service_steps_step ON service_steps (step_id);

-- An affiliation agreement between a facility and a school. State changes follow
-- domain/Agreements (one table of transitions); `reminder_sent_at` makes the
-- end-of-term reminder go out once.
CREATE TABLE agreements (
    id TEXT PRIMARY KEY,
    facility_id TEXT NOT NULL REFERENCES organizations (id),
    school_id TEXT NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    document_id TEXT REFERENCES documents (id),
    state TEXT NOT NULL CHECK (state IN ('draft', 'pending', 'active', 'declined', 'expired')),
    decline_reason TEXT NOT NULL DEFAULT '',
    reminder_sent_at TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX agreements_facility ON agreements (facility_id, state);
CREATE INDEX agreements_school ON agreements (school_id, state);
CREATE INDEX agreements_end ON agreements (state, end_date);

-- The services an agreement covers; none listed: all of the facility's services.
CREATE TABLE agreement_services (
    agreement_id TEXT NOT NULL REFERENCES agreements (id),
    service_id TEXT NOT NULL REFERENCES services (id),
    PRIMARY KEY (agreement_id, service_id)
);
CREATE INDEX agreement_services_service ON agreement_services (service_id);

-- Capacity of a service over a date range. `booked` is counted by rotations
-- (a conditional update never lets it pass capacity); capacity is never set
-- below it. coordinator_scheduled windows name their school.
CREATE TABLE capacity_windows (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity >= 1),
    booked INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0),
    workflow TEXT NOT NULL CHECK (workflow IN ('coordinator_scheduled', 'student_requested')),
    school_id TEXT REFERENCES organizations (id),
    application_deadline TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (end_date >= start_date)
);
CREATE INDEX capacity_windows_service ON capacity_windows (service_id, start_date, id);

-- How many students of one school a student_requested window takes at most.
CREATE TABLE capacity_school_limits (
    window_id TEXT NOT NULL REFERENCES capacity_windows (id),
    school_id TEXT NOT NULL REFERENCES organizations (id),
    max_students INTEGER NOT NULL CHECK (max_students >= 1),
    PRIMARY KEY (window_id, school_id)
);
