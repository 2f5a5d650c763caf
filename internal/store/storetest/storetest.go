// Package storetest opens throwaway, migrated stores for tests of packages
// that use internal/store, and provides a settable clock.
package storetest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"cogd/internal/fakeclock"
	"cogd/internal/store"
)

// MustOpen opens a migrated SQLite store in a new file under tb.TempDir(),
// using the real clock, and closes it when the test ends.
func MustOpen(tb testing.TB) *store.Store {
	tb.Helper()
	return MustOpenConfig(tb, store.Config{})
}

// MustOpenConfig is MustOpen with cfg's Now, Logger and Migrations (and
// Driver, DSN and Path when set; by default a new SQLite file).
func MustOpenConfig(tb testing.TB, cfg store.Config) *store.Store {
	tb.Helper()
	if cfg.Driver == "" {
		cfg.Driver = store.DriverSQLite
	}
	if cfg.Driver == store.DriverSQLite && cfg.DSN == "" && cfg.Path == "" {
		cfg.Path = filepath.Join(tb.TempDir(), "cogd.db")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, cfg)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close store: %v", err)
		}
	})
	if err := s.Migrate(ctx); err != nil {
		tb.Fatalf("migrate store: %v", err)
	}
	return s
}

// Clock is a settable clock for Config.Now; safe for concurrent use.
type Clock = fakeclock.Clock

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return fakeclock.New(t) }
