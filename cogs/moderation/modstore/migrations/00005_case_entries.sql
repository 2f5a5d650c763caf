-- +goose Up
-- mod_case_entries remembers, per case, how its modlog entry showed it: the
-- names of the target and the moderator at the time (so re-rendering the
-- case shows the same names), and the modlog message it was posted as
-- (channel_id and message_id empty when it was not posted), so that an
-- edited reason or a revocation edits that message in place.
CREATE TABLE IF NOT EXISTS mod_case_entries (
    case_id        BIGINT NOT NULL PRIMARY KEY REFERENCES mod_cases (id) ON DELETE CASCADE,
    guild_id       TEXT   NOT NULL,
    channel_id     TEXT   NOT NULL DEFAULT '',
    message_id     TEXT   NOT NULL DEFAULT '',
    target_name    TEXT   NOT NULL DEFAULT '',
    moderator_name TEXT   NOT NULL DEFAULT ''
);

CREATE INDEX IF NOT EXISTS mod_case_entries_target_name ON mod_case_entries (guild_id, target_name);

-- +goose Down
DROP INDEX IF EXISTS mod_case_entries_target_name;
DROP TABLE IF EXISTS mod_case_entries;
