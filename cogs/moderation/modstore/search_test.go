package modstore

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestSearchCases(t *testing.T) { forEachBackend(t, testSearchCases) }

func testSearchCases(t *testing.T, open opener) {
	ctx := context.Background()
	s := open(t, Config{})
	day := func(n int) time.Time { return epoch.AddDate(0, 0, n) }
	seed := []Case{
		{Action: ActionWarn, TargetID: "bob", CreatedAt: day(0), Points: 1},
		{Action: ActionBan, TargetID: "bob", CreatedAt: day(1)},
		{Action: ActionKick, TargetID: "eve", CreatedAt: day(2)},
		{Action: ActionBan, TargetID: "eve", CreatedAt: day(3)},
		{Action: ActionPurge, CreatedAt: day(4)},
		{Action: ActionUnban, TargetID: "bob", CreatedAt: day(5)},
	}
	for _, c := range seed {
		c.GuildID, c.ModeratorID = "g", "m"
		got := mustCreateCase(t, s, c)
		if got.TargetID == "eve" {
			if err := s.SaveCaseEntry(ctx, CaseEntry{CaseID: got.ID, GuildID: "g", TargetName: "Eve"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	mustCreateCase(t, s, Case{GuildID: "other", Action: ActionBan, TargetID: "bob", ModeratorID: "m"})
	tests := []struct {
		name  string
		q     CaseQuery
		page  int
		per   int
		want  []int64
		total int64
	}{
		{"all", CaseQuery{}, 1, 10, []int64{6, 5, 4, 3, 2, 1}, 6},
		{"second page", CaseQuery{}, 2, 4, []int64{2, 1}, 6},
		{"past the end", CaseQuery{}, 3, 4, []int64{}, 6},
		{"target", CaseQuery{TargetID: "bob"}, 1, 10, []int64{6, 2, 1}, 3},
		{"target and action", CaseQuery{TargetID: "bob", Actions: []Action{ActionBan}}, 1, 10, []int64{2}, 1},
		{"actions", CaseQuery{Actions: []Action{ActionBan, ActionKick}}, 1, 10, []int64{4, 3, 2}, 3},
		{"since", CaseQuery{Since: day(3)}, 1, 10, []int64{6, 5, 4}, 3},
		{"stored name", CaseQuery{TargetName: "eve"}, 1, 10, []int64{4, 3}, 2},
		{"unknown name", CaseQuery{TargetName: "nobody"}, 1, 10, []int64{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.GuildID = "g"
			cases, total, err := s.SearchCases(ctx, tt.q, tt.page, tt.per)
			if err != nil {
				t.Fatal(err)
			}
			got := []int64{}
			for _, c := range cases {
				got = append(got, c.Number)
			}
			if !slices.Equal(got, tt.want) || total != tt.total {
				t.Fatalf("got %v of %d, want %v of %d", got, total, tt.want, tt.total)
			}
		})
	}
	if _, _, err := s.SearchCases(ctx, CaseQuery{}, 1, 10); !errors.Is(err, ErrInvalid) {
		t.Fatalf("search without guild: %v", err)
	}
}
