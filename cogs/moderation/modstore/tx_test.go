package modstore

import (
	"context"
	"testing"
)

// The transaction semantics (commit, rollback on error and panic, nested
// Tx) are internal/store's and tested there; here, that modstore's queries
// run inside it.
func TestTxReadsItsOwnWrites(t *testing.T) { forEachBackend(t, testTxReadsItsOwnWrites) }

func testTxReadsItsOwnWrites(t *testing.T, open opener) {
	ctx := context.Background()
	s := open(t, Config{})
	err := s.Tx(ctx, func(tx *Store) error {
		mustCreateCase(t, tx, Case{GuildID: "g", Action: ActionWarn, TargetID: "u", Points: 2})
		pts, err := tx.ActivePoints(ctx, "g", "u", epoch, 0)
		if pts != 2 {
			t.Errorf("ActivePoints inside Tx = %d, want 2", pts)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func countCases(tb testing.TB, s *Store) int64 {
	tb.Helper()
	var n int64
	if err := s.db.ReadDB(context.Background()).Model(&caseRow{}).Count(&n).Error; err != nil {
		tb.Fatal(err)
	}
	return n
}
