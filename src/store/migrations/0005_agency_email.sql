-- planwatch schema v5: an agency's e-mail address, where the outbox delivers its reminders and
-- explanation requests when SMTP is configured.
ALTER TABLE agencies ADD COLUMN email TEXT;
