package appcmd_test

import (
	"testing"

	"cogd/cogs/moderation"
	"cogd/cogs/owner"
	"cogd/cogs/utility"
	"cogd/internal/appcmd"
	"cogd/internal/command"
)

// TestBuiltInCogsMap builds every built-in command through the mapping,
// as the table holds them: none may be a definition Discord would reject.
func TestBuiltInCogsMap(t *testing.T) {
	mod, util, own := moderation.New(moderation.Options{}), utility.New(utility.Options{}), owner.New()
	table, err := command.NewTable([]command.Group{
		{Name: mod.Name(), Commands: mod.Commands()},
		{Name: util.Name(), Commands: util.Commands()},
		{Name: own.Name(), Commands: own.Commands()},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := appcmd.Build(table.Commands(), nil)
	if err != nil {
		t.Fatal(err)
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
	for _, c := range own.Commands() {
		if names["/"+c.Name] {
			t.Errorf("owner command /%s is registered; owner commands are prefix-only", c.Name)
		}
	}
	if url := appcmd.InviteURL("123", table.Commands(), nil); url == "" {
		t.Error("no invite URL")
	}
}
