package modstore

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"

	"cogd/internal/fakeclock"
	"cogd/internal/store"
	"cogd/internal/store/storetest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Config is the core store's configuration; the tests' openers add both
// migration sets unless Migrations is set.
type Config = store.Config

// epoch is the fake clock's start.
var epoch = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// newFakeClock returns a settable clock stopped at epoch.
func newFakeClock() *fakeclock.Clock { return fakeclock.New(epoch) }

// sets are the migration sets cogd runs: core, then moderation.
func sets() []store.MigrationSet {
	return []store.MigrationSet{store.CoreMigrations(), Migrations()}
}

// opener opens a migrated moderation store on a new database for a test.
type opener func(tb testing.TB, cfg Config) *Store

// openerFor opens stores on backend b.
func openerFor(b storetest.Backend) opener {
	return func(tb testing.TB, cfg Config) *Store {
		tb.Helper()
		if cfg.Migrations == nil {
			cfg.Migrations = sets()
		}
		return New(b.Open(tb, cfg))
	}
}

// mustOpen opens a migrated store on a new SQLite file.
func mustOpen(tb testing.TB, cfg Config) *Store {
	tb.Helper()
	return openerFor(storetest.SQLite())(tb, cfg)
}

// forEachBackend runs fn on SQLite and on PostgreSQL (skipped without
// COGD_TEST_POSTGRES_URL, failed under CI=true), in parallel subtests.
func forEachBackend(t *testing.T, fn func(*testing.T, opener)) {
	t.Helper()
	storetest.Run(t, func(t *testing.T, b storetest.Backend) { fn(t, openerFor(b)) })
}

// mustCreateCase creates a case or fails the test.
func mustCreateCase(tb testing.TB, s *Store, c Case) Case {
	tb.Helper()
	got, err := s.CreateCase(context.Background(), c)
	if err != nil {
		tb.Fatalf("CreateCase(%+v): %v", c, err)
	}
	return got
}
