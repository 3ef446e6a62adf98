-- 0021_time_zones_and_step_facts.sql — a facility's time zone, and what plugin
-- step types keep with a submission (plugin API 1.2).

-- The IANA time zone the organization works in (checked against the system's
-- zone database by the API). A facility's decides "today" for its steps.
ALTER TABLE organizations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';

-- Facts a plugin step type recorded for the accepted submission (StepType::record):
-- a JSON array of {"name", "value"} in the plugin's order.
ALTER TABLE step_completions ADD COLUMN facts TEXT NOT NULL DEFAULT '[]';
-- Why a plugin left a submission for a person to review (its Manual verdict's
-- reasons, one per line); read by the step's owner.
ALTER TABLE step_completions ADD COLUMN review_reasons TEXT NOT NULL DEFAULT '';
