package moderation_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/discordtest"
)

func TestKick(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	mark := h.mark()
	ms := h.say(h.w.Moderator, "!kick alice raiding")
	if got := text(in(ms, h.w.General)[0]); got != "Case #1: kicked **alice**." {
		t.Fatalf("reply = %q", got)
	}
	var dm, kick = -1, -1
	for i, r := range h.since(mark) {
		switch {
		case r.Method == "POST" && strings.HasSuffix(r.Path, "/channels/"+h.emu.DMChannel(h.w.Alice)+"/messages"):
			dm = i
		case r.Method == "DELETE" && strings.HasSuffix(r.Path, "/members/"+h.w.Alice) && r.Status == 204:
			kick = i
		}
	}
	if dm < 0 || kick < 0 || dm > kick {
		t.Fatalf("want the DM (%d) before the kick (%d): %v", dm, kick, h.mutations(h.since(mark)))
	}
	if h.emu.Permissions(h.w.General, h.w.Alice) != 0 {
		t.Fatal("alice is still a member")
	}
	if c := h.lastCase(); c.Action != modstore.ActionKick || c.TargetID != h.w.Alice || c.Reason != "raiding" {
		t.Fatalf("case = %+v", c)
	}
	if log := in(ms, h.w.Modlog); len(log) != 1 || log[0].Embeds[0].Title != "Case #1 · Kick" {
		t.Fatalf("modlog = %q", texts(log))
	}
}

func TestKickWithClosedDMs(t *testing.T) {
	t.Parallel()
	h := start(t)
	shy := h.emu.AddUser(discordtest.User{Username: "shy", DMsClosed: true})
	h.emu.AddMember(h.w.Guild, shy, []string{h.w.MemberRole}, "")
	h.eventually("welcome", func() bool { return h.welcomed(shy) })
	if got := h.reply(h.w.Moderator, "!kick shy"); got != "Case #1: kicked **shy** (I couldn't DM them)." {
		t.Fatalf("reply = %q\nlogs:\n%s", got, h.logs.String())
	}
	if h.emu.Permissions(h.w.General, shy) != 0 {
		t.Fatal("shy was not kicked")
	}
}

func TestBanByIDOutsideTheGuild(t *testing.T) {
	t.Parallel()
	h := start(t)
	stranger := h.emu.AddUser(discordtest.User{Username: "stranger"})
	mark := h.mark()
	if got := h.reply(h.w.Moderator, "!ban "+stranger+" days:3 ban evasion"); got != "Case #1: banned **stranger** permanently (messages from the last 3 days deleted)." {
		t.Fatalf("reply = %q", got)
	}
	if reason, banned := h.emu.Ban(h.w.Guild, stranger); !banned || !strings.HasSuffix(reason, ": ban evasion") {
		t.Fatalf("ban = %q, %v", reason, banned)
	}
	var body struct {
		Seconds int `json:"delete_message_seconds"`
	}
	if err := json.Unmarshal(h.find(mark, "PUT", "/bans/"+stranger).Body, &body); err != nil || body.Seconds != 3*86400 {
		t.Fatalf("ban body: %+v, %v", body, err)
	}
	if m := h.mutations(h.since(mark)); len(m) != 1 {
		t.Fatalf("want only the ban (no DM to a non-member): %v", m)
	}
	c := h.lastCase()
	if c.Action != modstore.ActionBan || c.TargetID != stranger || c.Reason != "ban evasion" {
		t.Fatalf("case = %+v", c)
	}
}

func TestTempbanAndUnban(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := context.Background()
	got := h.reply(h.w.Moderator, "!ban bob 1d spam")
	if want := fmt.Sprintf("Case #1: temporarily banned **bob** until <t:%d:f> (1d).", h.clock.Now().Add(24*time.Hour).Unix()); got != want {
		t.Fatalf("tempban = %q", got)
	}
	if _, banned := h.emu.Ban(h.w.Guild, h.w.Bob); !banned {
		t.Fatal("bob not banned")
	}
	c := h.lastCase()
	if c.Action != modstore.ActionTempban || c.Duration != 24*time.Hour || !c.ExpiresAt.Equal(c.CreatedAt.Add(24*time.Hour)) {
		t.Fatalf("case = %+v", c)
	}
	due, _ := h.st.DueActions(ctx, c.ExpiresAt, 10)
	if len(due) != 1 || due[0].Kind != modstore.ActionUnban || due[0].TargetID != h.w.Bob || due[0].CaseID != c.ID {
		t.Fatalf("scheduled = %+v", due)
	}
	got = h.reply(h.w.Moderator, "!unban "+h.w.Bob+" appeal accepted")
	if got != "Case #2: unbanned **bob** (its scheduled end was cancelled)." {
		t.Fatalf("unban = %q", got)
	}
	if _, banned := h.emu.Ban(h.w.Guild, h.w.Bob); banned {
		t.Fatal("bob still banned")
	}
	if due, _ := h.st.DueActions(ctx, c.ExpiresAt, 10); len(due) != 0 {
		t.Fatalf("the scheduled unban was not cancelled: %+v", due)
	}
	if got := h.reply(h.w.Moderator, "!unban "+h.w.Bob); got != "**bob** is not banned." {
		t.Fatalf("second unban = %q", got)
	}
}

func TestPermanentBanCancelsATempbansEnd(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.reply(h.w.Moderator, "!ban bob 1h")
	h.reply(h.w.Moderator, "!ban "+h.w.Bob+" for good")
	if p := h.pending(); len(p) != 0 {
		t.Fatalf("the tempban's end is still scheduled: %+v", p)
	}
	h.clock.Advance(2 * time.Hour)
	h.reply(h.w.Moderator, "!case 2") // a round trip while the scheduler polls
	time.Sleep(100 * time.Millisecond)
	if _, banned := h.emu.Ban(h.w.Guild, h.w.Bob); !banned {
		t.Fatal("the old tempban's end lifted the permanent ban")
	}
}

func TestTimeoutAndUntimeout(t *testing.T) {
	t.Parallel()
	h := start(t)
	mark := h.mark()
	ms := h.say(h.w.Moderator, "!mute alice 1h calm down")
	if want := fmt.Sprintf("Case #1: timed out **alice** until <t:%d:f> (1h).", h.clock.Now().Add(time.Hour).Unix()); text(in(ms, h.w.General)[0]) != want {
		got := text(in(ms, h.w.General)[0])
		t.Fatalf("reply = %q", got)
	}
	if dm := in(ms, h.emu.DMChannel(h.w.Alice)); len(dm) != 1 || !strings.Contains(dm[0].Content, "timed out in **Demo Server** for 1h") {
		t.Fatalf("DM = %q", texts(dm))
	}
	var body struct {
		Until *time.Time `json:"communication_disabled_until"`
	}
	_ = json.Unmarshal(h.find(mark, "PATCH", "/members/"+h.w.Alice).Body, &body)
	if want := h.clock.Now().Add(time.Hour); body.Until == nil || body.Until.Sub(want).Abs() > time.Second {
		t.Fatalf("timeout until %v, want %v", body.Until, want)
	}
	if p := h.emu.Permissions(h.w.General, h.w.Alice); p&discordgo.PermissionSendMessages != 0 {
		t.Fatal("alice can still send messages")
	}
	if c := h.lastCase(); c.Action != modstore.ActionTimeout || c.Duration != time.Hour || c.Reason != "calm down" {
		t.Fatalf("case = %+v", c)
	}
	h.eventually("the bot sees the timeout", func() bool {
		return !strings.Contains(h.reply(h.w.Moderator, "!case 1"), "not timed out")
	})
	if got := h.reply(h.w.Moderator, "!untimeout alice"); got != "Case #2: removed the timeout of **alice**." {
		t.Fatalf("untimeout = %q", got)
	}
	if p := h.emu.Permissions(h.w.General, h.w.Alice); p&discordgo.PermissionSendMessages == 0 {
		t.Fatal("alice is still timed out")
	}
}
