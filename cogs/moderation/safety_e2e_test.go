package moderation_test

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/discordtest"
)

// TestSafetyRefusals runs every safety rule against every command it
// guards: each is refused with a clear reply, before any REST mutation
// (no ban, kick, edit, DM or modlog post) and without a case.
func TestSafetyRefusals(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	w := h.w
	mod2 := h.member("mod2", w.ModRole)
	senior := h.emu.AddRole(w.Guild, discordtest.Role{Name: "Senior", Position: 4})
	h.member("boss", senior)
	admins := h.emu.AddRole(w.Guild, discordtest.Role{Name: "Admins", Position: 1, Permissions: discordgo.PermissionAdministrator})
	h.member("admin", admins)
	h.emu.SetTimeout(w.Guild, w.Bob, h.clock.Now().Add(-1)) // an expired timeout
	tests := []struct {
		name, author, cmd, want string
	}{
		{"warn self", w.Moderator, "!warn mod", "You can't do that to yourself."},
		{"kick self", w.Moderator, "!kick " + w.Moderator, "You can't do that to yourself."},
		{"warn bot", w.Moderator, "!warn " + h.emu.BotID(), "I won't do that to myself."},
		{"kick bot", w.Moderator, "!kick " + mention(h.emu.BotID()), "I won't do that to myself."},
		{"ban bot", w.Moderator, "!ban " + h.emu.BotID(), "I won't do that to myself."},
		{"ban owner", w.Moderator, "!ban " + w.Owner + " raid", "The server owner can't be moderated."},
		{"timeout owner", w.Moderator, "!timeout you 1h", "The server owner can't be moderated."},
		{"kick equal rank", w.Moderator, "!kick mod2", "You can't moderate mod2: their highest role is not below yours."},
		{"ban equal rank", w.Moderator, "!ban " + mod2, "You can't moderate mod2"},
		{"timeout higher rank", w.Moderator, "!timeout boss 1h", "You can't moderate boss"},
		{"warn above the bot (owner exempt)", w.Owner, "!warn boss", "I can't moderate boss: their highest role is not below mine."},
		{"ban above the bot", w.Owner, "!ban boss 1d", "I can't moderate boss"},
		{"untimeout above the bot", w.Owner, "!untimeout boss", "I can't moderate boss"},
		{"timeout an administrator", w.Owner, "!timeout admin 1h", "admin is an administrator"},
		{"untimeout without timeout", w.Moderator, "!untimeout bob", "bob is not timed out."},
		{"invoker lacks permission", w.Alice, "!kick bob", "You need these permissions: Kick Members."},
		{"invoker lacks permission to warn", w.Alice, "!warn bob", "You need these permissions: Timeout Members."},
		{"timeout too long", w.Moderator, "!timeout alice 29d", "out of range"},
		{"purge too many", w.Moderator, "!purge 1001", "out of range"},
	}
	mark := h.mark()
	for _, tt := range tests {
		if got := h.reply(tt.author, tt.cmd); !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q\n got %q\nwant %q", tt.name, tt.cmd, got, tt.want)
		}
	}
	if m := h.mutations(h.since(mark)); len(m) != 0 {
		t.Errorf("refused commands made REST mutations: %v (general %s, modlog %s)", m, h.w.General, h.w.Modlog)
		for _, r := range h.since(mark) {
			t.Logf("%s %s %s", r.Method, r.Path, r.Body)
		}
	}
	if cs := h.cases(); len(cs) != 0 {
		t.Errorf("refused commands stored cases: %+v", cs)
	}
}

// TestBotMissingPermissions: without Ban Members the bot refuses before
// calling Discord.
func TestBotMissingPermissions(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.emu.AddRole(h.w.Guild, discordtest.Role{ID: h.w.BotRole, Name: "cogd", Position: 3,
		Permissions: discordtest.DefaultBotPermissions &^ discordgo.PermissionBanMembers})
	mark := h.mark()
	if got := h.reply(h.w.Moderator, "!ban alice"); got != "I need these permissions: Ban Members." {
		t.Fatalf("reply = %q", got)
	}
	if m := h.mutations(h.since(mark)); len(m) != 0 {
		t.Errorf("mutations: %v", m)
	}
}

// TestAuditLogReason: the reason reaches the audit log URL-encoded, intact
// with a newline and non-ASCII text, and bounded to 512 characters.
func TestAuditLogReason(t *testing.T) {
	t.Parallel()
	h := start(t)
	reason := "line one\nline two — ünïcödé 🚀 100% \"quoted\" & more"
	mark := h.mark()
	if got := h.reply(h.w.Moderator, "!ban alice "+reason); !strings.HasPrefix(got, "Case #1: banned **alice**") {
		t.Fatalf("ban = %q", got)
	}
	want := "By mod (" + h.w.Moderator + "): " + reason
	if got, banned := h.emu.Ban(h.w.Guild, h.w.Alice); !banned || got != want {
		t.Fatalf("emulator ban reason = %q (banned %v), want %q", got, banned, want)
	}
	raw := h.find(mark, "PUT", "/bans/"+h.w.Alice).Header.Get("X-Audit-Log-Reason")
	if dec, err := url.PathUnescape(raw); err != nil || dec != want || strings.ContainsAny(raw, "\n ") {
		t.Fatalf("header %q decodes to %q (%v)", raw, dec, err)
	}
	if c := h.lastCase(); c.Reason != reason {
		t.Fatalf("case reason = %q", c.Reason)
	}
	long := strings.Repeat("é", 600)
	mark = h.mark()
	h.reply(h.w.Moderator, "!kick bob "+long)
	dec, err := url.PathUnescape(h.find(mark, "DELETE", "/members/"+h.w.Bob).Header.Get("X-Audit-Log-Reason"))
	if err != nil || utf8.RuneCountInString(dec) != 512 || !strings.HasPrefix(dec, "By mod (") || !strings.HasSuffix(dec, "é…") {
		t.Fatalf("long reason: %d characters, %q…, err %v", utf8.RuneCountInString(dec), dec[:20], err)
	}
}
