-- 0007_people.sql — a school's students (program, graduation year).

-- What a school knows of one of its students, beside the 'student' membership.
-- Removing the membership leaves the row (the school's record of the person).
CREATE TABLE student_profiles (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    program TEXT NOT NULL DEFAULT '',
    graduation_year INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX student_profiles_program ON student_profiles (organization_id, program, graduation_year);
CREATE INDEX memberships_role ON memberships (organization_id, role, user_id);
