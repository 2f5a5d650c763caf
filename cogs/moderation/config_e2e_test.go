package moderation_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation"
	"cogd/cogs/moderation/modstore"
	"cogd/internal/discordtest"
)

func TestModlogCommand(t *testing.T) {
	t.Parallel()
	h := start(t)
	secret := h.emu.AddChannel(h.w.Guild, discordtest.Channel{Name: "secret", Overwrites: []*discordgo.PermissionOverwrite{
		{ID: h.w.BotRole, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionSendMessages}}})
	steps := []struct{ author, cmd, want string }{
		{h.w.Moderator, "!modlog", "You need these permissions: Manage Server."},
		{h.w.Owner, "!modlog", "The modlog is off. Set it with `!modlog #channel`."},
		{h.w.Owner, "!modlog <#" + secret + ">", "I can't post in <#" + secret + ">: I need Send Messages there."},
		{h.w.Owner, "!modlog #modlog", "Cases will be posted to <#" + h.w.Modlog + ">."},
		{h.w.Owner, "!modlog", "Cases are posted to <#" + h.w.Modlog + ">."},
	}
	for _, s := range steps {
		if got := h.reply(s.author, s.cmd); got != s.want {
			t.Fatalf("%s = %q, want %q", s.cmd, got, s.want)
		}
	}
	if ms := in(h.say(h.w.Moderator, "!warn alice"), h.w.Modlog); len(ms) != 1 {
		t.Fatalf("no modlog post: %q", texts(ms))
	}
	if got := h.reply(h.w.Owner, "!modlog off"); got != "The modlog is off." {
		t.Fatalf("off = %q", got)
	}
	if ms := in(h.say(h.w.Moderator, "!warn alice"), h.w.Modlog); len(ms) != 0 {
		t.Fatalf("posted with the modlog off: %q", texts(ms))
	}
}

func TestConfig(t *testing.T) {
	t.Parallel()
	h := start(t)
	steps := []struct{ author, cmd, want string }{
		{h.w.Moderator, "!config show", "You need these permissions: Manage Server."},
		{h.w.Owner, "!config", "This command needs a subcommand."},
		{h.w.Owner, "!config escalation 3 timeout", "A timeout needs a duration, e.g. `timeout 1h`."},
		{h.w.Owner, "!config escalation 3 timeout 29d", "A timeout lasts at most 28 days."},
		{h.w.Owner, "!config escalation 3 kick 1h", "A kick has no duration."},
		{h.w.Owner, "!config escalation 3 slap", "is not timeout, kick, ban or off"},
		{h.w.Owner, "!config escalation 3 timeout 1h", "Reaching 3 points now means a 1h timeout."},
		{h.w.Owner, "!config escalation 5 kick", "Reaching 5 points now means a kick."},
		{h.w.Owner, "!config escalation 7 ban", "Reaching 7 points now means a ban."},
		{h.w.Owner, "!config escalation 9 ban 30d", "Reaching 9 points now means a 4w2d ban."},
		{h.w.Owner, "!config escalation 9 off", "Reaching 9 points no longer does anything."},
		{h.w.Owner, "!config decay 30", "Warnings now count for 30 days."},
		{h.w.Owner, "!config welcome #welcome Hi {user}, welcome to {server}!", "New members will be welcomed in <#" + h.w.Welcome + ">."},
		{h.w.Owner, "!config prefix a`b", "That can't be the prefix: “a\\`b” contains @, # or \\`."},
		{h.w.Owner, "!config prefix ?", "The prefix is now `?`."},
	}
	for _, s := range steps {
		if got := h.reply(s.author, s.cmd); !strings.Contains(got, s.want) {
			t.Fatalf("%s = %q, want %q", s.cmd, got, s.want)
		}
	}
	set, _ := h.st.GuildSettings(context.Background(), h.w.Guild)
	want := modstore.EscalationPolicy{{Points: 3, Action: modstore.ActionTimeout, Duration: time.Hour}, {Points: 5, Action: modstore.ActionKick},
		{Points: 7, Action: modstore.ActionBan}}
	if set.Prefix != "?" || set.WarnDecayDays != 30 || set.WelcomeChannelID != h.w.Welcome ||
		set.WelcomeMessage != "Hi {user}, welcome to {server}!" || !equalPolicy(set.Escalation, want) {
		t.Fatalf("settings = %+v", set)
	}
	// The prefix cache was told: the new prefix works at once, the old one not.
	if ms := h.say(h.w.Owner, "!config show"); len(ms) != 0 {
		t.Fatalf("old prefix still answered: %q", texts(ms))
	}
	show := h.say(h.w.Owner, "?config show")[0].Embeds[0]
	golden := strings.ReplaceAll(string(moderation.IndentJSON(t, show)), h.w.Welcome, "WELCOME_CHANNEL_ID")
	moderation.AssertGolden(t, "e2e_config_show.json", []byte(golden))
	if got := h.reply(h.w.Owner, "?config prefix reset"); got != "The prefix is back to the default." {
		t.Fatalf("reset = %q", got)
	}
	for p := 10; p < 17; p++ {
		h.reply(h.w.Owner, fmt.Sprintf("!config escalation %d kick", p))
	}
	if got := h.reply(h.w.Owner, "!config escalation 20 kick"); got != "At most 10 escalation steps." {
		t.Fatalf("11th step = %q", got)
	}
	if got := h.reply(h.w.Owner, "!config escalation clear"); got != "Warnings no longer escalate." {
		t.Fatalf("clear = %q", got)
	}
	if set, _ := h.st.GuildSettings(context.Background(), h.w.Guild); set.Prefix != "" || len(set.Escalation) != 0 {
		t.Fatalf("after reset and clear: %+v", set)
	}
}

// equalPolicy compares policies step by step.
func equalPolicy(a, b modstore.EscalationPolicy) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestWelcome(t *testing.T) {
	t.Parallel()
	h := start(t)
	// Default: the channel named #welcome, the default template.
	carol := h.emu.AddUser(discordtest.User{Username: "carol_@everyone"})
	h.emu.AddMember(h.w.Guild, carol, nil, "")
	h.eventually("default welcome", func() bool { return h.welcomed(carol) })
	e := h.emu.Messages(h.w.Welcome)[0].Embeds[0]
	if e.Title != "Welcome to Demo Server!" || e.Description != "Welcome to Demo Server, "+mention(carol)+"! You are member #6." {
		t.Fatalf("default welcome = %q / %q", e.Title, e.Description)
	}
	// Configured: another channel, a template with every placeholder.
	h.reply(h.w.Owner, "!config welcome #modlog **{name}** joined {server} as member {count} ({user})")
	dave := h.emu.AddUser(discordtest.User{Username: "dave_*bold*"})
	h.emu.AddMember(h.w.Guild, dave, nil, "")
	h.eventually("configured welcome", func() bool { return h.lastWelcome(h.w.Modlog) != "" })
	got := h.lastWelcome(h.w.Modlog)
	if got != "**dave\\_\\*bold\\*** joined Demo Server as member 7 ("+mention(dave)+")" {
		t.Fatalf("configured welcome = %q", got)
	}
	if n := len(h.emu.Messages(h.w.Welcome)); n != 1 {
		t.Fatalf("#welcome got %d welcomes, want only carol's", n)
	}
	// Off: nothing anywhere.
	h.reply(h.w.Owner, "!config welcome off")
	erin := h.emu.AddUser(discordtest.User{Username: "erin"})
	mark := h.mark()
	h.emu.AddMember(h.w.Guild, erin, nil, "")
	h.reply(h.w.Owner, "!modlog") // a round trip after the join
	time.Sleep(50 * time.Millisecond)
	if m := h.mutations(h.since(mark)); len(m) != 0 {
		t.Fatalf("welcomed with welcomes off: %v", m)
	}
}

// lastWelcome is the description of the last embed in channel.
func (h *harness) lastWelcome(channel string) string {
	ms := h.emu.Messages(channel)
	for i := len(ms) - 1; i >= 0; i-- {
		if len(ms[i].Embeds) == 1 {
			return ms[i].Embeds[0].Description
		}
	}
	return ""
}

func TestNoWelcomeChannel(t *testing.T) {
	t.Parallel()
	h := start(t)
	// A second guild without #welcome: nothing is posted for its joins.
	g := h.emu.AddGuild(discordtest.Guild{Name: "Quiet", OwnerID: h.w.Owner})
	general := h.emu.AddChannel(g, discordtest.Channel{Name: "general"})
	frank := h.emu.AddUser(discordtest.User{Username: "frank"})
	mark := h.mark()
	h.emu.AddMember(g, frank, nil, "")
	h.emu.AddMember(g, h.w.Moderator, nil, "")
	time.Sleep(50 * time.Millisecond)
	h.reply(h.w.Owner, "!modlog")
	if m := h.mutations(h.since(mark)); len(m) != 0 || len(h.emu.Messages(general)) != 0 {
		t.Fatalf("welcomed without a welcome channel: %v", m)
	}
}
