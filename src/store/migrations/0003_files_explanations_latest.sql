-- planwatch schema v3: uploaded files, explanation requests, and each task's latest sent report
-- kept up to date by the store (the dashboards read it instead of ranking every report).

-- Content base64 in TEXT: the same SQL on both backends (no BLOB/bytea split); files are capped
-- (20 MiB by default) so the 4/3 overhead is acceptable, and every app server sharing the
-- database serves the same files.
CREATE TABLE files (
  key TEXT PRIMARY KEY,
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by BIGINT NOT NULL REFERENCES users (id),
  at BIGINT NOT NULL,
  content_base64 TEXT NOT NULL
);

CREATE TABLE explanations (
  id @ID@,
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  entity TEXT NOT NULL CHECK (entity IN ('task', 'indicator')),
  entity_id BIGINT NOT NULL,
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  requested_by BIGINT NOT NULL REFERENCES users (id),
  question TEXT NOT NULL,
  asked_at BIGINT NOT NULL,
  answer TEXT,
  answered_by BIGINT REFERENCES users (id),
  answered_at BIGINT
);
CREATE INDEX explanations_agency ON explanations (agency_id, asked_at);
CREATE INDEX explanations_plan ON explanations (plan_id);
CREATE INDEX reminder_outbox_agency ON reminder_outbox (agency_id, created_at);

-- One row per task that has a sent (submitted/approved/accepted) report: the report the
-- dashboards count (latest period, the lead agency's before the others', highest version).
CREATE TABLE task_latest (
  task_id BIGINT PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
  report_id BIGINT NOT NULL REFERENCES task_reports (id),
  progress TEXT NOT NULL,
  percent INTEGER NOT NULL
);

INSERT INTO task_latest (task_id, report_id, progress, percent)
SELECT task_id, id, progress, percent FROM (
  SELECT r.task_id, r.id, r.progress, r.percent,
         ROW_NUMBER() OVER (PARTITION BY r.task_id ORDER BY p.end_on DESC,
           CASE WHEN r.agency_id = t.lead_agency_id THEN 0 ELSE 1 END, r.version DESC, r.id DESC) AS rn
  FROM task_reports r JOIN periods p ON p.id = r.period_id JOIN tasks t ON t.id = r.task_id
  WHERE r.status IN ('submitted', 'approved', 'accepted')
) ranked WHERE rn = 1;
