-- +goose Up
-- case_counters hands out sequential case numbers per guild: one upsert
-- increments last_case inside the transaction that inserts the case.
CREATE TABLE case_counters (
    guild_id  TEXT    NOT NULL PRIMARY KEY,
    last_case INTEGER NOT NULL
);

-- mod_cases is the moderation log. action is one of warn, kick, ban, tempban,
-- unban, timeout, untimeout, purge, unwarn (checked by the store, so adding an
-- action needs no table rebuild on SQLite). Empty strings mean "none".
CREATE TABLE mod_cases (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id         TEXT      NOT NULL,
    case_number      INTEGER   NOT NULL,
    action           TEXT      NOT NULL,
    target_id        TEXT      NOT NULL DEFAULT '',
    moderator_id     TEXT      NOT NULL DEFAULT '',
    reason           TEXT      NOT NULL DEFAULT '',
    points           INTEGER   NOT NULL DEFAULT 0,
    duration_seconds BIGINT    NOT NULL DEFAULT 0,
    expires_at       TIMESTAMP NULL,
    created_at       TIMESTAMP NOT NULL,
    edited_at        TIMESTAMP NULL,
    edited_by        TEXT      NOT NULL DEFAULT '',
    revoked_at       TIMESTAMP NULL,
    revoked_by       TEXT      NOT NULL DEFAULT '',
    CONSTRAINT mod_cases_guild_number UNIQUE (guild_id, case_number)
);

CREATE INDEX mod_cases_guild_target ON mod_cases (guild_id, target_id);

-- +goose Down
DROP INDEX mod_cases_guild_target;
DROP TABLE mod_cases;
DROP TABLE case_counters;
