package appcmd_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/appcmd"
	"cogd/internal/command"
	"cogd/internal/golden"
)

var update = flag.Bool("update", false, "rewrite golden files")

func run(context.Context, *command.Context) error { return nil }

// representative is a set of commands covering every parameter kind,
// subcommands, a group with its own Run, permissions and a context menu.
func representative() ([]*command.Command, []command.ContextMenu) {
	cmds := []*command.Command{
		{Name: "ping", Description: "Checks that the bot answers.", Run: run},
		{Name: "warn", Description: "Warns a member.", GuildOnly: true, Permissions: discordgo.PermissionModerateMembers,
			Params: []command.Param{command.Member("member", "who to warn"),
				command.Int("points", "warning points").Optional(1).Min(1).Max(100),
				command.String("reason", "why").Rest().MaxLen(1000).Optional("")}, Run: run},
		{Name: "kinds", Description: "Every kind of parameter.", Params: []command.Param{
			command.String("text", "").MinLen(2).MaxLen(20),
			command.Int("count", "a count").Min(0).Max(0),
			command.Float("ratio", "a ratio").Min(-1.5).Max(2.5),
			command.Bool("flag", "yes or no"),
			command.User("user", "a user"),
			command.Role("role", "a role"),
			command.TextChannel("channel", "a channel"),
			command.Duration("duration", "how long").Max(time.Hour),
			command.Custom("action", "what to do", func(_ context.Context, _ *command.Context, s string) (string, error) { return s, nil }).
				Choices("timeout", "kick", "ban"),
			command.Int("size", "a size").Choices("1", "2", "3").Optional(1),
			command.String("words", "several words").Greedy().Optional(""),
		}, Run: run},
		{Name: "modlog", Description: "Shows or sets the modlog channel.", GuildOnly: true, Permissions: discordgo.PermissionManageServer,
			Params: []command.Param{command.TextChannel("channel", "the channel").Optional(nil)}, Run: run,
			Subcommands: []*command.Command{{Name: "off", Description: "Stops the modlog.", GuildOnly: true,
				Permissions: discordgo.PermissionManageServer, Run: run}}},
		{Name: "config", Description: "Settings.", Subcommands: []*command.Command{
			{Name: "show", Description: "Shows the settings.", Run: run, Permissions: discordgo.PermissionManageServer | discordgo.PermissionBanMembers},
			{Name: "prefix", Description: "Sets the prefix.", Permissions: discordgo.PermissionManageServer,
				Params: []command.Param{command.String("prefix", "the prefix").MaxLen(10)}, Run: run,
				Subcommands: []*command.Command{{Name: "reset", Description: "Resets the prefix.", Permissions: discordgo.PermissionManageServer, Run: run}}},
		}},
		{Name: "shutdown", Description: "Stops the bot.", Slash: command.SlashOff, Run: run},
		{Name: "secret", Description: "Hidden.", Hidden: true, Run: run},
		{Name: "purgeall", Description: "Admins only.", Slash: command.SlashAdminOnly, Run: run},
	}
	menus := []command.ContextMenu{
		{Name: "User info", Type: command.UserMenu, Run: run},
		{Name: "Warnings", Type: command.UserMenu, GuildOnly: true, Permissions: discordgo.PermissionModerateMembers, Run: run},
		{Name: "Report to moderators", Type: command.MessageMenu, GuildOnly: true, Run: run},
	}
	return cmds, menus
}

func TestBuildGolden(t *testing.T) {
	cmds, menus := representative()
	got, err := appcmd.Build(cmds, menus)
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, filepath.Join("testdata", "representative.golden.json"), golden.JSON(t, got), *update)
}

// optionOf builds one command with params and returns its first option.
func optionOf(t *testing.T, p command.Param) *discordgo.ApplicationCommandOption {
	t.Helper()
	got, err := appcmd.Build([]*command.Command{{Name: "x", Description: "x", Params: []command.Param{p}, Run: run}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return got[0].Options[0]
}

func TestParamKinds(t *testing.T) {
	custom := func(_ context.Context, _ *command.Context, s string) (string, error) { return s, nil }
	tests := []struct {
		name  string
		param command.Param
		want  discordgo.ApplicationCommandOptionType
		check func(*testing.T, *discordgo.ApplicationCommandOption)
	}{
		{"string", command.String("s", "d").MinLen(2).MaxLen(5), discordgo.ApplicationCommandOptionString, func(t *testing.T, o *discordgo.ApplicationCommandOption) {
			if o.MinLength == nil || *o.MinLength != 2 || o.MaxLength != 5 {
				t.Errorf("length bounds %v %d", o.MinLength, o.MaxLength)
			}
		}},
		{"rest", command.String("s", "d").Rest(), discordgo.ApplicationCommandOptionString, nil},
		{"greedy int", command.Int("n", "d").Greedy(), discordgo.ApplicationCommandOptionString, nil},
		{"int", command.Int("n", "d").Min(1).Max(9), discordgo.ApplicationCommandOptionInteger, func(t *testing.T, o *discordgo.ApplicationCommandOption) {
			if o.MinValue == nil || *o.MinValue != 1 || o.MaxValue != 9 {
				t.Errorf("bounds %v %v", o.MinValue, o.MaxValue)
			}
		}},
		{"float", command.Float("f", "d").Min(0.5), discordgo.ApplicationCommandOptionNumber, nil},
		{"bool", command.Bool("b", "d"), discordgo.ApplicationCommandOptionBoolean, nil},
		{"member", command.Member("m", "d"), discordgo.ApplicationCommandOptionUser, nil},
		{"user", command.User("u", "d"), discordgo.ApplicationCommandOptionUser, nil},
		{"role", command.Role("r", "d"), discordgo.ApplicationCommandOptionRole, nil},
		{"channel", command.TextChannel("c", "d"), discordgo.ApplicationCommandOptionChannel, func(t *testing.T, o *discordgo.ApplicationCommandOption) {
			want := []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews,
				discordgo.ChannelTypeGuildNewsThread, discordgo.ChannelTypeGuildPublicThread, discordgo.ChannelTypeGuildPrivateThread}
			if len(o.ChannelTypes) != len(want) {
				t.Fatalf("channel types %v", o.ChannelTypes)
			}
			for i := range want {
				if o.ChannelTypes[i] != want[i] {
					t.Errorf("channel types %v", o.ChannelTypes)
				}
			}
		}},
		{"duration", command.Duration("d", "d").Min(time.Second), discordgo.ApplicationCommandOptionString, func(t *testing.T, o *discordgo.ApplicationCommandOption) {
			if o.MinValue != nil || o.MinLength != nil {
				t.Errorf("a duration has no numeric bounds in the slash form")
			}
		}},
		{"custom choices", command.Custom("a", "d", custom).Choices("x", "y"), discordgo.ApplicationCommandOptionString, func(t *testing.T, o *discordgo.ApplicationCommandOption) {
			if len(o.Choices) != 2 || o.Choices[1].Value != "y" {
				t.Errorf("choices %v", o.Choices)
			}
		}},
		{"int choices", command.Int("n", "d").Choices("3", "5"), discordgo.ApplicationCommandOptionInteger, func(t *testing.T, o *discordgo.ApplicationCommandOption) {
			if len(o.Choices) != 2 || o.Choices[0].Value != 3.0 {
				t.Errorf("choices %v", o.Choices)
			}
		}},
		{"empty description", command.Int("n", "").Min(1).Max(10), discordgo.ApplicationCommandOptionInteger, func(t *testing.T, o *discordgo.ApplicationCommandOption) {
			if o.Description != "whole number, 1 to 10" {
				t.Errorf("description %q", o.Description)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := optionOf(t, tt.param)
			if o.Type != tt.want || !o.Required {
				t.Fatalf("type %v required %v, want %v required", o.Type, o.Required, tt.want)
			}
			if tt.check != nil {
				tt.check(t, o)
			}
		})
	}
}

func TestDefinitionErrors(t *testing.T) {
	long := strings.Repeat("x", 101)
	many := make([]command.Param, 26)
	for i := range many {
		many[i] = command.Bool("b"+strings.Repeat("x", i), "d")
	}
	choices := make([]string, 26)
	for i := range choices {
		choices[i] = strings.Repeat("c", i+1)
	}
	deep := &command.Command{Name: "deep", Description: "d", Subcommands: []*command.Command{{Name: "a", Description: "d",
		Subcommands: []*command.Command{{Name: "b", Description: "d", Subcommands: []*command.Command{{Name: "c", Description: "d", Run: run}}}}}}}
	tests := []struct {
		name   string
		cmd    *command.Command
		menu   *command.ContextMenu
		owner  string
		reason string
	}{
		{"bad command name", &command.Command{Name: "wa.rn", Description: "d", Run: run}, nil, "/wa.rn", "command name"},
		{"long description", &command.Command{Name: "warn", Description: long, Run: run}, nil, "/warn", "101 characters"},
		{"bad option name", &command.Command{Name: "warn", Description: "d", Params: []command.Param{command.String("the reason", "d")}, Run: run}, nil, "/warn", "option name"},
		{"long option description", &command.Command{Name: "warn", Description: "d", Params: []command.Param{command.String("r", long)}, Run: run}, nil, "/warn", `option "r" description`},
		{"optional before required", &command.Command{Name: "warn", Description: "d",
			Params: []command.Param{command.Int("points", "d").Optional(1), command.Member("member", "d")}, Run: run}, nil, "/warn", `required parameter "member" comes after optional "points"`},
		{"too many options", &command.Command{Name: "many", Description: "d", Params: many, Run: run}, nil, "/many", "26 options"},
		{"too many choices", &command.Command{Name: "pick", Description: "d", Params: []command.Param{command.String("c", "d").Choices(choices...)}, Run: run}, nil, "/pick", "26 choices"},
		{"non-numeric int choice", &command.Command{Name: "pick", Description: "d", Params: []command.Param{command.Int("c", "d").Choices("one")}, Run: run}, nil, "/pick", `choice "one"`},
		{"choices on bool", &command.Command{Name: "pick", Description: "d", Params: []command.Param{command.Bool("c", "d").Choices("yes")}, Run: run}, nil, "/pick", "cannot have choices"},
		{"too deep", deep, nil, "/deep a b", "nest deeper"},
		{"default subcommand clash", &command.Command{Name: "modlog", Description: "d", Run: run, Params: []command.Param{command.String("c", "d")},
			Subcommands: []*command.Command{{Name: "set", Description: "d", Run: run}}}, nil, "/modlog", `two options or subcommands are called "set"`},
		{"both transports off", &command.Command{Name: "gone", Description: "d", PrefixOff: true, Slash: command.SlashOff, Run: run}, nil, "", ""},
		{"huge bound", &command.Command{Name: "big", Description: "d", Params: []command.Param{command.Int("n", "d").Max(1 << 60)}, Run: run}, nil, "/big", "beyond"},
		{"menu name too long", nil, &command.ContextMenu{Name: strings.Repeat("m", 33), Type: command.UserMenu, Run: run}, "menu " + strings.Repeat("m", 33), "name"},
		{"menu bad type", nil, &command.ContextMenu{Name: "Info", Type: 1, Run: run}, "menu Info", "type 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cmds []*command.Command
			var menus []command.ContextMenu
			if tt.cmd != nil {
				cmds = append(cmds, tt.cmd)
			}
			if tt.menu != nil {
				menus = append(menus, *tt.menu)
			}
			_, err := appcmd.Build(cmds, menus)
			if tt.owner == "" {
				if err != nil {
					t.Fatalf("a command with both transports off is simply not registered: %v", err)
				}
				return
			}
			var de *appcmd.DefinitionError
			if !errors.As(err, &de) {
				t.Fatalf("error %v, want a *DefinitionError", err)
			}
			if de.Command != tt.owner || !strings.Contains(de.Reason, tt.reason) {
				t.Fatalf("error %q (command %q), want command %q and reason containing %q", err, de.Command, tt.owner, tt.reason)
			}
		})
	}
}

func TestDefaultMemberPermissionsJSON(t *testing.T) {
	cmds := []*command.Command{
		{Name: "admin", Description: "d", Slash: command.SlashAdminOnly, Run: run},
		{Name: "mod", Description: "d", Permissions: discordgo.PermissionBanMembers | discordgo.PermissionModerateMembers, Run: run},
		{Name: "all", Description: "d", Run: run},
	}
	got, err := appcmd.Build(cmds, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var raw []map[string]any
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"admin": "0", "mod": "1099511627780", "all": nil}
	for _, c := range raw {
		name := c["name"].(string)
		if v, ok := c["default_member_permissions"]; v != want[name] || (want[name] == nil && ok) {
			t.Errorf("%s: default_member_permissions %#v (present %v), want %#v", name, v, ok, want[name])
		}
	}
	var back []*discordgo.ApplicationCommand
	if err := json.Unmarshal(body, &back); err != nil {
		t.Fatal(err)
	}
	if back[0].DefaultMemberPermissions == nil || *back[0].DefaultMemberPermissions != 0 {
		t.Errorf("admin-only does not round-trip: %v", back[0].DefaultMemberPermissions)
	}
}

func TestBuildSortsAndSkips(t *testing.T) {
	cmds, menus := representative()
	got, err := appcmd.Build(cmds, menus)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range got {
		names = append(names, appcmd.DisplayName(c))
	}
	want := "/config /kinds /modlog /ping /purgeall /warn user:User info user:Warnings message:Report to moderators"
	if strings.Join(names, " ") != want {
		t.Errorf("commands %q, want %q", strings.Join(names, " "), want)
	}
}
