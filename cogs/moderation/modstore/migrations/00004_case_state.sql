-- +goose Up
-- A moderation action is recorded before it is performed on Discord: its
-- case is 'pending' until Discord answered, then 'done' or 'failed' (with
-- the reason in failure). Cases made before this migration happened, so
-- they are 'done'. A failed case keeps its number (numbers stay gapless).
-- delete_days is how many days of the target's messages a ban deleted.
ALTER TABLE mod_cases ADD COLUMN state TEXT NOT NULL DEFAULT 'done';
ALTER TABLE mod_cases ADD COLUMN failure TEXT NOT NULL DEFAULT '';
ALTER TABLE mod_cases ADD COLUMN delete_days INTEGER NOT NULL DEFAULT 0;

-- Start-up reconciliation looks for the pending cases.
CREATE INDEX IF NOT EXISTS mod_cases_pending ON mod_cases (state, created_at);

-- +goose Down
DROP INDEX IF EXISTS mod_cases_pending;
ALTER TABLE mod_cases DROP COLUMN delete_days;
ALTER TABLE mod_cases DROP COLUMN failure;
ALTER TABLE mod_cases DROP COLUMN state;
