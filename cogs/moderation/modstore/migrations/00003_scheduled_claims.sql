-- +goose Up
-- A scheduler claims due actions before running them: claimed_by names the
-- process, lease_until is when the claim lapses, so that an action claimed
-- by a process that died is taken over by another once the lease expires.
-- An action is claimable while pending and lease_until is NULL or past.
ALTER TABLE scheduled_actions ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE scheduled_actions ADD COLUMN lease_until TIMESTAMP NULL;

-- +goose Down
ALTER TABLE scheduled_actions DROP COLUMN lease_until;
ALTER TABLE scheduled_actions DROP COLUMN claimed_by;
