-- Guards in the database itself, beside the store's own checks: an accepted task report is never
-- rewritten or deleted (amendments are new versions) and the audit log is append-only.
-- SQLSTATE 23001 (restrict_violation) maps to "conflict" in the store.
CREATE FUNCTION planwatch_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER task_reports_accepted_immutable BEFORE UPDATE OR DELETE ON task_reports
FOR EACH ROW WHEN (OLD.status = 'accepted')
EXECUTE FUNCTION planwatch_refuse('an accepted task report is immutable');

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION planwatch_refuse('the audit log is append-only');

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION planwatch_refuse('the audit log is append-only');
