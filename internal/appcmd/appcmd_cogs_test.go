package appcmd_test

import (
	"context"
	"testing"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation"
	"cogd/cogs/owner"
	"cogd/cogs/utility"
	"cogd/internal/appcmd"
	"cogd/internal/bot"
	"cogd/internal/command"
	"cogd/internal/discordtest"
	"cogd/internal/store/storetest"
)

// registered sets info's cog up on its own and returns its commands.
func registered(t *testing.T, info bot.CogInfo) []*command.Command {
	t.Helper()
	rest, err := discordgo.New("Bot test")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := bot.Standalone(context.Background(), info, bot.StandaloneDeps{REST: rest, Resources: []any{storetest.MustOpen(t)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Close(context.Background()) })
	return reg.Commands()
}

// TestBuiltInCogsMap builds every built-in command through the mapping,
// as the table holds them: none may be a definition Discord would reject.
func TestBuiltInCogsMap(t *testing.T) {
	ownCmds := registered(t, owner.Info)
	table, err := command.NewTable([]command.Group{
		{Name: moderation.Info.Name, Commands: registered(t, moderation.Info)},
		{Name: utility.Info.Name, Commands: registered(t, utility.Info)},
		{Name: owner.Info.Name, Commands: ownCmds},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := appcmd.Build(table.Commands(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := discordtest.ValidateCommands(got); err != nil {
		t.Fatalf("the emulator's validator (Discord's rules) rejects the built-in commands: %v", err)
	}
	names := map[string]bool{}
	for _, c := range got {
		names[appcmd.DisplayName(c)] = true
	}
	for _, want := range []string{"/warn", "/config", "/modlog", "/ping", "/weather", "/convert"} {
		if !names[want] {
			t.Errorf("%s is not registered", want)
		}
	}
	for _, c := range ownCmds {
		if names["/"+c.Name] {
			t.Errorf("owner command /%s is registered; owner commands are prefix-only", c.Name)
		}
	}
	if url := appcmd.InviteURL("123", table.Commands(), nil); url == "" {
		t.Error("no invite URL")
	}
}
