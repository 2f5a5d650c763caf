package command

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestChainOrder(t *testing.T) {
	var trace []string
	mw := func(name string) Middleware {
		return func(next RunFunc) RunFunc {
			return func(ctx context.Context, c *Context) error {
				trace = append(trace, name)
				return next(ctx, c)
			}
		}
	}
	run := Chain(func(context.Context, *Context) error { trace = append(trace, "run"); return nil }, mw("a"), mw("b"), mw("c"))
	if err := run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c", "run"}; !reflect.DeepEqual(trace, want) {
		t.Errorf("trace = %v; want %v", trace, want)
	}
}

// tracingCheck records its name and returns err.
func tracingCheck(trace *[]string, name string, err error) Check {
	return func(context.Context, *Context) error {
		*trace = append(*trace, name)
		return err
	}
}

func TestPrepareOrder(t *testing.T) {
	var trace []string
	cmd := &Command{Name: "x", Params: []Param{Int("n", "")},
		Checks: []Check{tracingCheck(&trace, "command", nil)},
		Run:    func(context.Context, *Context) error { trace = append(trace, "run"); return nil }}
	tbl := mustTable(t, Group{Name: "G", Checks: []Check{tracingCheck(&trace, "group", nil)}, Commands: []*Command{cmd}})
	run := Prepare(tbl.Find("x"))
	c := newContext(newFake(), tbl.Find("x"), testUser(aliceID, "a"), "5")
	if err := run(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if want := []string{"group", "command", "run"}; !reflect.DeepEqual(trace, want) || c.Int("n") != 5 {
		t.Errorf("trace = %v, n = %d", trace, c.Int("n"))
	}
}

func TestPrepareChecks(t *testing.T) {
	denied := errors.New("denied")
	tests := []struct {
		name  string
		cmd   Command
		dm    bool
		setup func(f *fakeDiscord)
		owner bool
		want  func(error) bool
	}{
		{name: "guild only in DM", cmd: Command{GuildOnly: true}, dm: true, want: checkNamed(CheckGuildOnly)},
		{name: "permissions in DM", cmd: Command{Permissions: ban}, dm: true, want: checkNamed(CheckGuildOnly)},
		{name: "missing permissions", cmd: Command{Permissions: ban | send}, want: missing(ban, false)},
		{name: "bot missing permissions", cmd: Command{BotPermissions: manage}, want: missing(manage, true)},
		{name: "granted by role", cmd: Command{Permissions: ban}, setup: grantBan, want: isNil},
		{name: "owner check fails", cmd: Command{Checks: []Check{IsOwner()}}, want: checkNamed(CheckOwner)},
		{name: "owner check passes", cmd: Command{Checks: []Check{IsOwner()}}, owner: true, want: isNil},
		{name: "any passes", cmd: Command{Checks: []Check{Any(IsOwner(), func(context.Context, *Context) error { return nil })}}, want: isNil},
		{name: "custom error", cmd: Command{Checks: []Check{func(context.Context, *Context) error { return denied }}},
			want: func(err error) bool { return errors.Is(err, denied) }},
		{name: "predicate", cmd: Command{Checks: []Check{Predicate("nsfw", "Not here.", func(context.Context, *Context) bool { return false })}},
			want: checkNamed("nsfw")},
		{name: "checks before parse", cmd: Command{Params: []Param{Int("n", "")}, Checks: []Check{IsOwner()}}, want: checkNamed(CheckOwner)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := peopleFake()
			if tt.setup != nil {
				tt.setup(f)
			}
			cmd := tt.cmd
			cmd.Name, cmd.Run = "x", nop
			c := newContext(f, &cmd, testUser(aliceID, "alice"), "")
			if tt.dm {
				c.Origin.GuildID = ""
			}
			c.IsOwner = func(id string) bool { return tt.owner && id == aliceID }
			if err := Prepare(&cmd)(context.Background(), c); !tt.want(err) {
				t.Fatalf("err = %v (%T)", err, err)
			}
		})
	}
}

func grantBan(f *fakeDiscord) {
	f.addRole(&discordgo.Role{ID: "600000000000000009", Name: "banhammer", Permissions: ban})
	f.members[testGuild][aliceID].Roles = []string{"600000000000000009"}
}

func isNil(err error) bool { return err == nil }

func checkNamed(name string) func(error) bool {
	return func(err error) bool {
		var ce *CheckError
		return errors.As(err, &ce) && ce.Check == name
	}
}

func missing(perms int64, bot bool) func(error) bool {
	return func(err error) bool {
		var me *MissingPermissionsError
		var be *BotMissingPermissionsError
		if bot {
			return errors.As(err, &be) && be.Missing == perms
		}
		return errors.As(err, &me) && me.Missing == perms
	}
}

func TestPermissionsUseThreadParentAndMessageMember(t *testing.T) {
	f := peopleFake()
	f.addChannel(&discordgo.Channel{ID: "200000000000000002", GuildID: testGuild, Name: "mods", Type: discordgo.ChannelTypeGuildText,
		PermissionOverwrites: []*discordgo.PermissionOverwrite{memberOW(aliceID, manage, 0)}})
	f.addChannel(&discordgo.Channel{ID: "200000000000000003", GuildID: testGuild, Name: "thread", Type: discordgo.ChannelTypeGuildPublicThread, ParentID: "200000000000000002"})
	cmd := &Command{Name: "x", Permissions: manage, Run: nop}
	c := newContext(f, cmd, testUser(aliceID, "alice"), "")
	c.Origin.ChannelID = "200000000000000003"
	c.Origin.Member = &discordgo.Member{Roles: nil}
	if err := Prepare(cmd)(context.Background(), c); err != nil {
		t.Fatalf("thread in a channel granting Manage Messages: %v", err)
	}
}

func TestGroupCommandWithoutRun(t *testing.T) {
	tbl := mustTable(t, sampleGroups()...)
	grp := tbl.Find("warnings")
	run := Prepare(grp)
	var ue *UsageError
	if err := run(context.Background(), newContext(newFake(), grp, testUser(aliceID, "a"), "")); !errors.As(err, &ue) || ue.Problem != MissingSubcommand {
		t.Fatalf("no subcommand: %v", err)
	}
	var nf *NotFoundError
	err := run(context.Background(), newContext(newFake(), grp, testUser(aliceID, "a"), "lsit"))
	if !errors.As(err, &nf) || nf.Name != "warnings lsit" || !reflect.DeepEqual(nf.Suggestions, []string{"list"}) {
		t.Fatalf("unknown subcommand: %#v", err)
	}
}

func TestCanRun(t *testing.T) {
	cmd := &Command{Name: "x", GuildOnly: true, Run: nop}
	c := newContext(newFake(), cmd, testUser(aliceID, "a"), "")
	if err := CanRun(context.Background(), c, cmd); err != nil {
		t.Fatal(err)
	}
	c.Origin.GuildID = ""
	if err := CanRun(context.Background(), c, cmd); err == nil {
		t.Fatal("guild-only command runnable in DM")
	}
}
