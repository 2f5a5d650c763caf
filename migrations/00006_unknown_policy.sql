-- +goose Up
-- unknown_commands is the guild's policy for prefixed words that are not
-- commands: 'reply', 'suggest' or 'silent'; empty means the default
-- (suggest). Version 5 is the command hashes' migration.
ALTER TABLE guild_settings ADD COLUMN unknown_commands TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE guild_settings DROP COLUMN unknown_commands;
