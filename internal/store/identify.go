package store

import (
	"context"
	"fmt"
	"time"
)

// DefaultIdentifyInterval is Discord's pace per identify bucket: one
// IDENTIFY every five seconds.
const DefaultIdentifyInterval = 5 * time.Second

// IdentifyGateOptions configure an IdentifyGate.
type IdentifyGateOptions struct {
	// BotKey names the bot whose processes share the buckets: the
	// application ID, or anything all its processes agree on. Required.
	BotKey string
	// Interval is the least time between two claims of one bucket;
	// default DefaultIdentifyInterval. Tests use less.
	Interval time.Duration
	// Owner names this process in identify_buckets.claimed_by.
	Owner string
	// OnClaim, when set, is called after each claim with the shard, its
	// bucket and the database's time of the claim (UTC).
	OnClaim func(shardID, bucket int, at time.Time)
}

// IdentifyGate paces IDENTIFYs across every process of one bot through
// PostgreSQL: Wait returns once this process has claimed the shard's
// identify bucket (shard_id % max_concurrency), which happens at most once
// per Interval per bucket, whichever process asks. A claim is one
// conditional UPDATE of the bucket's row against the database's clock,
// so processes' clocks do not matter and a process that dies after
// claiming only uses up its slot. It implements bot.IdentifyGate.
type IdentifyGate struct {
	s    *Store
	opts IdentifyGateOptions
}

// IdentifyGate returns the store's gate for opts.BotKey. It needs
// PostgreSQL: with SQLite one process runs the bot and paces its
// identifies itself (ErrInvalid).
func (s *Store) IdentifyGate(opts IdentifyGateOptions) (*IdentifyGate, error) {
	switch {
	case s.driver != DriverPostgres:
		return nil, fmt.Errorf("identify gate needs PostgreSQL, not %s: %w", s.driver, ErrInvalid)
	case opts.BotKey == "":
		return nil, fmt.Errorf("identify gate without a bot key: %w", ErrInvalid)
	}
	if opts.Interval <= 0 {
		opts.Interval = DefaultIdentifyInterval
	}
	return &IdentifyGate{s: s, opts: opts}, nil
}

// claimBucket claims the bucket if its slot is free, in one statement:
// next_at moves one interval past the database's now.
const claimBucket = `WITH now AS (SELECT clock_timestamp() AT TIME ZONE 'UTC' AS t)
UPDATE identify_buckets SET next_at = now.t + make_interval(secs => ?), claimed_at = now.t, claimed_by = ?
FROM now WHERE bot_key = ? AND bucket = ? AND next_at <= now.t
RETURNING claimed_at`

// Wait blocks until this process may IDENTIFY shardID: it has claimed the
// shard's bucket. It returns ctx's error if ctx ends first.
func (g *IdentifyGate) Wait(ctx context.Context, shardID, maxConcurrency int) error {
	bucket := shardID % max(maxConcurrency, 1)
	db := g.s.write.WithContext(ctx)
	err := db.Exec(`INSERT INTO identify_buckets (bot_key, bucket, next_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		g.opts.BotKey, bucket, time.Unix(0, 0).UTC()).Error
	if err != nil {
		return fmt.Errorf("identify bucket %d: %w", bucket, err)
	}
	for {
		var claimed []time.Time
		err := db.Raw(claimBucket, g.opts.Interval.Seconds(), g.opts.Owner, g.opts.BotKey, bucket).Scan(&claimed).Error
		if err != nil {
			return fmt.Errorf("claim identify bucket %d: %w", bucket, err)
		}
		if len(claimed) == 1 {
			if g.opts.OnClaim != nil {
				g.opts.OnClaim(shardID, bucket, claimed[0].UTC())
			}
			return nil
		}
		if err := g.sleepUntilFree(ctx, bucket); err != nil {
			return err
		}
	}
}

// sleepUntilFree waits until the bucket's slot is due by the database's
// clock (at most one interval, at least a millisecond).
func (g *IdentifyGate) sleepUntilFree(ctx context.Context, bucket int) error {
	var secs float64
	err := g.s.write.WithContext(ctx).Raw(`SELECT EXTRACT(EPOCH FROM (next_at - clock_timestamp() AT TIME ZONE 'UTC'))::float8
FROM identify_buckets WHERE bot_key = ? AND bucket = ?`, g.opts.BotKey, bucket).Scan(&secs).Error
	if err != nil {
		return fmt.Errorf("identify bucket %d: %w", bucket, err)
	}
	d := min(max(time.Duration(secs*float64(time.Second)), time.Millisecond), g.opts.Interval)
	if !sleepCtx(ctx, d) {
		return fmt.Errorf("wait for identify bucket %d: %w", bucket, ctx.Err())
	}
	return nil
}
