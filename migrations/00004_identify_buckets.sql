-- +goose Up
-- Versions 2 and 3 are retired: they created moderation's tables before the
-- moderation cog owned them (its own set now creates them, IF NOT EXISTS).
--
-- identify_buckets paces IDENTIFYs across every process of one bot on
-- PostgreSQL: one row per Discord identify bucket (shard_id %
-- max_concurrency); a process may identify a shard of the bucket after it
-- moved next_at forward in one conditional UPDATE against the database's
-- clock. claimed_at and claimed_by record the last claim.
CREATE TABLE identify_buckets (
    bot_key    TEXT      NOT NULL,
    bucket     INTEGER   NOT NULL,
    next_at    TIMESTAMP NOT NULL,
    claimed_at TIMESTAMP NULL,
    claimed_by TEXT      NOT NULL DEFAULT '',
    PRIMARY KEY (bot_key, bucket)
);

-- +goose Down
DROP TABLE identify_buckets;
