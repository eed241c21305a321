-- planwatch schema v1: the monitoring model (src/domain/include/planwatch/domain/monitoring.hpp).
-- Written in the common subset of SQLite and PostgreSQL: @ID@ expands to
-- "INTEGER PRIMARY KEY AUTOINCREMENT" (SQLite) or "BIGSERIAL PRIMARY KEY" (PostgreSQL).
-- Dates are ISO 'YYYY-MM-DD' TEXT (they sort as dates), timestamps BIGINT Unix seconds (UTC),
-- booleans INTEGER 0/1. *_folded columns hold text::fold() of the column beside them (lower case,
-- accents removed, đ→d) for accent-insensitive search.

CREATE TABLE organisations (
  id @ID@,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('city', 'ministry'))
);

CREATE TABLE agencies (
  id @ID@,
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL,
  parent_id BIGINT REFERENCES agencies (id),
  UNIQUE (org_id, name)
);
CREATE INDEX agencies_name_folded ON agencies (org_id, name_folded);

CREATE TABLE agency_aliases (
  agency_id BIGINT NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  alias TEXT NOT NULL,
  alias_folded TEXT NOT NULL,
  PRIMARY KEY (agency_id, position)
);
CREATE INDEX agency_aliases_folded ON agency_aliases (alias_folded);

CREATE TABLE users (
  id @ID@,
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  agency_id BIGINT REFERENCES agencies (id),
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'office', 'approver', 'reporter', 'leader', 'public_viewer')),
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE plans (
  id @ID@,
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  title TEXT NOT NULL,
  title_folded TEXT NOT NULL,
  doc_type TEXT NOT NULL,
  number TEXT,
  signed_on TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'amended', 'replaced')),
  replaces_plan_id BIGINT REFERENCES plans (id),
  start_on TEXT NOT NULL,
  end_on TEXT NOT NULL,
  schedule_json TEXT NOT NULL
);
CREATE INDEX plans_org_status ON plans (org_id, status);

CREATE TABLE plan_parents (
  plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  parent_id BIGINT NOT NULL REFERENCES plans (id),
  position INTEGER NOT NULL,
  PRIMARY KEY (plan_id, parent_id)
);

CREATE TABLE task_groups (
  id @ID@,
  plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  ref TEXT NOT NULL,
  title TEXT NOT NULL
);
CREATE INDEX task_groups_plan ON task_groups (plan_id);

CREATE TABLE tasks (
  id @ID@,
  plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  group_id BIGINT REFERENCES task_groups (id),
  ref TEXT NOT NULL,
  parent_ref TEXT,
  text TEXT NOT NULL,
  text_folded TEXT NOT NULL,
  leader TEXT,
  lead_agency_id BIGINT REFERENCES agencies (id),
  timeframe_raw TEXT NOT NULL DEFAULT '',
  timeframe_kind TEXT NOT NULL DEFAULT 'unknown',
  timeframe_start TEXT,
  timeframe_due TEXT,
  output TEXT,
  source_first INTEGER NOT NULL DEFAULT 0,
  source_last INTEGER NOT NULL DEFAULT 0,
  source_page INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'not_started'
);
CREATE INDEX tasks_plan ON tasks (plan_id, group_id);
CREATE INDEX tasks_lead ON tasks (lead_agency_id);
CREATE INDEX tasks_status ON tasks (plan_id, status);

CREATE TABLE task_agencies (
  task_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  position INTEGER NOT NULL,
  PRIMARY KEY (task_id, agency_id)
);
CREATE INDEX task_agencies_agency ON task_agencies (agency_id);

CREATE TABLE indicators (
  id @ID@,
  plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  ref TEXT NOT NULL,
  text TEXT NOT NULL,
  text_folded TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  baseline DOUBLE PRECISION,
  baseline_on TEXT,
  direction TEXT NOT NULL CHECK (direction IN ('increase', 'decrease')),
  lead_agency_id BIGINT REFERENCES agencies (id),
  source_first INTEGER NOT NULL DEFAULT 0,
  source_last INTEGER NOT NULL DEFAULT 0,
  source_page INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX indicators_plan ON indicators (plan_id);

CREATE TABLE indicator_targets (
  indicator_id BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  phase TEXT NOT NULL,
  op TEXT NOT NULL,
  value DOUBLE PRECISION,
  value_max DOUBLE PRECISION,
  unit TEXT NOT NULL DEFAULT '',
  due TEXT NOT NULL,
  PRIMARY KEY (indicator_id, position)
);

CREATE TABLE indicator_agencies (
  indicator_id BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  position INTEGER NOT NULL,
  PRIMARY KEY (indicator_id, agency_id)
);

CREATE TABLE periods (
  id @ID@,
  plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  frequency TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'semiannual', 'annual', 'adhoc')),
  label TEXT NOT NULL,
  start_on TEXT NOT NULL,
  end_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  locks_on TEXT NOT NULL,
  UNIQUE (plan_id, frequency, label)
);

-- Versioned: a row is never rewritten once accepted; an amendment is the next version. The current
-- report of (task, period, agency) is its highest version.
CREATE TABLE task_reports (
  id @ID@,
  task_id BIGINT NOT NULL REFERENCES tasks (id),
  period_id BIGINT NOT NULL REFERENCES periods (id),
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'accepted', 'returned')),
  progress TEXT NOT NULL CHECK (progress IN ('not_started', 'in_progress', 'completed', 'at_risk')),
  percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
  completed_on TEXT,
  narrative TEXT NOT NULL DEFAULT '',
  difficulties TEXT NOT NULL DEFAULT '',
  proposals TEXT NOT NULL DEFAULT '',
  evidence_json TEXT NOT NULL DEFAULT '[]',
  submitted_at BIGINT,
  approved_at BIGINT,
  reviewed_at BIGINT,
  author_id BIGINT NOT NULL REFERENCES users (id),
  UNIQUE (task_id, period_id, agency_id, version)
);
CREATE INDEX task_reports_period ON task_reports (period_id, agency_id, status);

CREATE TABLE indicator_values (
  id @ID@,
  indicator_id BIGINT NOT NULL REFERENCES indicators (id),
  period_id BIGINT NOT NULL REFERENCES periods (id),
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  value DOUBLE PRECISION NOT NULL,
  measured_on TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'accepted', 'returned')),
  UNIQUE (indicator_id, period_id, agency_id)
);
CREATE INDEX indicator_values_period ON indicator_values (period_id, agency_id);

CREATE TABLE review_decisions (
  id @ID@,
  report_id BIGINT NOT NULL REFERENCES task_reports (id),
  reviewer_id BIGINT NOT NULL REFERENCES users (id),
  decision TEXT NOT NULL CHECK (decision IN ('accepted', 'returned')),
  comment TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL
);
CREATE INDEX review_decisions_report ON review_decisions (report_id);

-- Append-only (migration 0002 adds the triggers that refuse UPDATE and DELETE).
CREATE TABLE audit_log (
  id @ID@,
  user_id BIGINT REFERENCES users (id),
  at BIGINT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  before_json TEXT NOT NULL DEFAULT '',
  after_json TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE login_attempts (
  id @ID@,
  login TEXT NOT NULL,
  ip TEXT NOT NULL,
  at BIGINT NOT NULL,
  success INTEGER NOT NULL
);
CREATE INDEX login_attempts_login ON login_attempts (login, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

CREATE TABLE reminder_outbox (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX reminder_outbox_unsent ON reminder_outbox (created_at) WHERE sent_at IS NULL;

CREATE TABLE period_lock_exceptions (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  period_id BIGINT NOT NULL REFERENCES periods (id),
  until_on TEXT NOT NULL,
  granted_by BIGINT REFERENCES users (id),
  reason TEXT NOT NULL DEFAULT '',
  UNIQUE (agency_id, period_id)
);
