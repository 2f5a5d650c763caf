package moderation_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
)

// banRequests counts the PUT …/bans/… requests after mark.
func (h *harness) banRequests(mark int) int {
	n := 0
	for _, r := range h.since(mark) {
		if r.Method == http.MethodPut && strings.Contains(r.Path, "/bans/") {
			n++
		}
	}
	return n
}

// hasField reports whether m's embed has a field called name whose value
// contains value.
func hasField(m *discordgo.Message, name, value string) bool {
	for _, e := range m.Embeds {
		for _, f := range e.Fields {
			if f.Name == name && strings.Contains(f.Value, value) {
				return true
			}
		}
	}
	return false
}

// failCaseInserts makes every insert into mod_cases fail, as a broken or
// full database would (a trigger aborting it).
func (h *harness) failCaseInserts() {
	h.t.Helper()
	h.requireSQLite()
	err := h.db.DB(context.Background()).Exec(`CREATE TRIGGER fail_cases BEFORE INSERT ON mod_cases
BEGIN SELECT RAISE(ABORT, 'injected: disk full'); END`).Error
	if err != nil {
		h.t.Fatal(err)
	}
}

// TestRecordFailureDoesNothingOnDiscord: when the case cannot be stored,
// the ban is not sent (no PUT, no DM), nothing is scheduled, and the
// moderator is told so.
func TestRecordFailureDoesNothingOnDiscord(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.failCaseInserts()
	mark := h.mark()
	got := h.reply(h.w.Moderator, "!ban bob 1h spam")
	want := "I couldn't record the case, so I did nothing on Discord: the ban was not carried out. The database failed; try again in a moment."
	if got != want {
		t.Fatalf("reply = %q\nwant    %q", got, want)
	}
	if n := h.banRequests(mark); n != 0 {
		t.Fatalf("%d ban requests reached Discord", n)
	}
	if m := h.mutations(h.since(mark)); len(m) != 0 {
		t.Fatalf("mutations (the DM included) = %v", m)
	}
	if _, banned := h.emu.Ban(h.w.Guild, h.w.Bob); banned {
		t.Fatal("bob was banned")
	}
	if p := h.pending(); len(p) != 0 {
		t.Fatalf("scheduled = %+v", p)
	}
	for _, cmd := range []string{"!kick bob", "!timeout bob 1h", "!tempban bob 1d"} {
		mark := h.mark()
		if got := h.reply(h.w.Moderator, cmd); !strings.HasPrefix(got, "I couldn't record the case, so I did nothing on Discord") {
			t.Errorf("%s: %q", cmd, got)
		}
		if m := h.mutations(h.since(mark)); len(m) != 0 {
			t.Errorf("%s: mutations = %v", cmd, m)
		}
	}
}

// TestDiscordRefusesATempban: the case is marked failed with the reason
// and the scheduled unban recorded with it is cancelled.
func TestDiscordRefusesATempban(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	h.emu.FailREST("PUT", "/guilds/"+h.w.Guild+"/bans/", 1, 403, 0)
	ms := h.say(h.w.Moderator, "!ban bob 1h spam")
	if got, want := text(in(ms, h.w.General)[0]), "I recorded case #1 but Discord refused the ban: 403 Forbidden. The case is marked failed."; got != want {
		t.Fatalf("reply = %q\nwant    %q", got, want)
	}
	c := h.lastCase()
	if c.Number != 1 || c.State != modstore.StateFailed || c.Failure != "403 Forbidden" || c.Action != modstore.ActionTempban {
		t.Fatalf("case = %+v", c)
	}
	if p := h.pending(); len(p) != 0 {
		t.Fatalf("the failed tempban's end is still scheduled: %+v", p)
	}
	if log := in(ms, h.w.Modlog); len(log) != 1 || !hasField(log[0], "Failed", "403 Forbidden") {
		t.Fatalf("modlog = %+v", log)
	}
	if got := h.reply(h.w.Moderator, "!ban bob 1h spam"); !strings.HasPrefix(got, "Case #2: temporarily banned **bob** until <t:") {
		t.Fatalf("the next ban = %q (failed cases keep their numbers)", got)
	}
}

// TestLostAnswerIsCheckedOnDiscord: a ban whose answer is lost (5xx on
// every attempt) is checked with GET …/bans/…; not there → failed.
func TestLostAnswerIsCheckedOnDiscord(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.emu.FailREST("PUT", "/guilds/"+h.w.Guild+"/bans/", 4, 502, 0) // the REST policy tries 1+3 times
	got := h.reply(h.w.Moderator, "!ban bob")
	if !strings.HasPrefix(got, "I recorded case #1 but Discord did not carry out the ban (") || !strings.HasSuffix(got, "The case is marked failed.") {
		t.Fatalf("reply = %q", got)
	}
	if c := h.lastCase(); c.State != modstore.StateFailed {
		t.Fatalf("case = %+v", c)
	}
}

// TestUncheckableOutcomeStaysPendingUntilReconciled: when neither the ban
// nor the check gets an answer, the case stays pending and the moderator
// is told; once it is older than the grace, reconciliation resolves it.
func TestUncheckableOutcomeStaysPendingUntilReconciled(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.emu.FailREST("", "/guilds/"+h.w.Guild+"/members/"+h.w.Bob, 8, 503, 0) // the PATCH and the GET, 1+3 each
	got := h.reply(h.w.Moderator, "!timeout bob 1h")
	if !strings.HasPrefix(got, "I recorded case #1 but couldn't tell whether Discord carried out the timeout (") ||
		!strings.HasSuffix(got, "The case stays pending; I'll check Discord and mark it.") {
		t.Fatalf("reply = %q", got)
	}
	if c := h.lastCase(); c.State != modstore.StatePending {
		t.Fatalf("case = %+v", c)
	}
	h.clock.Advance(3 * time.Minute)
	h.eventually("reconciled", func() bool { return h.lastCase().State != modstore.StatePending })
	if c := h.lastCase(); c.State != modstore.StateFailed {
		t.Fatalf("after reconciliation: %+v", c)
	}
}

// TestReconciliationAtStart: cases left pending by a process that died
// between recording and acting are resolved against Discord when the bot
// starts, before the scheduler runs: the ban that exists is done, the
// tempban that never reached Discord is failed and its end cancelled, the
// kick of a member still present failed, of one gone done.
func TestReconciliationAtStart(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	h.reply(h.w.Moderator, "!ban alice") // case #1, done: alice is banned on Discord
	carol := h.member("carol")
	dave := h.member("dave")
	ctx := context.Background()
	h.restart(func() {
		h.emu.RemoveMember(h.w.Guild, dave)
		past := h.clock.Now().Add(-10 * time.Minute)
		pending := func(a modstore.Action, target string, d time.Duration) modstore.Case {
			c, err := h.st.CreateCase(ctx, modstore.Case{GuildID: h.w.Guild, Action: a, TargetID: target, ModeratorID: h.w.Moderator,
				Duration: d, CreatedAt: past, State: modstore.StatePending})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		pending(modstore.ActionBan, h.w.Alice, 0)
		tb := pending(modstore.ActionTempban, h.w.Bob, time.Minute) // already due: only reconciliation stops its unban
		if _, err := h.st.ScheduleAction(ctx, modstore.ScheduledAction{GuildID: h.w.Guild, Kind: modstore.ActionUnban,
			TargetID: h.w.Bob, CaseID: tb.ID, DueAt: tb.ExpiresAt}); err != nil {
			t.Fatal(err)
		}
		pending(modstore.ActionKick, carol, 0)
		pending(modstore.ActionKick, dave, 0)
	})
	h.eventually("all reconciled", func() bool {
		for _, c := range h.cases() {
			if c.State == modstore.StatePending {
				return false
			}
		}
		return true
	})
	want := map[int64]modstore.CaseState{1: modstore.StateDone, 2: modstore.StateDone, 3: modstore.StateFailed, 4: modstore.StateFailed, 5: modstore.StateDone}
	for _, c := range h.cases() {
		if c.State != want[c.Number] {
			t.Errorf("case #%d (%s of %s) is %s, want %s", c.Number, c.Action, c.TargetID, c.State, want[c.Number])
		}
	}
	if p := h.pending(); len(p) != 0 {
		t.Fatalf("the failed tempban's end is still scheduled: %+v", p)
	}
	for _, r := range h.emu.Requests() {
		if r.Method == http.MethodDelete && strings.HasSuffix(r.Path, "/bans/"+h.w.Bob) {
			t.Fatal("the scheduler ran the failed tempban's unban")
		}
	}
	if c := h.cases()[2]; c.Failure == "" {
		t.Errorf("failed case without a reason: %+v", c)
	}
}
