package command

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestAccessFor(t *testing.T) {
	ownerGroup := mustTable(t, Group{Name: "Owner", Checks: []Check{IsOwner()}, Commands: []*Command{{Name: "shutdown", Run: nop}}})
	tests := []struct {
		name  string
		cmd   *Command
		owner bool
		dm    bool
		setup func(*fakeDiscord)
		want  Access
	}{
		{name: "no checks", cmd: &Command{Name: "ping", Run: nop}, want: Access{Allowed: true}},
		{name: "missing permission", cmd: &Command{Name: "ban", Permissions: ban, Run: nop}, want: Access{Reason: "Needs: Ban Members"}},
		{name: "granted", cmd: &Command{Name: "ban", Permissions: ban, Run: nop}, setup: grantBan, want: Access{Allowed: true}},
		{name: "bot lacks permission: still listed", cmd: &Command{Name: "purge", BotPermissions: manage, Run: nop}, want: Access{Allowed: true}},
		{name: "servers only in a DM", cmd: &Command{Name: "ban", GuildOnly: true, Run: nop}, dm: true, want: Access{Reason: "Servers only"}},
		{name: "owner check, member", cmd: ownerGroup.Find("shutdown"), want: Access{OwnerOnly: true, Reason: "Owner only"}},
		{name: "owner check, owner", cmd: ownerGroup.Find("shutdown"), owner: true, want: Access{Allowed: true, OwnerOnly: true}},
		{name: "owner, open command", cmd: &Command{Name: "ping", Run: nop}, owner: true, want: Access{Allowed: true}},
		{name: "predicate", cmd: &Command{Name: "x", Run: nop, Checks: []Check{Predicate("nsfw", "Only in NSFW channels.", func(context.Context, *Context) bool { return false })}},
			want: Access{Reason: "Only in NSFW channels."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := peopleFake()
			if tt.setup != nil {
				tt.setup(f)
			}
			c := newContext(f, tt.cmd, testUser(aliceID, "alice"), "")
			if tt.dm {
				c.Origin.GuildID = ""
			}
			c.IsOwner = func(id string) bool { return tt.owner && id == aliceID }
			if got := AccessFor(context.Background(), c, tt.cmd); got != tt.want {
				t.Errorf("AccessFor = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestHelpGroupPagesWithinLimits(t *testing.T) {
	g := Group{Name: "Big"}
	for i := range 60 {
		g.Commands = append(g.Commands, &Command{Name: fmt.Sprintf("c%02d", i), Description: strings.Repeat("long words ", 20), Run: nop})
	}
	tbl := mustTable(t, g)
	big, _ := tbl.Group("big")
	pages := HelpGroup(big, "!", nil)
	if len(pages) < 2 {
		t.Fatalf("%d pages; want several", len(pages))
	}
	seen := 0
	for _, e := range pages {
		checkEmbedLimits(t, e)
		for _, f := range e.Fields {
			seen += strings.Count(f.Value, "`!c")
		}
	}
	if seen != 60 {
		t.Errorf("group lists %d commands; want 60", seen)
	}
}

func TestMessagePages(t *testing.T) {
	embed := func(n int) *discordgo.MessageEmbed {
		return &discordgo.MessageEmbed{Description: strings.Repeat("x", n)}
	}
	sizes := func(msgs [][]*discordgo.MessageEmbed) string {
		var out []string
		for _, m := range msgs {
			out = append(out, fmt.Sprint(len(m)))
		}
		return strings.Join(out, ",")
	}
	var small, big []*discordgo.MessageEmbed
	for range 23 {
		small = append(small, embed(10))
	}
	for range 3 {
		big = append(big, embed(5400))
	}
	tests := []struct {
		name   string
		embeds []*discordgo.MessageEmbed
		want   string
	}{
		{"none", nil, ""},
		{"ten per message", small, "10,10,3"},
		{"6000 characters per message", big, "1,1,1"},
		{"both limits", []*discordgo.MessageEmbed{embed(3000), embed(3000), embed(1)}, "2,1"},
	}
	for _, tt := range tests {
		msgs := MessagePages(tt.embeds)
		if got := sizes(msgs); got != tt.want {
			t.Errorf("%s: message sizes %q, want %q", tt.name, got, tt.want)
		}
		for _, m := range msgs {
			total := 0
			for _, e := range m {
				total += EmbedLength(e)
			}
			if len(m) > MessageEmbedLimit || total > EmbedTotalLimit {
				t.Errorf("%s: a message has %d embeds, %d characters", tt.name, len(m), total)
			}
		}
	}
}
