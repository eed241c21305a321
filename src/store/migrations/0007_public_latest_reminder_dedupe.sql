-- planwatch schema v7: (1) tasks.latest_progress / latest_percent (0004) now hold each task's latest
-- *accepted* report — dashboards and the national roll-up are public figures, and a report the office
-- has not accepted is not public (issue 16); recomputed here with the store's ranking (latest period
-- end, the lead agency's first, highest version). (2) reminder_outbox.dedupe_key: "send reminders"
-- queues at most one reminder per agency, period and day (the key says which); a unique index makes a
-- second one a no-op even from two servers at once. NULL (a forced resend, explanation requests) is
-- never a duplicate.
UPDATE tasks SET
  latest_progress = (SELECT r.progress FROM task_reports r JOIN periods p ON p.id = r.period_id JOIN tasks t ON t.id = r.task_id
                     WHERE r.task_id = tasks.id AND r.status = 'accepted'
                     ORDER BY p.end_on DESC, CASE WHEN r.agency_id = t.lead_agency_id THEN 0 ELSE 1 END,
                              r.version DESC, r.id DESC LIMIT 1),
  latest_percent = (SELECT r.percent FROM task_reports r JOIN periods p ON p.id = r.period_id JOIN tasks t ON t.id = r.task_id
                    WHERE r.task_id = tasks.id AND r.status = 'accepted'
                    ORDER BY p.end_on DESC, CASE WHEN r.agency_id = t.lead_agency_id THEN 0 ELSE 1 END,
                             r.version DESC, r.id DESC LIMIT 1);
ALTER TABLE reminder_outbox ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX reminder_outbox_dedupe ON reminder_outbox (dedupe_key);
