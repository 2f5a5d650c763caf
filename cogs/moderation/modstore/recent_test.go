package modstore

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestCasesNumbered(t *testing.T) { forEachBackend(t, testCasesNumbered) }

func testCasesNumbered(t *testing.T, open opener) {
	ctx := context.Background()
	s := open(t, Config{})
	for range 23 {
		mustCreateCase(t, s, Case{GuildID: "g", Action: ActionWarn, TargetID: "bob", ModeratorID: "m", Points: 1})
	}
	mustCreateCase(t, s, Case{GuildID: "other", Action: ActionBan, TargetID: "bob", ModeratorID: "m"})
	tests := []struct {
		digits string
		limit  int
		want   []int64
	}{
		{"", 3, []int64{23, 22, 21}},
		{"2", 25, []int64{23, 22, 21, 20, 2}},
		{"1", 4, []int64{19, 18, 17, 16}},
		{"23", 25, []int64{23}},
		{"230", 25, nil},
		{"0", 25, nil},
	}
	for _, tt := range tests {
		cases, err := s.CasesNumbered(ctx, "g", tt.digits, tt.limit)
		if err != nil {
			t.Fatalf("CasesNumbered(%q): %v", tt.digits, err)
		}
		var got []int64
		for _, c := range cases {
			got = append(got, c.Number)
			if c.GuildID != "g" {
				t.Errorf("case of guild %s", c.GuildID)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("CasesNumbered(%q, %d) = %v, want %v", tt.digits, tt.limit, got, tt.want)
		}
	}
	if _, err := s.CasesNumbered(ctx, "g", "1%", 25); !errors.Is(err, ErrInvalid) {
		t.Errorf("a prefix with a wildcard: %v, want ErrInvalid", err)
	}
}
