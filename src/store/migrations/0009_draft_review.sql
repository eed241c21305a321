-- planwatch schema v9: what an imported draft leaves to the office's review.
-- The imported document's SHA-256, so a second import of the same bytes is flagged as a duplicate.
ALTER TABLE plans ADD COLUMN source_sha256 TEXT;

-- Agency names the importer could not match to an agency of the organisation. They stay text on
-- the draft until the office decides (decision): 'agency' = an existing agency (agency_id),
-- 'create' = a new agency created when the plan is published, 'text' = kept as text (collective
-- phrases such as "các sở, ngành liên quan" are never agencies), 'pending' = not decided yet.
CREATE TABLE plan_agency_names (
  id @ID@,
  plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('named', 'collective', 'unknown')),
  decision TEXT NOT NULL CHECK (decision IN ('pending', 'agency', 'create', 'text')),
  agency_id BIGINT REFERENCES agencies (id),
  UNIQUE (plan_id, name)
);

-- Where each name was printed: a task's or a target's lead (lead = 1) or coordinating agencies.
CREATE TABLE plan_agency_mentions (
  name_id BIGINT NOT NULL REFERENCES plan_agency_names (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  task_id BIGINT REFERENCES tasks (id) ON DELETE CASCADE,
  indicator_id BIGINT REFERENCES indicators (id) ON DELETE CASCADE,
  lead INTEGER NOT NULL,
  PRIMARY KEY (name_id, position)
);
CREATE INDEX plan_agency_mentions_task ON plan_agency_mentions (task_id);
CREATE INDEX plan_agency_mentions_indicator ON plan_agency_mentions (indicator_id);
