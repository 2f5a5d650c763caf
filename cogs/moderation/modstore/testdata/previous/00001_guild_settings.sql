-- +goose Up
-- Per-guild settings. Empty strings mean "not set": an empty prefix falls back
-- to COMMAND_PREFIX, an empty channel ID disables the feature.
-- escalation_policy is a JSON list of {"points", "action", "duration_seconds"}.
-- warn_decay_days 0 means warnings never decay.
CREATE TABLE guild_settings (
    guild_id           TEXT      NOT NULL PRIMARY KEY,
    prefix             TEXT      NOT NULL DEFAULT '',
    modlog_channel_id  TEXT      NOT NULL DEFAULT '',
    welcome_channel_id TEXT      NOT NULL DEFAULT '',
    welcome_message    TEXT      NOT NULL DEFAULT '',
    escalation_policy  TEXT      NOT NULL DEFAULT '[]',
    warn_decay_days    INTEGER   NOT NULL DEFAULT 0,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE guild_settings;
