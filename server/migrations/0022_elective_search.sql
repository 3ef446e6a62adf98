-- 0022_elective_search.sql — indexes for elective search (issue 7, benchmark).
-- A search by specialty starts from the services of that specialty (compared
-- case-insensitively, hence the expression) and reads their windows through
-- capacity_windows_service; a search without one walks the student-requested
-- windows in the order it answers them, (start date, id), and stops at the page.
CREATE INDEX services_specialty ON services (LOWER(specialty));
CREATE INDEX capacity_windows_workflow_start ON capacity_windows (workflow, start_date, id);
