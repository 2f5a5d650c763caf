package store

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"cogd/internal/store/pgtest"
)

// waitFor is how long a test waits for a notification before failing (the
// contract is 1 s; this bound only stops a broken test).
const waitFor = 10 * time.Second

func TestWatchSettingsIsANoOpOnSQLite(t *testing.T) {
	s := mustOpen(t, Config{})
	called := false
	if err := s.WatchSettings(context.Background(), func(string) { called = true }); err != nil || called {
		t.Errorf("WatchSettings on SQLite = %v, called %v; want nil at once, never called", err, called)
	}
}

// TestWatchSettingsSeesAnotherProcess: two stores on one PostgreSQL
// database; a change through A reaches B's callback with the guild ID, also
// after B's listening connection was killed and re-established.
func TestWatchSettingsSeesAnotherProcess(t *testing.T) {
	dsn := pgtest.Schema(t, os.Getenv)
	a := mustOpen(t, Config{Driver: DriverPostgres, DSN: dsn})
	b := mustOpen(t, Config{Driver: DriverPostgres, DSN: dsn})
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan string, 1024)
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := b.WatchSettings(ctx, func(g string) { got <- g }); err != nil {
			t.Errorf("WatchSettings: %v", err)
		}
	})
	defer wg.Wait()
	defer cancel()

	expect(t, got, "") // listening
	if _, err := a.UpdateGuildSettings(ctx, "watch-g1", setPrefix("?")); err != nil {
		t.Fatal(err)
	}
	expect(t, got, "watch-g1")

	var killed int64
	err := a.write.Raw(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
WHERE datname = current_database() AND query = 'LISTEN ' || ? AND pid <> pg_backend_pid()`, SettingsChannel).Scan(&killed).Error
	if err != nil || killed == 0 {
		t.Fatalf("kill the listening connection: %d killed, %v", killed, err)
	}
	expect(t, got, "") // reconnected: drop everything
	if _, err := a.UpdateGuildSettings(ctx, "watch-g2", setPrefix("!")); err != nil {
		t.Fatal(err)
	}
	expect(t, got, "watch-g2")
}

// expect waits for want on got. Other guild IDs are skipped: tests in other
// schemas of the same database notify the same channel.
func expect(t *testing.T, got <-chan string, want string) {
	t.Helper()
	deadline := time.After(waitFor)
	for {
		select {
		case g := <-got:
			if g == want {
				return
			}
		case <-deadline:
			t.Fatalf("no callback with %q within %s", want, waitFor)
		}
	}
}
