package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestConcurrentReadThenWrite: a transaction that reads and then writes is
// not interleaved with another writer on the same SQLite file (two stores
// stand for two processes, e.g. `cogd migrate` beside `cogd run`): the
// second waits (busy_timeout) instead of either failing with "database is
// locked" or losing an update. Transactions begin IMMEDIATE for this; a
// deferred BEGIN lets the second read before the first writes.
func TestConcurrentReadThenWrite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cogd.db")
	a := mustOpenUnmigrated(t, Config{Path: path})
	b := mustOpenUnmigrated(t, Config{Path: path})
	if err := a.DB(ctx).Exec("CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0)").Error; err != nil {
		t.Fatal(err)
	}
	increment := func(s *Store, between func()) error {
		return s.Tx(ctx, func(tx *Store) error {
			var n int
			if err := tx.DB(ctx).Raw("SELECT n FROM counter").Scan(&n).Error; err != nil {
				return err
			}
			between()
			return tx.DB(ctx).Exec("UPDATE counter SET n = ?", n+1).Error
		})
	}
	bRead := make(chan struct{})
	bErr := make(chan error, 1)
	aErr := increment(a, func() {
		go func() { bErr <- increment(b, func() { close(bRead) }) }()
		// With IMMEDIATE, b cannot begin until a commits: a goes on after
		// a pause. Either way the outcome below must hold; the pause only
		// gives a deferred BEGIN in b the chance to read first.
		select {
		case <-bRead:
		case <-time.After(200 * time.Millisecond):
		}
	})
	if err := <-bErr; aErr != nil || err != nil {
		t.Fatalf("concurrent read-then-write transactions failed: first %v, second %v", aErr, err)
	}
	var n int
	if err := a.ReadDB(ctx).Raw("SELECT n FROM counter").Scan(&n).Error; err != nil || n != 2 {
		t.Fatalf("counter = %d (%v), want 2: an update was lost", n, err)
	}
}
