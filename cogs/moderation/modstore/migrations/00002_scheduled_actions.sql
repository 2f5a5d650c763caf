-- +goose Up
-- Identical to core migration 00003 of the previous release (see 00001).
-- scheduled_actions are deferred moderation actions (unban when a tempban
-- expires, untimeout, ...). A row is pending while done_at and failed_at are
-- both NULL; a transient failure bumps attempts and moves due_at forward, a
-- permanent one sets failed_at.
CREATE TABLE IF NOT EXISTS scheduled_actions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id   TEXT      NOT NULL,
    kind       TEXT      NOT NULL,
    target_id  TEXT      NOT NULL,
    case_id    BIGINT    NULL REFERENCES mod_cases (id) ON DELETE SET NULL,
    due_at     TIMESTAMP NOT NULL,
    attempts   INTEGER   NOT NULL DEFAULT 0,
    last_error TEXT      NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    done_at    TIMESTAMP NULL,
    failed_at  TIMESTAMP NULL
);

CREATE INDEX IF NOT EXISTS scheduled_actions_pending ON scheduled_actions (done_at, due_at);

-- +goose Down
DROP INDEX IF EXISTS scheduled_actions_pending;
DROP TABLE IF EXISTS scheduled_actions;
