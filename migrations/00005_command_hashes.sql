-- +goose Up
-- app_command_hashes remembers, per registration scope ("global" or
-- "guild:<id>"), the hash of the application commands last registered with
-- Discord, so that a restart with unchanged definitions sends no bulk
-- overwrite (Discord allows 200 command creates per day per guild).
CREATE TABLE app_command_hashes (
    scope      TEXT      PRIMARY KEY,
    hash       TEXT      NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE app_command_hashes;
