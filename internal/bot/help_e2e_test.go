package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/bot"
	"cogd/internal/command"
	"cogd/internal/discordtest"
)

// helpCog has commands for moderators only, and optionally many more.
type helpCog struct {
	name  string
	extra int
}

func (c *helpCog) info() bot.CogInfo {
	return bot.CogInfo{Name: c.name, Description: "Commands for help tests.", New: func() bot.Cog { return c }}
}

func (c *helpCog) Setup(r *bot.Registrar) error {
	reply := func(ctx context.Context, cx *command.Context) error { return cx.Reply(ctx, "done") }
	r.Command(&command.Command{Name: "hammer", Description: "Bans by the book.", GuildOnly: true,
		Permissions: discordgo.PermissionBanMembers, Run: reply})
	r.Command(&command.Command{Name: "tidy", Description: "Manages messages.", GuildOnly: true,
		Permissions: discordgo.PermissionManageMessages, Run: reply})
	for i := range c.extra {
		r.Command(&command.Command{Name: fmt.Sprintf("x%03d", i), Description: strings.Repeat("a long description ", 9), Run: reply, Slash: command.SlashOff}) // help limits, not slash ones
	}
	return nil
}

// TestHelpFiltersByCaller: help lists only what the caller can run, says
// why for a command they cannot, and marks owner-only commands to owners.
func TestHelpFiltersByCaller(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, (&testCog{}).info(), (&helpCog{name: "mods"}).info())
	member := strings.Join(texts(h.say(h.world.Alice, "!help")), "\n")
	for _, hidden := range []string{"!hammer", "!tidy", "!secret"} {
		if strings.Contains(member, hidden) {
			t.Errorf("member's help lists %s:\n%s", hidden, member)
		}
	}
	if strings.Contains(member, "(owner only)") || !strings.Contains(member, "!ping") {
		t.Errorf("member's help:\n%s", member)
	}
	steps := []struct {
		who, name, cmd string
		want, not      []string
	}{
		{h.world.Alice, "member", "!help mods", []string{"You can't use any command of mods here."}, []string{"!hammer", "!tidy"}},
		{h.world.Moderator, "moderator", "!help mods", []string{"`!hammer`", "`!tidy`"}, []string{"You can't use"}},
		{h.world.Alice, "member", "!help hammer", []string{"**You can't use this command here.** Needs: Ban Members.", "!hammer"}, nil},
		{h.world.Alice, "member", "!help secret", []string{"**You can't use this command here.** Owner only.", "Who: Bot owners only"}, nil},
		{h.world.Owner, "owner", "!help secret", []string{"Who: Bot owners only"}, []string{"You can't use"}},
		{h.world.Moderator, "moderator", "!help hammer", []string{"!hammer", "You need: Ban Members"}, []string{"You can't use"}},
		{h.world.Owner, "owner", "!help testing", []string{"`!secret` (owner only)\nOwner only.", "`!echo <text…>`\nRepeats the text.\n"}, nil},
	}
	for _, s := range steps {
		got := h.one(s.who, s.cmd)
		for _, w := range s.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s %s lacks %q:\n%s", s.name, s.cmd, w, got)
			}
		}
		for _, n := range s.not {
			if strings.Contains(got, n) {
				t.Errorf("%s %s shows %q:\n%s", s.name, s.cmd, n, got)
			}
		}
	}
	owner := strings.Join(texts(h.say(h.world.Owner, "!help")), "\n")
	if !strings.Contains(owner, "`!secret` — Owner only. (owner only)") || strings.Contains(owner, "`!ping` — Checks the bot's latency. (owner only)") {
		t.Errorf("owner's help does not mark owner-only commands (only them):\n%s", owner)
	}
}

// TestHelpMessagesWithinDiscordLimits: a long index is sent as several
// messages, none over 10 embeds or 6000 characters across its embeds, and
// every command is listed once.
func TestHelpMessagesWithinDiscordLimits(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, (&helpCog{name: "big", extra: 150}).info())
	for _, query := range []string{"!help", "!help big"} {
		msgs := h.say(h.world.Owner, query)
		if len(msgs) < 2 {
			t.Fatalf("%s: %d messages; want several", query, len(msgs))
		}
		listed := 0
		for _, m := range msgs {
			total := 0
			for _, e := range m.Embeds {
				total += command.EmbedLength(e)
				for _, f := range e.Fields {
					listed += strings.Count(f.Value, "`!x")
				}
			}
			if len(m.Embeds) == 0 || len(m.Embeds) > 10 || total > 6000 {
				t.Errorf("%s: a message has %d embeds and %d characters", query, len(m.Embeds), total)
			}
		}
		if listed != 150 {
			t.Errorf("%s lists %d of the 150 commands", query, listed)
		}
	}
}
