-- Guards in the database itself, beside the store's own checks: an accepted task report is never
-- rewritten or deleted (amendments are new versions) and the audit log is append-only.
-- RAISE(ABORT) reports SQLITE_CONSTRAINT_TRIGGER, which the store maps to "conflict".
CREATE TRIGGER task_reports_accepted_no_update BEFORE UPDATE ON task_reports
WHEN OLD.status = 'accepted'
BEGIN
  SELECT RAISE(ABORT, 'an accepted task report is immutable');
END;

CREATE TRIGGER task_reports_accepted_no_delete BEFORE DELETE ON task_reports
WHEN OLD.status = 'accepted'
BEGIN
  SELECT RAISE(ABORT, 'an accepted task report is immutable');
END;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
