package modstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestDueActionsOrderAndLimit(t *testing.T) { forEachBackend(t, testDueActionsOrderAndLimit) }

func testDueActionsOrderAndLimit(t *testing.T, open opener) {
	ctx := context.Background()
	s := open(t, Config{Now: newFakeClock().Now})
	c := mustCreateCase(t, s, Case{GuildID: "g", Action: ActionTempban, TargetID: "u1", Duration: time.Hour})
	offsets := []time.Duration{3 * time.Minute, -time.Hour, time.Minute, time.Minute, 2 * time.Hour}
	ids := make([]int64, len(offsets))
	for i, d := range offsets {
		a, err := s.ScheduleAction(ctx, ScheduledAction{GuildID: "g", Kind: ActionUnban, TargetID: fmt.Sprint("u", i), CaseID: c.ID, DueAt: epoch.Add(d)})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = a.ID
	}
	tests := []struct {
		now   time.Time
		limit int
		want  []int64
	}{
		{epoch.Add(-2 * time.Hour), 10, nil},
		{epoch, 10, []int64{ids[1]}},
		{epoch.Add(5 * time.Minute), 10, []int64{ids[1], ids[2], ids[3], ids[0]}},
		{epoch.Add(5 * time.Minute), 2, []int64{ids[1], ids[2]}},
		{epoch.Add(3 * time.Hour), 0, []int64{ids[1]}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s limit %d", tt.now.Sub(epoch), tt.limit), func(t *testing.T) {
			due, err := s.DueActions(ctx, tt.now, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, a := range due {
				got = append(got, a.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("DueActions = %v, want %v", got, tt.want)
			}
		})
	}
	due, _ := s.DueActions(ctx, epoch, 1)
	want := ScheduledAction{ID: ids[1], GuildID: "g", Kind: ActionUnban, TargetID: "u1", CaseID: c.ID, DueAt: epoch.Add(-time.Hour), CreatedAt: epoch}
	if len(due) != 1 || due[0] != want {
		t.Errorf("DueActions = %+v\nwant %+v", due, want)
	}
}

func TestScheduledActionRetryBookkeeping(t *testing.T) {
	forEachBackend(t, testScheduledActionRetryBookkeeping)
}

func testScheduledActionRetryBookkeeping(t *testing.T, open opener) {
	ctx := context.Background()
	clock := newFakeClock()
	s := open(t, Config{Now: clock.Now})
	a, err := s.ScheduleAction(ctx, ScheduledAction{GuildID: "g", Kind: ActionUnban, TargetID: "u", DueAt: epoch})
	if err != nil {
		t.Fatal(err)
	}
	// A transient failure: retried at the caller's backoff.
	retryAt := epoch.Add(30 * time.Second)
	if err := s.MarkActionFailed(ctx, a.ID, "", errors.New("503 from Discord"), false, retryAt); err != nil {
		t.Fatal(err)
	}
	if due := mustDue(t, s, epoch.Add(29*time.Second)); len(due) != 0 {
		t.Errorf("due before the retry time: %+v", due)
	}
	due := mustDue(t, s, retryAt)
	if len(due) != 1 || due[0].Attempts != 1 || due[0].LastError != "503 from Discord" || !due[0].DueAt.Equal(retryAt) {
		t.Fatalf("after a transient failure: %+v", due)
	}
	// A permanent failure ends it.
	clock.Set(retryAt)
	if err := s.MarkActionFailed(ctx, a.ID, "", errors.New(strings.Repeat("x", 5000)), true, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if due := mustDue(t, s, retryAt.Add(time.Hour)); len(due) != 0 {
		t.Errorf("a permanently failed action is still due: %+v", due)
	}
	var row actionRow
	if err := s.db.ReadDB(context.Background()).Take(&row, a.ID).Error; err != nil {
		t.Fatal(err)
	}
	if row.Attempts != 2 || len(row.LastError) != maxErrorText || row.FailedAt == nil || !row.FailedAt.Equal(retryAt) || row.DoneAt != nil {
		t.Errorf("after a permanent failure: attempts %d, error %d chars, failed %v, done %v", row.Attempts, len(row.LastError), row.FailedAt, row.DoneAt)
	}
	for name, err := range map[string]error{
		"done":   s.MarkActionDone(ctx, a.ID, ""),
		"failed": s.MarkActionFailed(ctx, a.ID, "", errors.New("x"), false, retryAt),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("marking a finished action %s: %v, want ErrNotFound", name, err)
		}
	}
}

func TestMarkActionDoneAndCancel(t *testing.T) { forEachBackend(t, testMarkActionDoneAndCancel) }

func testMarkActionDoneAndCancel(t *testing.T, open opener) {
	ctx := context.Background()
	s := open(t, Config{Now: newFakeClock().Now})
	var ids []int64
	for _, k := range []Action{ActionUnban, ActionUnban, ActionUntimeout} {
		a, err := s.ScheduleAction(ctx, ScheduledAction{GuildID: "g", Kind: k, TargetID: "u", DueAt: epoch})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	if err := s.MarkActionDone(ctx, ids[0], ""); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkActionDone(ctx, ids[0], ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("second MarkActionDone: %v, want ErrNotFound", err)
	}
	n, err := s.CancelActions(ctx, "g", "u", ActionUnban)
	if err != nil || n != 1 {
		t.Errorf("CancelActions = %d, %v; want 1", n, err)
	}
	due := mustDue(t, s, epoch)
	if len(due) != 1 || due[0].ID != ids[2] {
		t.Errorf("due after done and cancel: %+v, want only %d", due, ids[2])
	}
}

func TestScheduleActionRefusesInvalid(t *testing.T) {
	s := mustOpen(t, Config{})
	ok := ScheduledAction{GuildID: "g", Kind: ActionUnban, TargetID: "u", DueAt: epoch}
	tests := map[string]func(*ScheduledAction){
		"no guild":     func(a *ScheduledAction) { a.GuildID = "" },
		"no target":    func(a *ScheduledAction) { a.TargetID = "" },
		"bad kind":     func(a *ScheduledAction) { a.Kind = "explode" },
		"no due time":  func(a *ScheduledAction) { a.DueAt = time.Time{} },
		"no such case": func(a *ScheduledAction) { a.CaseID = 12345 }, // foreign key
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			a := ok
			change(&a)
			if _, err := s.ScheduleAction(context.Background(), a); err == nil {
				t.Error("ScheduleAction succeeded")
			}
		})
	}
}

func mustDue(tb testing.TB, s *Store, now time.Time) []ScheduledAction {
	tb.Helper()
	due, err := s.DueActions(context.Background(), now, 100)
	if err != nil {
		tb.Fatal(err)
	}
	return due
}
