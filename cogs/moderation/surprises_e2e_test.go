package moderation_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/discordtest"
)

// banUsage is the usage line ban's refusals end with.
const banUsage = "\nUsage: `!ban <user> [duration=permanent] [delete_days=0] [reason…]` — see `!help ban`."

// TestMisreadableArgumentsAreRefused: an argument in the place of an
// optional typed parameter that looks like a mistyped value of it is
// refused with the usage; nothing reaches Discord and no case is made.
func TestMisreadableArgumentsAreRefused(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.member("t3")
	h.member("tst")
	tests := []struct{ cmd, want string }{
		{"!ban t3 1h30 spam", "“1h30” looks like a duration but isn't one (try 1h30m). Nothing was done." + banUsage},
		{"!ban tst 0s", "“0s”: a ban duration must be positive; leave it out for a permanent ban. Nothing was done." + banUsage},
		{"!ban bob 7 spam", "“7” could mean two things: write `7d` for a 7-day ban, or `days:7` to delete their messages of the last 7 days. Nothing was done." + banUsage},
		{"!ban bob 7", "“7” could mean two things"},
		{"!ban bob 2d12 raid", "“2d12” looks like a duration but isn't one (try 2d12h)."},
		{"!ban bob -1h", "a ban duration must be positive"},
		{"!ban bob 0h0m", "a ban duration must be positive"},
		{"!ban bob 1h 2h spam", "“2h” is a second duration; a ban takes one."},
		{"!ban bob 1h 3x spam", "“3x” looks like a number but isn't one"},
		{"!ban bob 1h 3 spam", "“3” could mean two things"},
		{"!ban bob days:8", "delete_days must be 0 to 7"},
		{"!ban bob days:30 spam", "delete_days must be 0 to 7"},
		{"!tempban bob spam", "“spam” is not a duration (try 90s, 10m, 1h30m, 2d or 1w). Nothing was done.\nUsage: `!tempban <user> <duration> [delete_days=0] [reason…]`"},
		{"!tempban bob 7 spam", "“7” needs a unit: 7d is 7 days, 7h 7 hours."},
		{"!tempban bob 0s", "“0s”: a ban duration must be positive (ban without one bans permanently)."},
		{"!tempban bob", "Missing argument: duration."},
		{"!timeout bob 1h30 cool down", "“1h30” looks like a duration but isn't one (try 1h30m)."},
		{"!timeout bob 0s", "“0s”: a timeout must be positive."},
		{"!timeout bob 10 spam", "“10” needs a unit"},
		{"!warn bob 3x spam", "“3x” looks like a number of points but isn't one"},
		{"!warn bob 1h spam", "looks like a number of points"},
		{"!warn bob 3x don't spam", "“3x” looks like a number of points"},
	}
	mark := h.mark()
	for _, tt := range tests {
		if got := h.reply(h.w.Moderator, tt.cmd); !strings.Contains(got, tt.want) {
			t.Errorf("%s\n got %q\nwant …%q…", tt.cmd, got, tt.want)
		}
	}
	if m := h.mutations(h.since(mark)); len(m) != 0 {
		t.Errorf("refused commands changed something: %v", m)
	}
	if cs := h.cases(); len(cs) != 0 {
		t.Errorf("refused commands made cases: %+v", cs)
	}
}

// TestBanStatesItsEffect: the reply and the modlog say permanent or until
// when, and how many days of messages were deleted; delete_days is
// bounded 0–7 and sent as seconds.
func TestBanStatesItsEffect(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	mark := h.mark()
	ms := h.say(h.w.Moderator, "!ban bob days:7 spam")
	if got := text(in(ms, h.w.General)[0]); got != "Case #1: banned **bob** permanently (messages from the last 7 days deleted)." {
		t.Fatalf("reply = %q", got)
	}
	var body struct {
		Seconds int `json:"delete_message_seconds"`
	}
	if err := json.Unmarshal(h.find(mark, "PUT", "/bans/"+h.w.Bob).Body, &body); err != nil || body.Seconds != 7*86400 {
		t.Fatalf("ban body %+v, %v", body, err)
	}
	log := in(ms, h.w.Modlog)
	if len(log) != 1 || !hasField(log[0], "Duration", "permanent") || !hasField(log[0], "Messages deleted", "last 7 days") {
		t.Fatalf("modlog = %+v", log)
	}
	if c := h.lastCase(); c.DeleteDays != 7 || c.State != modstore.StateDone || c.Reason != "spam" {
		t.Fatalf("case = %+v", c)
	}
	got := h.reply(h.w.Moderator, "!ban alice 1h30m days:1 raid")
	want := fmt.Sprintf("Case #2: temporarily banned **alice** until <t:%d:f> (1h30m; messages from the last day deleted).", h.clock.Now().Add(90*time.Minute).Unix())
	if got != want {
		t.Fatalf("tempban = %q\nwant      %q", got, want)
	}
	if got := h.reply(h.w.Moderator, `!ban `+h.member("carol")+` "3rd strike"`); got != "Case #3: banned **carol** permanently." {
		t.Fatalf("a quoted reason starting with a number = %q", got)
	}
	if c := h.lastCase(); c.Reason != "3rd strike" {
		t.Fatalf("reason = %q", c.Reason)
	}
	if got := h.reply(h.w.Moderator, `!warn `+h.member("dave")+` "3rd strike"`); !strings.HasPrefix(got, "Case #4: warned **dave** (1 point, 1 active)") {
		t.Fatalf("a quoted warn reason starting with a number = %q", got)
	}
}

// TestTempbanCommand: tempban needs a duration and schedules the unban.
func TestTempbanCommand(t *testing.T) {
	t.Parallel()
	h := start(t)
	got := h.reply(h.w.Moderator, "!tempban bob 2h spam")
	if want := fmt.Sprintf("Case #1: temporarily banned **bob** until <t:%d:f> (2h).", h.clock.Now().Add(2*time.Hour).Unix()); got != want {
		t.Fatalf("reply = %q\nwant    %q", got, want)
	}
	c := h.lastCase()
	if c.Action != modstore.ActionTempban || c.Duration != 2*time.Hour || c.Reason != "spam" {
		t.Fatalf("case = %+v", c)
	}
	if p := h.pending(); len(p) != 1 || p[0].CaseID != c.ID {
		t.Fatalf("scheduled = %+v", p)
	}
}

// TestAlreadyBanned: a ban of a user banned for good says so, names the
// case and creates none; Discord is not asked to ban again.
func TestAlreadyBanned(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.reply(h.w.Moderator, "!kick alice")
	h.reply(h.w.Moderator, "!ban bob")
	mark := h.mark()
	if got := h.reply(h.w.Moderator, "!ban "+h.w.Bob+" again"); got != "**bob** is already banned (case #2)." {
		t.Fatalf("reply = %q", got)
	}
	if got := h.reply(h.w.Moderator, "!tempban "+h.w.Bob+" 1d"); got != "**bob** is already banned (case #2)." {
		t.Fatalf("tempban reply = %q", got)
	}
	if n := h.banRequests(mark); n != 0 {
		t.Fatalf("%d ban requests", n)
	}
	if cs := h.cases(); len(cs) != 2 {
		t.Fatalf("cases = %+v", cs)
	}
}

// TestUnbanSearchesTheBanList: unban finds banned users by name in the
// guild's ban list (they are not members), lists candidates when a name
// is ambiguous, and says when nobody matches.
func TestUnbanSearchesTheBanList(t *testing.T) {
	t.Parallel()
	h := start(t)
	bobby := h.emu.AddUser(discordtest.User{Username: "bobby"})
	h.reply(h.w.Moderator, "!ban bob")
	h.reply(h.w.Moderator, "!ban "+bobby)
	mark := h.mark()
	got := h.reply(h.w.Moderator, "!unban bo")
	if !strings.HasPrefix(got, "“bo” matches 2 banned users: ") || !strings.Contains(got, "**bobby** ("+bobby+")") ||
		!strings.Contains(got, "**bob** ("+h.w.Bob+")") || !strings.HasSuffix(got, ". Use the ID.") {
		t.Fatalf("ambiguous = %q", got)
	}
	h.find(mark, "GET", "/guilds/"+h.w.Guild+"/bans")
	if got := h.reply(h.w.Moderator, "!unban nobody"); got != "No banned user is called “nobody”." {
		t.Fatalf("no match = %q", got)
	}
	if got := h.reply(h.w.Moderator, "!unban bob appeal accepted"); got != "Case #3: unbanned **bob**." {
		t.Fatalf("exact name = %q", got)
	}
	if got := h.reply(h.w.Moderator, "!unban @Bobby"); got != "Case #4: unbanned **bobby**." {
		t.Fatalf("case-insensitive name = %q", got)
	}
	if got := h.reply(h.w.Moderator, "!unban "+mention(h.w.Bob)); got != "**bob** is not banned." {
		t.Fatalf("mention of a user not banned = %q", got)
	}
}

// TestNobodyActsOnTheirOwnCase: a moderator cannot revoke a warning they
// received.
func TestNobodyActsOnTheirOwnCase(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.reply(h.w.Owner, "!warn mod being late")
	if got := h.reply(h.w.Moderator, "!unwarn 1"); got != "Case #1 is about you: you can't act on your own cases." {
		t.Fatalf("unwarn of one's own warning = %q", got)
	}
	if c := h.lastCase(); c.Revoked() || c.Number != 1 {
		t.Fatalf("case = %+v", c)
	}
	if got := h.reply(h.w.Owner, "!unwarn 1"); !strings.HasPrefix(got, "Case #2: revoked warning #1") {
		t.Fatalf("the owner's unwarn = %q", got)
	}
}

// TestCaseReplyEscapesNames: a name with markdown or a mass mention is
// echoed escaped, so it neither formats nor pings.
func TestCaseReplyEscapesNames(t *testing.T) {
	t.Parallel()
	h := start(t)
	bold := h.member("**x**")
	every := h.member("@everyone")
	if got := h.reply(h.w.Moderator, "!kick "+bold); got != `Case #1: kicked **\*\*x\*\***.` {
		t.Fatalf("markdown name = %q", got)
	}
	if got := h.reply(h.w.Moderator, "!ban "+every); got != "Case #2: banned **@\u200beveryone** permanently." {
		t.Fatalf("mention name = %q", got)
	}
}
