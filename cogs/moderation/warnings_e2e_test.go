package moderation_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
)

// TestEscalationAtEachThreshold: 2 points time out, 3 kick, 5 ban for 7
// days (a tempban with its scheduled end); a warning that jumps several
// thresholds applies the highest.
func TestEscalationAtEachThreshold(t *testing.T) {
	t.Parallel()
	h := start(t)
	for _, cmd := range []string{"!config escalation 2 timeout 1h", "!config escalation 3 kick", "!config escalation 5 ban 7d"} {
		if got := h.reply(h.w.Owner, cmd); !strings.HasPrefix(got, "Reaching") {
			t.Fatalf("%s: %q", cmd, got)
		}
	}
	if got := h.reply(h.w.Moderator, "!warn alice"); got != "Case #1: warned **alice** (1 point, 1 active)." {
		t.Fatalf("first warn = %q", got)
	}
	ms := h.say(h.w.Moderator, "!warn alice")
	got := text(in(ms, h.w.General)[0])
	if !strings.HasPrefix(got, "Case #2: warned **alice** (1 point, 2 active).\nEscalation — Case #3: timed out **alice** until <t:") || !strings.HasSuffix(got, ":f> (1h).") {
		t.Fatalf("second warn = %q", got)
	}
	if dm := in(ms, h.emu.DMChannel(h.w.Alice)); len(dm) != 1 || !strings.Contains(dm[0].Content, "Reaching 2 points means a 1h timeout.") {
		t.Fatalf("DM = %q", texts(dm))
	}
	if p := h.emu.Permissions(h.w.General, h.w.Alice); p&discordgo.PermissionSendMessages != 0 {
		t.Fatal("alice not timed out")
	}
	if c := h.lastCase(); c.Action != modstore.ActionTimeout || c.ModeratorID != h.emu.BotID() || c.Duration != time.Hour ||
		c.Reason != "Automatic: 2 active warning points (threshold 2)." {
		t.Fatalf("escalation case = %+v", c)
	}
	got = h.reply(h.w.Moderator, "!warn "+h.w.Alice)
	if got != "Case #4: warned **alice** (1 point, 3 active).\nEscalation — Case #5: kicked **alice**." {
		t.Fatalf("third warn = %q", got)
	}
	if h.emu.Permissions(h.w.General, h.w.Alice) != 0 {
		t.Fatal("alice not kicked")
	}
	got = h.reply(h.w.Moderator, "!warn bob 6 all at once")
	if !strings.HasPrefix(got, "Case #6: warned **bob** (6 points, 6 active).\nEscalation — Case #7: temporarily banned **bob** until <t:") || !strings.HasSuffix(got, ":f> (1w).") {
		t.Fatalf("bob's warn = %q", got)
	}
	if _, banned := h.emu.Ban(h.w.Guild, h.w.Bob); !banned {
		t.Fatal("bob not banned")
	}
	if c := h.lastCase(); c.Action != modstore.ActionTempban || len(h.pending()) != 1 {
		t.Fatalf("tempban case %+v, pending %+v", c, h.pending())
	}
}

// TestEscalationSkippedWithoutPermission: a failed or refused escalation
// is reported; the warning stands.
func TestEscalationRefusedForAnAdministrator(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.reply(h.w.Owner, "!config escalation 1 timeout 10m")
	admins := h.emu.AddRole(h.w.Guild, discordtestRole("Admins", discordgo.PermissionAdministrator))
	h.member("admin", admins)
	got := h.reply(h.w.Owner, "!warn admin")
	if got != "Case #1: warned **admin** (1 point, 1 active).\nEscalation to a 10m timeout skipped: administrators can't be timed out." {
		t.Fatalf("reply = %q", got)
	}
	if n := len(h.cases()); n != 1 {
		t.Fatalf("%d cases", n)
	}
}

// TestDecay: warnings older than the decay no longer count, in the total,
// the list and for escalation.
func TestDecay(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.reply(h.w.Owner, "!config escalation 3 kick")
	if got := h.reply(h.w.Owner, "!config decay 7"); got != "Warnings now count for 7 days." {
		t.Fatalf("decay = %q", got)
	}
	h.reply(h.w.Moderator, "!warn alice 2 old")
	h.clock.Advance(8 * 24 * time.Hour)
	if got := h.reply(h.w.Moderator, "!warn alice fresh"); got != "Case #2: warned **alice** (1 point, 1 active)." {
		t.Fatalf("warn after decay = %q", got)
	}
	list := h.reply(h.w.Moderator, "!warnings alice")
	for _, want := range []string{"**1 active point**. Warnings count for 7 days.", "#2 · 1 point · active", "#1 · 2 points · expired"} {
		if !strings.Contains(list, want) {
			t.Errorf("warnings lack %q:\n%s", want, list)
		}
	}
	if n, _ := h.st.ActivePoints(context.Background(), h.w.Guild, h.w.Alice, h.clock.Now(), 7); n != 1 {
		t.Fatalf("active = %d", n)
	}
}

func TestWarningsAccessAndPages(t *testing.T) {
	t.Parallel()
	h := start(t)
	for i := range 12 {
		h.reply(h.w.Moderator, fmt.Sprintf("!warn alice reason %d", i+1))
	}
	h.reply(h.w.Moderator, "!kick bob")
	own := h.reply(h.w.Alice, "!warnings")
	if !strings.Contains(own, "Warnings of alice") || !strings.Contains(own, "**12 active points**") || !strings.Contains(own, "#12 · 1 point · active") {
		t.Fatalf("own warnings = %s", own)
	}
	if got := h.reply(h.w.Alice, "!warnings "+h.w.Bob); got != "You need these permissions: Timeout Members." {
		t.Fatalf("alice reading bob's = %q", got)
	}
	page2 := h.say(h.w.Moderator, "!warnings alice 2")[0].Embeds[0]
	if len(page2.Fields) != 2 || page2.Fields[1].Name != "#1 · 1 point · active" || page2.Footer.Text != "Page 2 of 2 · 12 warnings" {
		t.Fatalf("page 2 = %+v / %q", page2.Fields, page2.Footer.Text)
	}
	if got := h.reply(h.w.Moderator, "!warnings "+h.w.Bob); !strings.Contains(got, "No warnings.") {
		t.Fatalf("bob (a kick, no warnings) = %q", got)
	}
}

func TestUnwarn(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	h.reply(h.w.Moderator, "!warn alice 2 spam")
	h.reply(h.w.Moderator, "!kick bob")
	ms := h.say(h.w.Moderator, "!delwarn 1 was a mistake")
	if got := text(in(ms, h.w.General)[0]); got != "Case #3: revoked warning #1 of "+mention(h.w.Alice)+" (2 points removed, 0 active)." {
		t.Fatalf("unwarn = %q", got)
	}
	if log := in(ms, h.w.Modlog); len(log) != 1 || log[0].Embeds[0].Title != "Case #3 · Warning revoked" {
		t.Fatalf("modlog = %q", texts(log))
	}
	c, _ := h.st.Case(context.Background(), h.w.Guild, 1)
	if !c.Revoked() || c.RevokedBy != h.w.Moderator {
		t.Fatalf("warn case = %+v", c)
	}
	if u := h.lastCase(); u.Action != modstore.ActionUnwarn || u.TargetID != h.w.Alice || u.Reason != "Revoked warning #1: was a mistake" {
		t.Fatalf("unwarn case = %+v", u)
	}
	for cmd, want := range map[string]string{
		"!unwarn 1":  "Warning #1 was revoked already.",
		"!unwarn 2":  "Case #2 is a Kick, not a warning.",
		"!unwarn 99": "There is no case #99.",
	} {
		if got := h.reply(h.w.Moderator, cmd); got != want {
			t.Errorf("%s = %q, want %q", cmd, got, want)
		}
	}
	if list := h.reply(h.w.Alice, "!warnings"); !strings.Contains(list, "#1 · 2 points · revoked") || !strings.Contains(list, "**0 active points**") {
		t.Fatalf("list after unwarn = %s", list)
	}
}

func TestCaseAndReason(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	mod2 := h.member("mod2", h.w.ModRole)
	h.reply(h.w.Moderator, "!warn alice 2 first reason")
	got := h.reply(h.w.Moderator, "!case 1")
	for _, want := range []string{"Case #1 · Warn", "Member: alice (" + mention(h.w.Alice) + ")", "Moderator: mod (" + mention(h.w.Moderator) + ")", "Points: 2", "Reason: first reason"} {
		if !strings.Contains(got, want) {
			t.Errorf("case lacks %q:\n%s", want, got)
		}
	}
	if got := h.reply(h.w.Moderator, "!case 7"); got != "There is no case #7." {
		t.Errorf("missing case = %q", got)
	}
	if got := h.reply(mod2, "!reason 1 hijacked"); got != "Case #1 is another moderator's; editing it needs Manage Server." {
		t.Errorf("other moderator = %q", got)
	}
	if got := h.reply(h.w.Alice, "!reason 1 x"); got != "You need these permissions: Timeout Members." {
		t.Errorf("member = %q", got)
	}
	ms := h.say(h.w.Moderator, "!reason 1 spamming **links** @here")
	if got := text(in(ms, h.w.General)[0]); got != "Case #1: reason updated." {
		t.Fatalf("reason = %q", got)
	}
	if log := in(ms, h.w.Modlog); len(log) != 0 {
		t.Fatalf("reason posted a new modlog entry: %q", texts(log))
	}
	if log := h.emu.Messages(h.w.Modlog); len(log) != 1 || !strings.Contains(text(log[0]), "Reason: spamming \\*\\*links\\*\\* @\u200bhere") {
		t.Fatalf("modlog (edited in place) = %q", texts(log))
	}
	c, _ := h.st.Case(context.Background(), h.w.Guild, 1)
	if c.Reason != "spamming **links** @here" || c.EditedBy != h.w.Moderator || c.EditedAt.IsZero() {
		t.Fatalf("case = %+v", c)
	}
	if got := h.reply(h.w.Owner, "!reason 1 owner edit"); got != "Case #1: reason updated." {
		t.Fatalf("owner (Manage Server) = %q", got)
	}
}
