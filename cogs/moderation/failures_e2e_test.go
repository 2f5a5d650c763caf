package moderation_test

import (
	"strings"
	"testing"

	"cogd/cogs/moderation/modstore"
)

// TestDiscordRefusalMarksTheCaseFailed: when Discord refuses the action,
// the case recorded before it is marked failed with Discord's reason (its
// number kept), and the moderator is told which.
func TestDiscordRefusalMarksTheCaseFailed(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.emu.FailREST("DELETE", "/guilds/"+h.w.Guild+"/members/", 1, 403, 0)
	if got, want := h.reply(h.w.Moderator, "!kick alice"), "I recorded case #1 but Discord refused the kick: 403 Forbidden. The case is marked failed."; got != want {
		t.Fatalf("reply = %q\nwant    %q", got, want)
	}
	if cs := h.cases(); len(cs) != 1 || cs[0].State != modstore.StateFailed || cs[0].Failure != "403 Forbidden" {
		t.Fatalf("cases = %+v", cs)
	}
	if h.emu.Permissions(h.w.General, h.w.Alice) == 0 {
		t.Fatal("alice was kicked")
	}
	if got := h.reply(h.w.Moderator, "!kick alice"); got != "Case #2: kicked **alice**." {
		t.Fatalf("kick after the failure = %q", got)
	}
}

// TestEscalationFailure: a failed escalation is reported with its case,
// marked failed; the warning stands.
func TestEscalationFailure(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.reply(h.w.Owner, "!config escalation 1 timeout 1h")
	h.emu.FailREST("PATCH", "/guilds/"+h.w.Guild+"/members/", 4, 500, 0) // 4: the REST policy sends a 5xx request 1+3 times
	got := h.reply(h.w.Moderator, "!warn alice")
	want := "Case #1: warned **alice** (1 point, 1 active).\nEscalation to a 1h timeout failed: I recorded case #2 but Discord did not carry out the timeout " +
		"(Discord is having trouble right now, try again in a moment). The case is marked failed."
	if got != want {
		t.Fatalf("reply = %q\nwant    %q", got, want)
	}
	cs := h.cases()
	if len(cs) != 2 || cs[0].State != modstore.StateDone || cs[1].State != modstore.StateFailed {
		t.Fatalf("cases = %+v", cs)
	}
	if !strings.Contains(h.logs.String(), "escalation failed") {
		t.Error("the failure was not logged")
	}
}
