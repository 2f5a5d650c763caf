package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/bot"
	"cogd/internal/bot/bottest"
	"cogd/internal/command"
	"cogd/internal/discordtest"
)

// paramsCog has commands that exercise typed parameters and checks.
func paramsCog() bot.CogInfo { return bottest.Commands("params", paramsCommands()...) }

func paramsCommands() []*command.Command {
	return []*command.Command{
		{Name: "sanction", Description: "Member, duration and reason.", GuildOnly: true,
			Params: []command.Param{command.Member("member", "who"), command.Duration("duration", "how long"),
				command.String("reason", "why").Rest()},
			Run: func(ctx context.Context, c *command.Context) error {
				return c.Reply(ctx, fmt.Sprintf("member=%s duration=%s reason=%s",
					c.Member("member").User.Username, c.Duration("duration"), c.String("reason")))
			}},
		{Name: "banish", Description: "Needs Ban Members.", GuildOnly: true, Permissions: discordgo.PermissionBanMembers,
			Run: func(ctx context.Context, c *command.Context) error { return c.Reply(ctx, "banished") }},
		{Name: "rename", Description: "The bot needs Manage Nicknames.", GuildOnly: true, BotPermissions: discordgo.PermissionManageNicknames,
			Run: func(ctx context.Context, c *command.Context) error { return c.Reply(ctx, "renamed") }},
		{Name: "once", Description: "Once an hour.", Cooldown: &command.Cooldown{Rate: 1, Per: time.Hour, Bucket: command.BucketUser},
			Run: func(ctx context.Context, c *command.Context) error { return c.Reply(ctx, "done") }},
	}
}

// paramsWorld adds members whose names test the member converter.
func paramsWorld(h *harness) (bigBob, bobby string) {
	bigBob = h.emu.AddUser(discordtest.User{Username: "robert", GlobalName: "Robert B"})
	h.emu.AddMember(h.world.Guild, bigBob, nil, "Big Bob")
	bobby = h.emu.AddUser(discordtest.User{Username: "bobby"})
	h.emu.AddMember(h.world.Guild, bobby, nil, "")
	cat := h.emu.AddUser(discordtest.User{Username: "bobcat"})
	h.emu.AddMember(h.world.Guild, cat, nil, "")
	return bigBob, bobby
}

func TestTypedParamsEndToEnd(t *testing.T) {
	t.Parallel()
	for _, full := range []bool{false, true} {
		t.Run(fmt.Sprintf("full member list %v", full), func(t *testing.T) {
			t.Parallel()
			h := start(t, discordtest.Options{FullMemberList: full}, paramsCog())
			bigBob, _ := paramsWorld(h)
			tests := []struct{ in, want string }{
				{"!sanction <@" + h.world.Alice + "> 10m spamming links", "member=alice duration=10m0s reason=spamming links"},
				{"!sanction <@!" + h.world.Alice + "> 1h30m x", "member=alice duration=1h30m0s reason=x"},
				{"!sanction " + h.world.Alice + " 2d  I don’t like “spam”  ", "member=alice duration=48h0m0s reason=I don’t like “spam”"},
				{"!sanction alice 90s \"whole reason quoted\"", "member=alice duration=1m30s reason=whole reason quoted"},
				{"!sanction ALICE 1w x", "member=alice duration=168h0m0s reason=x"},
				{"!sanction \"Big Bob\" 10m nick with a space", "member=robert duration=10m0s reason=nick with a space"},
				{"!sanction “Robert B” 10m global name", "member=robert duration=10m0s reason=global name"},
				{"!sanction " + bigBob + " 10m by id", "member=robert duration=10m0s reason=by id"},
			}
			for _, tt := range tests {
				if got := h.one(h.world.Owner, tt.in); got != tt.want {
					t.Errorf("%s\n got %q\nwant %q", tt.in, got, tt.want)
				}
			}
		})
	}
}

func TestEachErrorKindHasItsMessage(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, paramsCog(), (&testCog{}).info())
	paramsWorld(h)
	tests := []struct {
		name, author, in string
		want             []string
	}{
		{"missing argument", h.world.Alice, "!sanction", []string{"member", "Usage: `!sanction <member> <duration> <reason…>`"}},
		{"bad duration", h.world.Alice, "!sanction alice soon x", []string{"duration", "soon"}},
		{"unknown member", h.world.Alice, "!sanction nobodyhere 10m x", []string{"member", "nobodyhere"}},
		{"unclosed quote", h.world.Alice, "!sanction \"alice 10m x", []string{"quote"}},
		{"too many arguments", h.world.Alice, "!whois 1 2", []string{"2"}},
		{"missing permissions", h.world.Alice, "!banish", []string{"Ban Members"}},
		{"bot missing permissions", h.world.Owner, "!rename", []string{"Manage Nicknames"}},
		{"not owner", h.world.Alice, "!secret", []string{"owner"}},
	}
	for _, tt := range tests {
		got := h.one(tt.author, tt.in)
		for _, want := range tt.want {
			if !strings.Contains(got, want) {
				t.Errorf("%s: %q lacks %q", tt.name, got, want)
			}
		}
		if strings.Contains(got, "reference `") {
			t.Errorf("%s: answered as an internal error: %q", tt.name, got)
		}
	}
	// bobby and bobcat joined after start-up (in state), bob did not: the
	// ambiguity must still include him.
	if got := h.one(h.world.Alice, "!sanction bo 10m x"); !strings.Contains(got, "bobby") || !strings.Contains(got, "bobcat") || !strings.Contains(got, "(bob)") {
		t.Errorf("ambiguous: %q should list all three candidates", got)
	}
	if got := h.one(h.world.Alice, "!once"); got != "done" {
		t.Fatalf("once: %q", got)
	}
	if got := h.one(h.world.Alice, "!once"); !strings.Contains(got, "again in 1h") {
		t.Errorf("cooldown: %q", got)
	}
	dm := h.emu.DMChannel(h.world.Alice)
	rs := h.sayIn(dm, h.world.Alice, "!sanction alice 10m x")
	if len(rs) != 1 || !strings.Contains(strings.ToLower(rs[0].Content), "server") {
		t.Errorf("guild only in DM: %v", texts(rs))
	}
}
