-- planwatch schema v4: each task carries its latest sent report's progress and percent (kept with
-- task_latest by the store), so a province dashboard is one index-only scan over the province's
-- tasks on (plan, lead agency, progress, percent) — a few milliseconds for 3,000 tasks.
ALTER TABLE tasks ADD COLUMN latest_progress TEXT;
ALTER TABLE tasks ADD COLUMN latest_percent INTEGER;
UPDATE tasks SET latest_progress = (SELECT l.progress FROM task_latest l WHERE l.task_id = tasks.id),
                 latest_percent = (SELECT l.percent FROM task_latest l WHERE l.task_id = tasks.id);
CREATE INDEX tasks_dashboard ON tasks (plan_id, lead_agency_id, latest_progress, latest_percent);
