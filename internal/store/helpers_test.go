package store

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"cogd/internal/store/pgtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// epoch is the fake clock's start.
var epoch = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: epoch} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// mustOpen opens a migrated store in a new temporary file with cfg's
// Now and Migrations; it is closed when the test ends.
func mustOpen(tb testing.TB, cfg Config) *Store {
	tb.Helper()
	s := mustOpenUnmigrated(tb, cfg)
	if err := s.Migrate(context.Background()); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return s
}

// mustOpenUnmigrated is mustOpen without Migrate.
func mustOpenUnmigrated(tb testing.TB, cfg Config) *Store {
	tb.Helper()
	if cfg.Driver == "" {
		cfg.Driver = DriverSQLite
	}
	if cfg.Path == "" && cfg.DSN == "" {
		cfg.Path = filepath.Join(tb.TempDir(), "cogd.db")
	}
	s, err := Open(context.Background(), cfg)
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return s
}

// tables lists the user tables of a store with their definition: on
// SQLite tables and indexes with their SQL, on PostgreSQL the tables of the
// current schema with their columns and types.
func tables(tb testing.TB, s *Store) map[string]string {
	tb.Helper()
	q := "SELECT name, COALESCE(sql, '') AS sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
	if s.driver == DriverPostgres {
		q = `SELECT table_name AS name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) AS sql
FROM information_schema.columns WHERE table_schema = current_schema() GROUP BY table_name`
	}
	var rows []struct{ Name, SQL string }
	if err := s.read.Raw(q).Scan(&rows).Error; err != nil {
		tb.Fatalf("list tables: %v", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Name] = r.SQL
	}
	return out
}

// opener opens a migrated store on a new database for a test.
type opener func(tb testing.TB, cfg Config) *Store

// backend is one database the shared tests run on.
type backend struct {
	name string
	// newDB points cfg at a new empty database of the backend.
	newDB func(tb testing.TB, cfg Config) Config
}

// backends are SQLite (a new file) and PostgreSQL (a new schema on the
// server of COGD_TEST_POSTGRES_URL; skipped without it, failed under
// CI=true).
func backends() []backend {
	return []backend{
		{"sqlite", func(tb testing.TB, cfg Config) Config {
			cfg.Driver, cfg.Path = DriverSQLite, filepath.Join(tb.TempDir(), "cogd.db")
			return cfg
		}},
		{"postgres", func(tb testing.TB, cfg Config) Config {
			cfg.Driver, cfg.DSN = DriverPostgres, pgtest.Schema(tb, os.Getenv)
			return cfg
		}},
	}
}

// forEachBackend runs fn in a parallel subtest per backend.
func forEachBackend(t *testing.T, fn func(*testing.T, opener)) {
	t.Helper()
	forEachBackendDB(t, func(t *testing.T, b backend) {
		fn(t, func(tb testing.TB, cfg Config) *Store { return mustOpen(tb, b.newDB(tb, cfg)) })
	})
}

// forEachBackendDB runs fn in a parallel subtest per backend.
func forEachBackendDB(t *testing.T, fn func(*testing.T, backend)) {
	t.Helper()
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fn(t, b)
		})
	}
}
