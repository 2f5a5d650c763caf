package moderation_test

import (
	"strings"
	"testing"
)

// TestDiscordRefusalRecordsNothing: when Discord refuses the action, the
// moderator is told and no case is stored.
func TestDiscordRefusalRecordsNothing(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.emu.FailREST("DELETE", "/guilds/"+h.w.Guild+"/members/", 1, 403, 0)
	if got := h.reply(h.w.Moderator, "!kick alice"); !strings.HasPrefix(got, "Discord refused") {
		t.Fatalf("reply = %q", got)
	}
	if cs := h.cases(); len(cs) != 0 {
		t.Fatalf("cases = %+v", cs)
	}
	if h.emu.Permissions(h.w.General, h.w.Alice) == 0 {
		t.Fatal("alice was kicked")
	}
}

// TestEscalationFailure: a failed escalation is reported and not
// recorded; the warning stands.
func TestEscalationFailure(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.reply(h.w.Owner, "!config escalation 1 timeout 1h")
	h.emu.FailREST("PATCH", "/guilds/"+h.w.Guild+"/members/", 4, 500, 0) // 4: the REST policy sends a 5xx request 1+3 times
	got := h.reply(h.w.Moderator, "!warn alice")
	if got != "Case #1: warned **alice** (1 point, 1 active).\nEscalation to a 1h timeout failed: Discord refused or did not answer." {
		t.Fatalf("reply = %q", got)
	}
	if cs := h.cases(); len(cs) != 1 {
		t.Fatalf("cases = %+v", cs)
	}
	if !strings.Contains(h.logs.String(), "escalation failed") {
		t.Error("the failure was not logged")
	}
}
