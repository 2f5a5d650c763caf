package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Reconnect pacing of WatchSettings.
const (
	watchRetryMin = 100 * time.Millisecond
	watchRetryMax = 10 * time.Second
)

// WatchSettings calls onChange with the guild ID of every settings change
// that any process makes through UpdateGuildSettings on this database,
// until ctx ends; then it returns nil. A cache of guild settings (the
// prefix cache, a cog's settings cache) drops the guild's entry in
// onChange. onChange("") means "anything may have changed": it is called
// after every (re)connect, because notifications sent while no connection
// was listening are lost, so drop every cached guild. onChange runs on the
// watching goroutine, one call at a time; keep it short.
//
// On PostgreSQL it keeps one dedicated connection LISTENing on
// SettingsChannel (UpdateGuildSettings NOTIFYs it on commit), and
// reconnects after a failure with backoff (100 ms doubling to 10 s). On
// SQLite it returns nil at once: one process owns the file, and its own
// changes invalidate its caches directly.
func (s *Store) WatchSettings(ctx context.Context, onChange func(guildID string)) error {
	if s.driver != DriverPostgres {
		return nil
	}
	if s.inTx {
		return fmt.Errorf("watch settings: called inside a transaction")
	}
	wait := watchRetryMin
	for {
		connected, err := s.listenSettings(ctx, onChange)
		if ctx.Err() != nil {
			return nil
		}
		if connected {
			wait = watchRetryMin
		}
		s.log.Warn("settings watch: connection lost, reconnecting", "err", err, "in", wait)
		if !sleepCtx(ctx, wait) {
			return nil
		}
		wait = min(wait*2, watchRetryMax)
	}
}

// listenSettings connects, LISTENs and forwards notifications until the
// connection fails or ctx ends. connected reports whether LISTEN worked.
func (s *Store) listenSettings(ctx context.Context, onChange func(string)) (connected bool, err error) {
	conn, err := pgx.Connect(ctx, s.dsn)
	if err != nil {
		return false, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+SettingsChannel); err != nil {
		return false, fmt.Errorf("listen: %w", err)
	}
	onChange("")
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true, fmt.Errorf("wait for notification: %w", err)
		}
		onChange(n.Payload)
	}
}

// sleepCtx waits d or until ctx ends; it reports whether d passed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
