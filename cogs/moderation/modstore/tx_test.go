package modstore

import (
	"context"
	"errors"
	"testing"
)

func TestTx(t *testing.T) { forEachBackend(t, testTx) }

func testTx(t *testing.T, open opener) {
	errBoom := errors.New("boom")
	tests := []struct {
		name      string
		fn        func(tx *Store) error
		wantErr   error
		wantPanic bool
		wantRows  int64
	}{
		{name: "commit", fn: func(*Store) error { return nil }, wantRows: 1},
		{name: "error rolls back", fn: func(*Store) error { return errBoom }, wantErr: errBoom},
		{name: "panic rolls back", fn: func(*Store) error { panic("boom") }, wantPanic: true},
		{name: "nested Tx joins", fn: func(tx *Store) error {
			return tx.Tx(context.Background(), func(*Store) error { return errBoom })
		}, wantErr: errBoom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, Config{})
			err, panicked := runTx(s, func(tx *Store) error {
				if _, err := tx.CreateCase(ctx, Case{GuildID: "g", Action: ActionWarn, TargetID: "u"}); err != nil {
					return err
				}
				return tt.fn(tx)
			})
			if panicked != tt.wantPanic {
				t.Errorf("panicked = %v, want %v", panicked, tt.wantPanic)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Tx error = %v, want %v", err, tt.wantErr)
			}
			if n := countCases(t, s); n != tt.wantRows {
				t.Errorf("%d cases after Tx, want %d", n, tt.wantRows)
			}
			// The writer connection must be free again.
			mustCreateCase(t, s, Case{GuildID: "g", Action: ActionWarn, TargetID: "u"})
		})
	}
}

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

// runTx calls s.Tx, turning a panic into panicked.
func runTx(s *Store, fn func(tx *Store) error) (err error, panicked bool) {
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	return s.Tx(context.Background(), fn), false
}

func countCases(tb testing.TB, s *Store) int64 {
	tb.Helper()
	var n int64
	if err := s.db.ReadDB(context.Background()).Model(&caseRow{}).Count(&n).Error; err != nil {
		tb.Fatal(err)
	}
	return n
}
