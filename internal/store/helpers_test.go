package store

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
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

// mustCreateCase creates a case or fails the test.
func mustCreateCase(tb testing.TB, s *Store, c Case) Case {
	tb.Helper()
	got, err := s.CreateCase(context.Background(), c)
	if err != nil {
		tb.Fatalf("CreateCase(%+v): %v", c, err)
	}
	return got
}

// tables lists the user tables and indexes of a SQLite store with their SQL.
func tables(tb testing.TB, s *Store) map[string]string {
	tb.Helper()
	var rows []struct{ Name, SQL string }
	err := s.read.Raw("SELECT name, COALESCE(sql, '') AS sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").Scan(&rows).Error
	if err != nil {
		tb.Fatalf("list tables: %v", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Name] = r.SQL
	}
	return out
}

// opener opens a migrated store for a test: mustOpen, or postgresOpener's
// result when PostgreSQL tests run.
type opener func(tb testing.TB, cfg Config) *Store

// sharedTests run on every driver: on SQLite through their Test functions,
// on PostgreSQL through TestPostgres.
func sharedTests() map[string]func(*testing.T, opener) {
	return map[string]func(*testing.T, opener){
		"CreateCaseConcurrent":      testCreateCaseConcurrentNumbersAreSequential,
		"CaseNumbersPerGuild":       testCaseNumbersAreIndependentPerGuild,
		"CaseRoundTrip":             testCaseRoundTrip,
		"CasesForTarget":            testCasesForTarget,
		"ActivePointsDecay":         testActivePointsDecay,
		"RevokeAndUpdateReason":     testRevokeAndUpdateReason,
		"GuildSettingsDefaults":     testGuildSettingsDefaults,
		"UpdateGuildSettings":       testUpdateGuildSettings,
		"UpdateGuildSettingsFails":  testUpdateGuildSettingsFailureChangesNothing,
		"UpdateGuildSettingsAtomic": testUpdateGuildSettingsIsAtomic,
		"DueActions":                testDueActionsOrderAndLimit,
		"RetryBookkeeping":          testScheduledActionRetryBookkeeping,
		"DoneAndCancel":             testMarkActionDoneAndCancel,
		"Tx":                        testTx,
		"TxReadsItsOwnWrites":       testTxReadsItsOwnWrites,
	}
}
