-- planwatch schema v10: joint lead agencies (issue 10; rule in docs/monitoring.md, "Joint lead agencies").
-- A task or target has one or more lead agencies: task_agencies / indicator_agencies now hold every
-- agency of the task with its role ('lead' or 'coordinating'; position orders each role). The single
-- tasks.lead_agency_id / indicators.lead_agency_id columns are retired: moved here, then set NULL.
-- (SQLite cannot drop a column that carries a foreign key without rebuilding the table, and rebuilding
-- `tasks` under foreign_keys=ON would cascade-delete its reports; the columns stay, unused.)
ALTER TABLE task_agencies ADD COLUMN role TEXT NOT NULL DEFAULT 'coordinating' CHECK (role IN ('lead', 'coordinating'));
ALTER TABLE indicator_agencies ADD COLUMN role TEXT NOT NULL DEFAULT 'coordinating' CHECK (role IN ('lead', 'coordinating'));

-- The single lead goes first among the leads (position -1 sorts before the promoted ones below).
UPDATE task_agencies SET role = 'lead', position = -1
  WHERE agency_id = (SELECT t.lead_agency_id FROM tasks t WHERE t.id = task_agencies.task_id);
INSERT INTO task_agencies (task_id, agency_id, position, role)
  SELECT t.id, t.lead_agency_id, -1, 'lead' FROM tasks t
  WHERE t.lead_agency_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM task_agencies x WHERE x.task_id = t.id AND x.agency_id = t.lead_agency_id);
UPDATE indicator_agencies SET role = 'lead', position = -1
  WHERE agency_id = (SELECT i.lead_agency_id FROM indicators i WHERE i.id = indicator_agencies.indicator_id);
INSERT INTO indicator_agencies (indicator_id, agency_id, position, role)
  SELECT i.id, i.lead_agency_id, -1, 'lead' FROM indicators i
  WHERE i.lead_agency_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM indicator_agencies x WHERE x.indicator_id = i.id AND x.agency_id = i.lead_agency_id);

-- Leads the old import demoted to coordinating agencies come back where the stored import says they
-- were printed as leads: a draft's agency-name mentions (0009) record the slot (lead = 1) of every
-- name the office resolved at review. Names that matched an agency directly at import left no such
-- record and stay coordinating (docs/store.md, "Migration 10").
UPDATE task_agencies SET role = 'lead'
  WHERE role = 'coordinating' AND EXISTS (
    SELECT 1 FROM plan_agency_mentions m JOIN plan_agency_names n ON n.id = m.name_id
    WHERE m.task_id = task_agencies.task_id AND m.lead = 1 AND n.agency_id = task_agencies.agency_id);
UPDATE indicator_agencies SET role = 'lead'
  WHERE role = 'coordinating' AND EXISTS (
    SELECT 1 FROM plan_agency_mentions m JOIN plan_agency_names n ON n.id = m.name_id
    WHERE m.indicator_id = indicator_agencies.indicator_id AND m.lead = 1 AND n.agency_id = indicator_agencies.agency_id);

DROP INDEX tasks_lead;
DROP INDEX tasks_dashboard;
UPDATE tasks SET lead_agency_id = NULL WHERE lead_agency_id IS NOT NULL;
UPDATE indicators SET lead_agency_id = NULL WHERE lead_agency_id IS NOT NULL;

-- Đầu mối: the lead the office names to report for the whole task (NULL: every lead reports its part).
ALTER TABLE tasks ADD COLUMN consolidating_agency_id BIGINT REFERENCES agencies (id);

-- Each lead's own latest accepted report (its part; the per-agency dashboard rows count these), kept
-- by the store like tasks.latest_* — which now hold the parts combined (domain/joint_leads.hpp,
-- combine_progress). For a task with one lead the combination is that lead's part; a task with
-- several (only promoted ones above) is recomputed by the store right after this migration.
ALTER TABLE task_agencies ADD COLUMN latest_progress TEXT;
ALTER TABLE task_agencies ADD COLUMN latest_percent INTEGER;
UPDATE task_agencies SET
  latest_progress = (SELECT r.progress FROM task_reports r JOIN periods p ON p.id = r.period_id
                     WHERE r.task_id = task_agencies.task_id AND r.agency_id = task_agencies.agency_id
                       AND r.status = 'accepted'
                     ORDER BY p.end_on DESC, r.version DESC, r.id DESC LIMIT 1),
  latest_percent = (SELECT r.percent FROM task_reports r JOIN periods p ON p.id = r.period_id
                    WHERE r.task_id = task_agencies.task_id AND r.agency_id = task_agencies.agency_id
                      AND r.status = 'accepted'
                    ORDER BY p.end_on DESC, r.version DESC, r.id DESC LIMIT 1)
  WHERE role = 'lead';
UPDATE tasks SET
  latest_progress = (SELECT ta.latest_progress FROM task_agencies ta WHERE ta.task_id = tasks.id AND ta.role = 'lead'),
  latest_percent = (SELECT ta.latest_percent FROM task_agencies ta WHERE ta.task_id = tasks.id AND ta.role = 'lead')
  WHERE (SELECT COUNT(*) FROM task_agencies ta WHERE ta.task_id = tasks.id AND ta.role = 'lead') = 1;
-- The dashboards read the figures through two covering indexes, in plan order, without touching the
-- wide task rows (0004's tasks_dashboard, keyed on the retired lead column, is dropped above):
-- task_agencies carries its task's plan and whether this lead owes the report (owes: the store
-- writes domain owing_agencies — every lead, or the đầu mối alone), so a province's per-lead rows are
-- one range scan per plan; tasks.leads (the number of leads) finds the tasks without one.
ALTER TABLE task_agencies ADD COLUMN plan_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE task_agencies ADD COLUMN owes INTEGER NOT NULL DEFAULT 0;
UPDATE task_agencies SET plan_id = (SELECT t.plan_id FROM tasks t WHERE t.id = task_agencies.task_id);
UPDATE task_agencies SET owes = 1 WHERE role = 'lead';
ALTER TABLE tasks ADD COLUMN leads INTEGER NOT NULL DEFAULT 0;
UPDATE tasks SET leads = (SELECT COUNT(*) FROM task_agencies ta WHERE ta.task_id = tasks.id AND ta.role = 'lead');
CREATE INDEX task_agencies_dashboard ON task_agencies (plan_id, owes, agency_id, latest_progress, latest_percent);
CREATE INDEX tasks_figures ON tasks (plan_id, leads, latest_progress, latest_percent);

-- Collective agencies ("UBND các xã, phường") and the bodies each stands for, remembered per
-- organisation: a plan that prints the phrase as lead gets these members as leads.
ALTER TABLE agencies ADD COLUMN kind TEXT NOT NULL DEFAULT 'named' CHECK (kind IN ('named', 'collective'));
CREATE TABLE agency_members (
  agency_id BIGINT NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
  member_id BIGINT NOT NULL REFERENCES agencies (id),
  position INTEGER NOT NULL,
  PRIMARY KEY (agency_id, member_id)
);

-- A draft's collective name the office expands at review: the member agencies' ids ("3 5 9"), turned
-- into the collective agency's members when the plan is published (a draft adds no agency).
ALTER TABLE plan_agency_names ADD COLUMN members TEXT NOT NULL DEFAULT '';

-- Where a pending name stands among its row's agencies (AgencyMention::slot), so that publishing
-- inserts the agency in printed order; -1 (append) for mentions recorded before.
ALTER TABLE plan_agency_mentions ADD COLUMN slot INTEGER NOT NULL DEFAULT -1;
