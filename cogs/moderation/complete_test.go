package moderation

import (
	"strings"
	"testing"

	"cogd/cogs/moderation/modstore"
)

func TestCaseLabel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c      modstore.Case
		target string
		want   string
	}{
		{modstore.Case{Number: 12, Action: modstore.ActionBan, TargetID: "1", Reason: "spam"}, "bob", "#12 ban bob — spam"},
		{modstore.Case{Number: 3, Action: modstore.ActionWarn, TargetID: "1"}, "bob", "#3 warn bob"},
		{modstore.Case{Number: 4, Action: modstore.ActionKick, TargetID: "99", Reason: "two\nlines  here"}, "", "#4 kick 99 — two lines here"},
		{modstore.Case{Number: 5, Action: modstore.ActionPurge, Reason: "raid"}, "", "#5 purge — raid"},
	}
	for _, tt := range tests {
		if got := caseLabel(tt.c, tt.target); got != tt.want {
			t.Errorf("caseLabel(%+v, %q) = %q, want %q", tt.c, tt.target, got, tt.want)
		}
	}
	long := caseLabel(modstore.Case{Number: 1, Action: modstore.ActionWarn, Reason: strings.Repeat("é", 300)}, "bob")
	if n := len([]rune(long)); n > 100 {
		t.Errorf("a long reason gives a %d-character label; Discord allows 100", n)
	}
}
