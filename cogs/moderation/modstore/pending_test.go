package modstore

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestCaseStateMachine(t *testing.T) { forEachBackend(t, testCaseStateMachine) }

func testCaseStateMachine(t *testing.T, open opener) {
	ctx := context.Background()
	clock := newFakeClock()
	s := open(t, Config{Now: clock.Now})
	warn := mustCreateCase(t, s, Case{GuildID: "g", Action: ActionWarn, TargetID: "u", Points: 1})
	if warn.State != StateDone {
		t.Fatalf("a case created without a state is %q, want done", warn.State)
	}
	ban := mustCreateCase(t, s, Case{GuildID: "g", Action: ActionBan, TargetID: "u", State: StatePending, DeleteDays: 3})
	if ban.State != StatePending || ban.DeleteDays != 3 {
		t.Fatalf("pending ban = %+v", ban)
	}
	done, err := s.MarkCaseDone(ctx, "g", ban.Number)
	if err != nil || done.State != StateDone || done.DeleteDays != 3 {
		t.Fatalf("MarkCaseDone = %+v, %v", done, err)
	}
	if _, err := s.MarkCaseDone(ctx, "g", ban.Number); !errors.Is(err, ErrNotPending) {
		t.Fatalf("second MarkCaseDone: %v, want ErrNotPending", err)
	}
	if _, err := s.MarkCaseFailed(ctx, "g", ban.Number, "late"); !errors.Is(err, ErrNotPending) {
		t.Fatalf("MarkCaseFailed on a done case: %v, want ErrNotPending", err)
	}
	if _, err := s.MarkCaseDone(ctx, "g", 99); !errors.Is(err, ErrNotFound) {
		t.Fatalf("MarkCaseDone of no case: %v, want ErrNotFound", err)
	}
	if _, err := s.CreateCase(ctx, Case{GuildID: "g", Action: ActionBan, State: "maybe"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a case in state maybe: %v, want ErrInvalid", err)
	}
}

func TestMarkCaseFailedCancelsItsSchedule(t *testing.T) {
	forEachBackend(t, testMarkCaseFailedCancelsItsSchedule)
}

func testMarkCaseFailedCancelsItsSchedule(t *testing.T, open opener) {
	ctx := context.Background()
	clock := newFakeClock()
	s := open(t, Config{Now: clock.Now})
	old := mustCreateCase(t, s, Case{GuildID: "g", Action: ActionTempban, TargetID: "u", Duration: time.Hour})
	mustSchedule(t, s, old)
	var c Case
	err := s.Tx(ctx, func(tx *Store) error {
		var err error
		if c, err = tx.CreateCase(ctx, Case{GuildID: "g", Action: ActionTempban, TargetID: "u", Duration: time.Hour, State: StatePending}); err != nil {
			return err
		}
		_, err = tx.ScheduleAction(ctx, ScheduledAction{GuildID: "g", Kind: ActionUnban, TargetID: "u", CaseID: c.ID, DueAt: c.ExpiresAt})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	failed, err := s.MarkCaseFailed(ctx, "g", c.Number, "403 Missing Permissions")
	if err != nil || failed.State != StateFailed || failed.Failure != "403 Missing Permissions" || failed.Number != 2 {
		t.Fatalf("MarkCaseFailed = %+v, %v", failed, err)
	}
	due, err := s.DueActions(ctx, clock.Now().Add(2*time.Hour), 10)
	if err != nil || len(due) != 1 || due[0].CaseID != old.ID {
		t.Fatalf("due after the failure = %+v, %v; want only the older tempban's end", due, err)
	}
	next := mustCreateCase(t, s, Case{GuildID: "g", Action: ActionWarn, TargetID: "u", Points: 1})
	if next.Number != 3 {
		t.Fatalf("the case after a failed one is #%d, want #3 (failed cases keep their numbers)", next.Number)
	}
}

func TestPendingCasesAndLatestCase(t *testing.T) { forEachBackend(t, testPendingCasesAndLatestCase) }

func testPendingCasesAndLatestCase(t *testing.T, open opener) {
	ctx := context.Background()
	clock := newFakeClock()
	s := open(t, Config{Now: clock.Now})
	a := mustCreateCase(t, s, Case{GuildID: "g", Action: ActionBan, TargetID: "u", State: StatePending, CreatedAt: epoch})
	mustCreateCase(t, s, Case{GuildID: "h", Action: ActionKick, TargetID: "v", State: StatePending, CreatedAt: epoch.Add(time.Minute)})
	mustCreateCase(t, s, Case{GuildID: "g", Action: ActionBan, TargetID: "w", CreatedAt: epoch})
	got, err := s.PendingCases(ctx, epoch, 10)
	if err != nil || len(got) != 1 || got[0].ID != a.ID {
		t.Fatalf("PendingCases(epoch) = %+v, %v; want case %d only", got, err, a.ID)
	}
	if got, _ := s.PendingCases(ctx, epoch.Add(time.Hour), 10); len(got) != 2 {
		t.Fatalf("PendingCases(+1h) = %+v, want both pending cases", got)
	}
	if _, ok, err := s.LatestCase(ctx, "g", "u", ActionBan, ActionTempban); ok || err != nil {
		t.Fatalf("LatestCase counts a pending ban: %v, %v", ok, err)
	}
	if _, err := s.MarkCaseDone(ctx, "g", a.Number); err != nil {
		t.Fatal(err)
	}
	c, ok, err := s.LatestCase(ctx, "g", "u", ActionBan, ActionTempban)
	if err != nil || !ok || c.Number != a.Number {
		t.Fatalf("LatestCase = %+v, %v, %v", c, ok, err)
	}
	if byID, err := s.CaseByID(ctx, a.ID); err != nil || byID.Number != a.Number {
		t.Fatalf("CaseByID = %+v, %v", byID, err)
	}
	if _, err := s.CaseByID(ctx, 12345); !errors.Is(err, ErrNotFound) {
		t.Fatalf("CaseByID of nothing: %v", err)
	}
}

func TestCancelOtherActions(t *testing.T) { forEachBackend(t, testCancelOtherActions) }

func testCancelOtherActions(t *testing.T, open opener) {
	ctx := context.Background()
	clock := newFakeClock()
	s := open(t, Config{Now: clock.Now})
	older := mustCreateCase(t, s, Case{GuildID: "g", Action: ActionTempban, TargetID: "u", Duration: time.Hour})
	mustSchedule(t, s, older)
	newer := mustCreateCase(t, s, Case{GuildID: "g", Action: ActionTempban, TargetID: "u", Duration: 2 * time.Hour})
	mustSchedule(t, s, newer)
	if has, err := s.HasPendingAction(ctx, "g", "u", ActionUnban); !has || err != nil {
		t.Fatalf("HasPendingAction = %v, %v; want true", has, err)
	}
	n, err := s.CancelOtherActions(ctx, "g", "u", ActionUnban, newer.ID)
	if err != nil || n != 1 {
		t.Fatalf("CancelOtherActions = %d, %v; want 1", n, err)
	}
	due, _ := s.DueActions(ctx, clock.Now().Add(3*time.Hour), 10)
	if len(due) != 1 || due[0].CaseID != newer.ID {
		t.Fatalf("due = %+v, want the newer tempban's end", due)
	}
	if has, _ := s.HasPendingAction(ctx, "g", "other", ActionUnban); has {
		t.Fatal("HasPendingAction for a user with nothing scheduled")
	}
}

// mustSchedule schedules the unban of a tempban case.
func mustSchedule(tb testing.TB, s *Store, c Case) {
	tb.Helper()
	if _, err := s.ScheduleAction(context.Background(), ScheduledAction{GuildID: c.GuildID, Kind: ActionUnban,
		TargetID: c.TargetID, CaseID: c.ID, DueAt: c.ExpiresAt}); err != nil {
		tb.Fatal(err)
	}
}
