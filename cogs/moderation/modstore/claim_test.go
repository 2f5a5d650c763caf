package modstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"cogd/internal/store/storetest"
)

// scheduleN schedules n unbans due at epoch-1m, each with a case.
func scheduleN(t *testing.T, s *Store, n int) []int64 {
	t.Helper()
	ids := make([]int64, n)
	for i := range n {
		a, err := s.ScheduleAction(context.Background(), ScheduledAction{GuildID: "g", Kind: ActionUnban,
			TargetID: fmt.Sprint("u", i), DueAt: epoch.Add(-time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = a.ID
	}
	return ids
}

// TestTwoSchedulersRunEachActionOnce: two processes (two store handles on
// one database), two workers each, race over many due actions; every
// action is run exactly once and ends done.
func TestTwoSchedulersRunEachActionOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, b storetest.Backend) {
		const n = 120
		ctx := context.Background()
		db := b.NewDatabase(t)
		clock := newFakeClock()
		procs := []*Store{
			New(storetest.MustOpenConfig(t, b.On(t, Config{Now: clock.Now, Migrations: sets()}, db))),
			New(storetest.MustOpenConfig(t, b.On(t, Config{Now: clock.Now, Migrations: sets()}, db))),
		}
		ids := scheduleN(t, procs[0], n)
		var mu sync.Mutex
		runs := map[int64][]string{}
		var wg sync.WaitGroup
		for p, s := range procs {
			for w := range 2 {
				owner := fmt.Sprintf("proc%d/worker%d", p, w)
				wg.Go(func() {
					for {
						due, err := s.ClaimDueActions(ctx, owner, epoch, time.Minute, 7)
						if err != nil {
							t.Error(err)
							return
						}
						if len(due) == 0 {
							return
						}
						for _, a := range due {
							mu.Lock()
							runs[a.ID] = append(runs[a.ID], owner)
							mu.Unlock()
							if err := s.MarkActionDone(ctx, a.ID, owner); err != nil {
								t.Errorf("MarkActionDone(%d, %s): %v", a.ID, owner, err)
							}
						}
					}
				})
			}
		}
		wg.Wait()
		for _, id := range ids {
			if len(runs[id]) != 1 {
				t.Errorf("action %d ran %d times: %v", id, len(runs[id]), runs[id])
			}
		}
		if left, _ := procs[1].DueActions(ctx, epoch, n); len(left) != 0 {
			t.Errorf("%d actions still pending", len(left))
		}
	})
}

// TestLeaseOfADeadProcessIsTakenOver: process A claims an action and
// never reports (it died); nobody else may take it while the lease runs;
// after it lapses B takes it over, and A's late report changes nothing
// and records no second case.
func TestLeaseOfADeadProcessIsTakenOver(t *testing.T) {
	storetest.Run(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := b.NewDatabase(t)
		clock := newFakeClock()
		a := New(storetest.MustOpenConfig(t, b.On(t, Config{Now: clock.Now, Migrations: sets()}, db)))
		bb := New(storetest.MustOpenConfig(t, b.On(t, Config{Now: clock.Now, Migrations: sets()}, db)))
		id := scheduleN(t, a, 1)[0]
		const lease = 5 * time.Minute

		claimed, err := a.ClaimDueActions(ctx, "A", epoch, lease, 10)
		if err != nil || len(claimed) != 1 || claimed[0].ClaimedBy != "A" || !claimed[0].LeaseUntil.Equal(epoch.Add(lease)) {
			t.Fatalf("A's claim = %+v, %v", claimed, err)
		}
		if got, _ := bb.ClaimDueActions(ctx, "B", epoch.Add(lease-time.Second), lease, 10); len(got) != 0 {
			t.Fatalf("B took a live lease: %+v", got)
		}
		if _, ok, _ := bb.NextDueAt(ctx, epoch.Add(lease-time.Second)); ok {
			t.Error("NextDueAt reports an action under a live lease")
		}
		if at, ok, _ := bb.NextDueAt(ctx, epoch.Add(lease)); !ok || !at.Equal(epoch.Add(-time.Minute)) {
			t.Errorf("NextDueAt after the lease = %s, %v", at, ok)
		}
		got, err := bb.ClaimDueActions(ctx, "B", epoch.Add(lease), lease, 10)
		if err != nil || len(got) != 1 || got[0].ID != id || got[0].ClaimedBy != "B" {
			t.Fatalf("B's takeover = %+v, %v", got, err)
		}
		if err := recordRun(ctx, bb, id, "B"); err != nil {
			t.Fatalf("B's run: %v", err)
		}
		if err := recordRun(ctx, a, id, "A"); !errors.Is(err, ErrClaimLost) && !errors.Is(err, ErrNotFound) {
			t.Errorf("A's late report: %v, want ErrClaimLost or ErrNotFound", err)
		}
		if _, total, _ := a.CasesForTarget(ctx, "g", "u0", 1, 10); total != 1 {
			t.Errorf("%d unban cases, want 1", total)
		}
	})
}

// recordRun is what the scheduler does after running an unban: mark the
// action done and record the case in one transaction.
func recordRun(ctx context.Context, s *Store, id int64, owner string) error {
	return s.Tx(ctx, func(tx *Store) error {
		if err := tx.MarkActionDone(ctx, id, owner); err != nil {
			return err
		}
		_, err := tx.CreateCase(ctx, Case{GuildID: "g", Action: ActionUnban, TargetID: "u0", ModeratorID: owner})
		return err
	})
}

// TestLostClaimBeforeAnyoneElseRuns: a late report while the action is
// claimed by another owner is ErrClaimLost; a failed attempt releases the
// claim so the retry can be claimed by anyone.
func TestClaimIsReleasedOnRetryAndCheckedOnReport(t *testing.T) {
	storetest.Run(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		s := openerFor(b)(t, Config{Now: newFakeClock().Now})
		id := scheduleN(t, s, 1)[0]
		if _, err := s.ClaimDueActions(ctx, "A", epoch, time.Minute, 1); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkActionDone(ctx, id, "B"); !errors.Is(err, ErrClaimLost) {
			t.Errorf("MarkActionDone by a non-owner: %v, want ErrClaimLost", err)
		}
		retry := epoch.Add(10 * time.Second)
		if err := s.MarkActionFailed(ctx, id, "A", errors.New("503"), false, retry); err != nil {
			t.Fatal(err)
		}
		got, err := s.ClaimDueActions(ctx, "B", retry, time.Minute, 1)
		if err != nil || len(got) != 1 || got[0].Attempts != 1 || got[0].ClaimedBy != "B" {
			t.Errorf("claim of the retry = %+v, %v (the failure must release A's lease)", got, err)
		}
		if _, err := s.ClaimDueActions(ctx, "", epoch, time.Minute, 1); !errors.Is(err, ErrInvalid) {
			t.Errorf("claim without owner: %v, want ErrInvalid", err)
		}
	})
}
