package bot_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/discordtest"
	"cogd/internal/discordtest/openapicheck"
)

// helpChoices autocompletes /help's query as user typing typed and
// returns the suggested values.
func (h *harness) helpChoices(user, typed string) []string {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ix, err := h.emu.Autocomplete(ctx, discordtest.Slash{Channel: h.world.General, User: user, Name: "help",
		Options: []discordtest.Option{{Name: "query", Value: typed, Focused: true}}})
	if err != nil {
		h.t.Fatal(err)
	}
	r, err := ix.Await(ctx)
	if err != nil || !r.OK() || r.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		h.t.Fatalf("autocomplete of /help %q: %+v, %v", typed, r, err)
	}
	if len(r.Choices) > 25 {
		h.t.Errorf("%d choices, Discord shows at most 25", len(r.Choices))
	}
	out := make([]string, len(r.Choices))
	for i, c := range r.Choices {
		out[i], _ = c.Value.(string)
	}
	return out
}

// TestHelpAutocomplete: /help suggests the commands the caller can run
// (prefix matches first, then substring matches, then cogs), never one a
// check refuses them.
func TestHelpAutocomplete(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, (&testCog{}).info(), (&helpCog{name: "mods", extra: 30}).info())
	all := h.helpChoices(h.world.Alice, "")
	if len(all) != 25 {
		t.Fatalf("nothing typed: %d choices, want 25 of the many commands: %v", len(all), all)
	}
	for _, hidden := range []string{"hammer", "tidy", "secret"} {
		if slices.Contains(h.helpChoices(h.world.Alice, hidden[:2]), hidden) {
			t.Errorf("a member is offered %q", hidden)
		}
	}
	if got := h.helpChoices(h.world.Moderator, "HA"); !slices.Contains(got, "hammer") {
		t.Errorf("a moderator typing \"HA\" is offered %v, want hammer", got)
	}
	if got := h.helpChoices(h.world.Alice, "pin"); len(got) == 0 || got[0] != "ping" {
		t.Errorf("\"pin\" offers %v, want ping first", got)
	}
	if got := h.helpChoices(h.world.Moderator, "mod"); !slices.Contains(got, "mods") {
		t.Errorf("\"mod\" offers %v, want the cog mods", got)
	}
	if got := h.helpChoices(h.world.Alice, "zzz"); len(got) != 0 {
		t.Errorf("\"zzz\" offers %v", got)
	}
	openapicheck.CheckRecording(t, h.emu.Requests())
}
