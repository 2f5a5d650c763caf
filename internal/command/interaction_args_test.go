package command

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

const (
	modRoleID = "700000000000000001"
	voiceID   = "200000000000000009"
)

// kindsCommand has a parameter of every kind.
func kindsCommand() *Command {
	return &Command{Name: "kinds", Run: func(context.Context, *Context) error { return nil }, Params: []Param{
		String("text", "d").MaxLen(5),
		Int("count", "d").Min(1).Max(10),
		Float("ratio", "d"),
		Bool("flag", "d"),
		Member("member", "d"),
		User("user", "d"),
		Role("role", "d"),
		TextChannel("channel", "d"),
		Duration("duration", "d").Max(time.Hour),
		Int("nums", "d").Greedy().Optional(0),
		String("reason", "d").Rest().Optional("none"),
	}}
}

// resolved holds alice as a member, bob as a user outside the guild, a
// role and the test text channel and a voice channel.
func resolved() *Resolved {
	return &Resolved{
		Users:   map[string]*discordgo.User{aliceID: testUser(aliceID, "alice"), bobID: testUser(bobID, "bob")},
		Members: map[string]*discordgo.Member{aliceID: {Nick: "Al"}},
		Roles:   map[string]*discordgo.Role{modRoleID: {ID: modRoleID, Name: "mods"}},
		Channels: map[string]*discordgo.Channel{
			testChannel: {ID: testChannel, Name: "general", Type: discordgo.ChannelTypeGuildText},
			voiceID:     {ID: voiceID, Name: "voice", Type: discordgo.ChannelTypeGuildVoice}},
	}
}

// decodeOptions decodes options as Discord sends them.
func decodeOptions(t testing.TB, js string) []*Option {
	t.Helper()
	var opts []*Option
	if err := json.Unmarshal([]byte(js), &opts); err != nil {
		t.Fatal(err)
	}
	return opts
}

const goodOptions = `[
 {"name":"text","type":3,"value":"hi"}, {"name":"count","type":4,"value":7}, {"name":"ratio","type":10,"value":0.5},
 {"name":"flag","type":5,"value":true}, {"name":"member","type":6,"value":"` + aliceID + `"},
 {"name":"user","type":6,"value":"` + bobID + `"}, {"name":"role","type":8,"value":"` + modRoleID + `"},
 {"name":"channel","type":7,"value":"` + testChannel + `"}, {"name":"duration","type":3,"value":"1h"},
 {"name":"nums","type":3,"value":"1 2 3"}]`

func TestBindOptionsRoundTrip(t *testing.T) {
	f := newFake()
	cmd := kindsCommand()
	c := newContext(f, cmd, testUser(aliceID, "alice"), "")
	if err := BindOptions(context.Background(), c, cmd, decodeOptions(t, goodOptions), resolved()); err != nil {
		t.Fatal(err)
	}
	m := c.Member("member")
	if c.String("text") != "hi" || c.Int("count") != 7 || c.Float("ratio") != 0.5 || !c.Bool("flag") ||
		m == nil || m.User.Username != "alice" || m.Nick != "Al" || m.GuildID != testGuild ||
		c.User("user").Username != "bob" || c.Role("role").Name != "mods" || c.Channel("channel").ID != testChannel ||
		c.Duration("duration") != time.Hour {
		t.Fatalf("values not bound as Parse binds them: %+v", c.args)
	}
	if got := Values[int](c, "nums"); len(got) != 3 || got[2] != 3 {
		t.Errorf("greedy nums = %v", got)
	}
	if c.Has("reason") || c.String("reason") != "none" {
		t.Errorf("omitted optional: has %v value %q", c.Has("reason"), c.String("reason"))
	}
}

func TestBindOptionsErrors(t *testing.T) {
	base := map[string]string{"text": `"hi"`, "count": `7`, "ratio": `0.5`, "flag": `true`, "member": `"` + aliceID + `"`,
		"user": `"` + bobID + `"`, "role": `"` + modRoleID + `"`, "channel": `"` + testChannel + `"`, "duration": `"1h"`}
	tests := []struct {
		name, opt, value string
		wantParam        string
		wantUsage        UsageKind
	}{
		{"out of range", "count", `11`, "count", 0},
		{"not whole", "count", `1.5`, "count", 0},
		{"autocomplete string for an integer", "count", `"7x"`, "count", 0},
		{"too long", "text", `"toolong"`, "text", 0},
		{"bad duration", "duration", `"soon"`, "duration", 0},
		{"duration over max", "duration", `"2h"`, "duration", 0},
		{"user not a member", "member", `"` + bobID + `"`, "member", 0},
		{"voice channel", "channel", `"` + voiceID + `"`, "channel", 0},
		{"object value", "ratio", `{"x":1}`, "ratio", 0},
		{"missing required", "text", `null`, "", MissingArgument},
		{"greedy word not a number", "nums", `"1 two"`, "nums", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			cmd := kindsCommand()
			js := "["
			for name, v := range base {
				if name == tt.opt {
					v = tt.value
				}
				js += `{"name":"` + name + `","value":` + v + `},`
			}
			if _, ok := base[tt.opt]; !ok {
				js += `{"name":"` + tt.opt + `","value":` + tt.value + `},`
			}
			opts := decodeOptions(t, js[:len(js)-1]+"]")
			c := newContext(f, cmd, testUser(aliceID, "alice"), "")
			err := BindOptions(context.Background(), c, cmd, opts, resolved())
			if tt.wantUsage != 0 {
				var ue *UsageError
				if !errors.As(err, &ue) || ue.Problem != tt.wantUsage {
					t.Fatalf("error %v, want usage error %v", err, tt.wantUsage)
				}
				return
			}
			var ce *ConversionError
			if !errors.As(err, &ce) || ce.Param != tt.wantParam {
				t.Fatalf("error %v (%T), want a *ConversionError for %s", err, err, tt.wantParam)
			}
		})
	}
}

func TestBindOptionsUnknownOption(t *testing.T) {
	cmd := &Command{Name: "x", Params: []Param{Int("n", "d").Optional(1)}}
	c := newContext(newFake(), cmd, testUser(aliceID, "alice"), "")
	err := BindOptions(context.Background(), c, cmd, decodeOptions(t, `[{"name":"zzz","value":1}]`), nil)
	var ue *UsageError
	if !errors.As(err, &ue) || ue.Problem != TooManyArguments || ue.Detail != "zzz" {
		t.Fatalf("error %v", err)
	}
}

func TestBindOptionsWithoutResolvedLooksUp(t *testing.T) {
	f := newFake()
	f.addMember(&discordgo.Member{User: testUser(aliceID, "alice")})
	cmd := &Command{Name: "x", Params: []Param{Member("member", "d")}}
	c := newContext(f, cmd, testUser(aliceID, "alice"), "")
	if err := BindOptions(context.Background(), c, cmd, decodeOptions(t, `[{"name":"member","value":"`+aliceID+`"}]`), nil); err != nil {
		t.Fatal(err)
	}
	if m := c.Member("member"); m == nil || m.User.ID != aliceID {
		t.Fatalf("member %v", m)
	}
}

func TestFindInteraction(t *testing.T) {
	run := func(context.Context, *Context) error { return nil }
	tbl := mustTable(t, Group{Name: "g", Commands: []*Command{
		{Name: "modlog", Run: run, Params: []Param{TextChannel("channel", "d").Optional(nil)},
			Subcommands: []*Command{{Name: "off", Run: run}}},
		{Name: "config", Subcommands: []*Command{{Name: "prefix", Run: run, Params: []Param{String("prefix", "d")},
			Subcommands: []*Command{{Name: "reset", Run: run}}}}},
		{Name: "shutdown", Run: run, Slash: SlashOff},
	}})
	sub := func(name string, typ discordgo.ApplicationCommandOptionType, opts ...*Option) *Option {
		return &Option{Name: name, Type: typ, Options: opts}
	}
	value := &Option{Name: "prefix", Type: discordgo.ApplicationCommandOptionString, Value: "?"}
	tests := []struct {
		name    string
		cmd     string
		opts    []*Option
		want    string
		wantOpt int
		wantErr bool
	}{
		{"default sub", "modlog", []*Option{sub("set", discordgo.ApplicationCommandOptionSubCommand)}, "modlog", 0, false},
		{"sub", "modlog", []*Option{sub("off", discordgo.ApplicationCommandOptionSubCommand)}, "modlog off", 0, false},
		{"group default", "config", []*Option{sub("prefix", discordgo.ApplicationCommandOptionSubCommandGroup, sub("set", discordgo.ApplicationCommandOptionSubCommand, value))}, "config prefix", 1, false},
		{"group sub", "config", []*Option{sub("prefix", discordgo.ApplicationCommandOptionSubCommandGroup, sub("reset", discordgo.ApplicationCommandOptionSubCommand))}, "config prefix reset", 0, false},
		{"unknown sub", "modlog", []*Option{sub("nope", discordgo.ApplicationCommandOptionSubCommand)}, "", 0, true},
		{"group without sub", "config", nil, "", 0, true},
		{"slash off", "shutdown", nil, "", 0, true},
		{"unknown", "nope", nil, "", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, opts, err := tbl.FindInteraction(tt.cmd, tt.opts)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("found %s, want an error", cmd.QualifiedName())
				}
				return
			}
			if err != nil || cmd.QualifiedName() != tt.want || len(opts) != tt.wantOpt {
				t.Fatalf("got %v %d opts %v, want %s with %d", cmd, len(opts), err, tt.want, tt.wantOpt)
			}
		})
	}
}

func TestFocused(t *testing.T) {
	opts := decodeOptions(t, `[{"name":"weather","type":1,"options":[{"name":"days","type":4,"value":"3","focused":true}]}]`)
	name, text, ok := Focused(opts)
	if !ok || name != "days" || text != "3" {
		t.Fatalf("Focused = %q %q %v", name, text, ok)
	}
}

func TestBindTarget(t *testing.T) {
	c := newContext(newFake(), &Command{Name: "menu"}, testUser(aliceID, "alice"), "")
	data := &discordgo.ApplicationCommandInteractionData{Name: "User info", CommandType: discordgo.UserApplicationCommand, TargetID: aliceID, Resolved: resolved()}
	if err := BindTarget(c, data); err != nil {
		t.Fatal(err)
	}
	if TargetUser(c).Username != "alice" || TargetMember(c) == nil || TargetMember(c).Nick != "Al" {
		t.Fatalf("user target %v %v", TargetUser(c), TargetMember(c))
	}
	data = &discordgo.ApplicationCommandInteractionData{Name: "Report", CommandType: discordgo.MessageApplicationCommand, TargetID: "9",
		Resolved: &Resolved{Messages: map[string]*discordgo.Message{"9": {ID: "9", Content: "spam"}}}}
	if err := BindTarget(c, data); err != nil || TargetMessage(c).Content != "spam" {
		t.Fatalf("message target %v %v", TargetMessage(c), err)
	}
	data.TargetID = "10"
	var ce *ConversionError
	if err := BindTarget(c, data); !errors.As(err, &ce) {
		t.Fatalf("missing target: %v", err)
	}
}

// FuzzBindOptions decodes arbitrary option JSON and binds it: it must not
// panic, and every failure is a typed usage or conversion error.
func FuzzBindOptions(f *testing.F) {
	f.Add([]byte(goodOptions))
	f.Add([]byte(`[{"name":"count","value":"12"}]`))
	f.Add([]byte(`[{"name":"count","value":1e300},{"name":"nums","value":"\"1 2"}]`))
	f.Add([]byte(`[{"name":"member","value":7},{"name":"role","value":null},{"name":"flag","value":"yes"}]`))
	f.Fuzz(func(t *testing.T, js []byte) {
		var opts []*Option
		if json.Unmarshal(js, &opts) != nil {
			return
		}
		cmd := kindsCommand()
		c := newContext(newFake(), cmd, testUser(aliceID, "alice"), "")
		err := BindOptions(context.Background(), c, cmd, opts, resolved())
		var ue *UsageError
		var ce *ConversionError
		if err != nil && !errors.As(err, &ue) && !errors.As(err, &ce) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
		Focused(opts)
	})
}
