package modstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestCreateCaseConcurrentNumbersAreSequential(t *testing.T) {
	forEachBackend(t, testCreateCaseConcurrentNumbersAreSequential)
}

func testCreateCaseConcurrentNumbersAreSequential(t *testing.T, open opener) {
	const n = 200
	ctx := context.Background()
	s := open(t, Config{})
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			_, err := s.CreateCase(ctx, Case{
				GuildID: "g1", Action: ActionWarn, TargetID: fmt.Sprint("u", i%7),
				ModeratorID: "mod", Reason: "spam", Points: 1,
			})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("CreateCase: %v", err) // includes any "database is locked"
		}
	}
	var numbers []int64
	if err := s.db.ReadDB(context.Background()).Model(&caseRow{}).Where("guild_id = ?", "g1").Order("case_number").Pluck("case_number", &numbers).Error; err != nil {
		t.Fatal(err)
	}
	if len(numbers) != n {
		t.Fatalf("%d rows, want %d", len(numbers), n)
	}
	for i, got := range numbers {
		if got != int64(i+1) {
			t.Fatalf("case numbers %v..., want 1..%d", numbers[:i+1], n)
		}
	}
}

func TestCaseNumbersAreIndependentPerGuild(t *testing.T) {
	forEachBackend(t, testCaseNumbersAreIndependentPerGuild)
}

func testCaseNumbersAreIndependentPerGuild(t *testing.T, open opener) {
	s := open(t, Config{})
	want := map[string][]int64{"a": {1, 2, 3}, "b": {1, 2}}
	got := map[string][]int64{}
	for _, g := range []string{"a", "b", "a", "b", "a"} {
		c := mustCreateCase(t, s, Case{GuildID: g, Action: ActionKick, TargetID: "u"})
		got[g] = append(got[g], c.Number)
	}
	for g := range want {
		if fmt.Sprint(got[g]) != fmt.Sprint(want[g]) {
			t.Errorf("guild %s numbers = %v, want %v", g, got[g], want[g])
		}
	}
}

func TestCreateCaseRefusesInvalid(t *testing.T) {
	s := mustOpen(t, Config{})
	tests := []struct {
		name string
		c    Case
	}{
		{"no guild", Case{Action: ActionWarn}},
		{"unknown action", Case{GuildID: "g", Action: "yeet"}},
		{"negative points", Case{GuildID: "g", Action: ActionWarn, Points: -1}},
		{"negative duration", Case{GuildID: "g", Action: ActionTimeout, Duration: -time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.CreateCase(context.Background(), tt.c); !errors.Is(err, ErrInvalid) {
				t.Errorf("CreateCase error = %v, want ErrInvalid", err)
			}
		})
	}
	if n := countCases(t, s); n != 0 {
		t.Errorf("%d cases stored, want 0", n)
	}
}

func TestCaseRoundTrip(t *testing.T) { forEachBackend(t, testCaseRoundTrip) }

func testCaseRoundTrip(t *testing.T, open opener) {
	ctx := context.Background()
	clock := newFakeClock()
	s := open(t, Config{Now: clock.Now})
	in := Case{
		GuildID: "g", Action: ActionTempban, TargetID: "u", ModeratorID: "m",
		Reason: "raid\nwith a newline", Duration: 36 * time.Hour, State: StatePending, DeleteDays: 2,
	}
	created := mustCreateCase(t, s, in)
	want := in
	want.ID, want.Number, want.CreatedAt, want.ExpiresAt = created.ID, 1, epoch, epoch.Add(36*time.Hour)
	if created != want {
		t.Errorf("CreateCase = %+v\nwant %+v", created, want)
	}
	got, err := s.Case(ctx, "g", 1)
	if err != nil || got != want {
		t.Errorf("Case = %+v, %v\nwant %+v", got, err, want)
	}
	for _, miss := range []struct {
		guild  string
		number int64
	}{{"g", 2}, {"other", 1}} {
		_, err := s.Case(ctx, miss.guild, miss.number)
		if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), fmt.Sprintf("case %d in guild %s", miss.number, miss.guild)) {
			t.Errorf("Case(%s, %d) error = %v, want ErrNotFound naming the case", miss.guild, miss.number, err)
		}
	}
}

func TestCasesForTarget(t *testing.T) { forEachBackend(t, testCasesForTarget) }

func testCasesForTarget(t *testing.T, open opener) {
	s := open(t, Config{})
	for i := range 7 {
		target := "u"
		if i%3 == 2 {
			target = "other"
		}
		mustCreateCase(t, s, Case{GuildID: "g", Action: ActionWarn, TargetID: target})
	}
	mustCreateCase(t, s, Case{GuildID: "g2", Action: ActionWarn, TargetID: "u"})
	// u has cases 1, 2, 4, 5, 7 in g.
	tests := []struct {
		page, perPage int
		want          []int64
	}{
		{1, 2, []int64{7, 5}},
		{2, 2, []int64{4, 2}},
		{3, 2, []int64{1}},
		{4, 2, nil},
		{0, 10, []int64{7, 5, 4, 2, 1}},
		{1, 0, []int64{7}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("page %d of %d", tt.page, tt.perPage), func(t *testing.T) {
			cases, total, err := s.CasesForTarget(context.Background(), "g", "u", tt.page, tt.perPage)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, c := range cases {
				got = append(got, c.Number)
			}
			if total != 5 || fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v of %d, want %v of 5", got, total, tt.want)
			}
		})
	}
}

func TestActivePointsDecay(t *testing.T) { forEachBackend(t, testActivePointsDecay) }

func testActivePointsDecay(t *testing.T, open opener) {
	ctx := context.Background()
	clock := newFakeClock()
	s := open(t, Config{Now: clock.Now})
	day := 24 * time.Hour
	seed := []struct {
		age    time.Duration
		action Action
		target string
		points int
		revoke bool
	}{
		{0, ActionWarn, "u", 1, false},
		{2 * day, ActionWarn, "u", 2, false},
		{7 * day, ActionWarn, "u", 4, false}, // exactly at a 7-day cutoff: expired
		{30 * day, ActionWarn, "u", 8, false},
		{day, ActionWarn, "u", 16, true},     // revoked
		{day, ActionTimeout, "u", 32, false}, // not a warn
		{day, ActionWarn, "other", 64, false},
	}
	for _, c := range seed {
		created := mustCreateCase(t, s, Case{GuildID: "g", Action: c.action, TargetID: c.target, Points: c.points, CreatedAt: epoch.Add(-c.age)})
		if c.revoke {
			if _, err := s.RevokeCase(ctx, "g", created.Number, "mod"); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		now       time.Time
		decayDays int
		want      int
	}{
		{epoch, 0, 1 + 2 + 4 + 8},
		{epoch, -1, 1 + 2 + 4 + 8},
		{epoch, 7, 1 + 2},
		{epoch, 8, 1 + 2 + 4},
		{epoch, 1, 1},
		{epoch.Add(3 * day), 7, 1 + 2},
		{epoch.Add(6 * day), 7, 1},
		{epoch.Add(7 * day), 7, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s decay %d", tt.now.Sub(epoch), tt.decayDays), func(t *testing.T) {
			got, err := s.ActivePoints(ctx, "g", "u", tt.now, tt.decayDays)
			if err != nil || got != tt.want {
				t.Errorf("ActivePoints = %d, %v; want %d", got, err, tt.want)
			}
		})
	}
}

func TestRevokeAndUpdateReason(t *testing.T) { forEachBackend(t, testRevokeAndUpdateReason) }

func testRevokeAndUpdateReason(t *testing.T, open opener) {
	ctx := context.Background()
	clock := newFakeClock()
	s := open(t, Config{Now: clock.Now})
	mustCreateCase(t, s, Case{GuildID: "g", Action: ActionWarn, TargetID: "u", Reason: "old"})
	later := epoch.Add(time.Hour + 1500*time.Nanosecond) // sub-microsecond part is dropped

	clock.Set(later)
	c, err := s.UpdateReason(ctx, "g", 1, "new", "editor")
	if err != nil {
		t.Fatal(err)
	}
	want := later.Truncate(time.Microsecond)
	if c.Reason != "new" || c.EditedBy != "editor" || !c.EditedAt.Equal(want) || c.Revoked() {
		t.Errorf("after UpdateReason: %+v", c)
	}
	c, err = s.RevokeCase(ctx, "g", 1, "revoker")
	if err != nil || !c.Revoked() || c.RevokedBy != "revoker" || !c.RevokedAt.Equal(want) || c.Reason != "new" {
		t.Errorf("after RevokeCase: %+v, %v", c, err)
	}
	if stored, _ := s.Case(ctx, "g", 1); stored != c {
		t.Errorf("stored %+v\nwant   %+v", stored, c)
	}
	if _, err := s.RevokeCase(ctx, "g", 1, "again"); !errors.Is(err, ErrAlreadyRevoked) {
		t.Errorf("second RevokeCase error = %v, want ErrAlreadyRevoked", err)
	}
	if _, err := s.UpdateReason(ctx, "g", 9, "x", "y"); !errors.Is(err, ErrNotFound) {
		t.Errorf("UpdateReason of a missing case: %v, want ErrNotFound", err)
	}
	if _, err := s.RevokeCase(ctx, "g", 9, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("RevokeCase of a missing case: %v, want ErrNotFound", err)
	}
}

func TestActionValid(t *testing.T) {
	valid := []Action{ActionWarn, ActionUnwarn, ActionKick, ActionBan, ActionTempban, ActionUnban, ActionTimeout, ActionUntimeout, ActionPurge}
	for _, a := range valid {
		if !a.Valid() {
			t.Errorf("%q.Valid() = false", a)
		}
	}
	for _, a := range []Action{"", "Warn", "mute"} {
		if a.Valid() {
			t.Errorf("%q.Valid() = true", a)
		}
	}
}
