package utility_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/utility"
	"cogd/internal/bot"
	"cogd/internal/discordtest"
	"cogd/internal/discordtest/openapicheck"
)

// ixCtx bounds one interaction test step.
func ixCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// complete sends an autocomplete of command name as alice with opts and
// returns the accepted type 8 answer.
func (h *harness) complete(name string, opts ...discordtest.Option) discordtest.Response {
	h.t.Helper()
	ctx := ixCtx(h.t)
	ix, err := h.emu.Autocomplete(ctx, discordtest.Slash{Channel: h.world.General, User: h.world.Alice, Name: name, Options: opts})
	if err != nil {
		h.t.Fatalf("autocomplete /%s: %v", name, err)
	}
	r, err := ix.Await(ctx)
	if err != nil || !r.OK() || r.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		h.t.Fatalf("autocomplete /%s answered %+v, %v\n%s", name, r, err, h.Logs.String())
	}
	if len(r.Choices) > 25 {
		h.t.Errorf("autocomplete /%s: %d choices, Discord shows at most 25", name, len(r.Choices))
	}
	return r
}

// choiceValues lists the values of choices.
func choiceValues(cs []*discordgo.ApplicationCommandOptionChoice) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i], _ = c.Value.(string)
	}
	return out
}

func TestConvertAutocompleteEndToEnd(t *testing.T) {
	t.Parallel()
	h := start(t)
	r := h.complete("convert", discordtest.Option{Name: "amount", Value: "100"},
		discordtest.Option{Name: "from", Value: "eu", Focused: true})
	if got := choiceValues(r.Choices); len(got) == 0 || got[0] != "EUR" || r.Choices[0].Name != "EUR — Euro" {
		t.Fatalf("choices for \"eu\" = %v (%+v)", got, r.Choices)
	}
	r = h.complete("convert", discordtest.Option{Name: "to", Value: "", Focused: true})
	if len(r.Choices) != 25 {
		t.Fatalf("%d choices for nothing typed, want the first 25 currencies", len(r.Choices))
	}
	if n := h.api.Count("/v1/currencies"); n != 1 {
		t.Errorf("%d currency list requests, want 1 (cached)", n)
	}
	openapicheck.CheckRecording(t, h.emu.Requests())
}

func TestConvertAutocompleteUpstreamFailure(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.api.FailWith("/v1/currencies", http.StatusBadGateway, `{"message":"bad gateway"}`)
	r := h.complete("convert", discordtest.Option{Name: "from", Value: "eu", Focused: true})
	if len(r.Choices) != 0 || strings.Contains(string(r.Raw), `"name"`) {
		t.Fatalf("a failing currency service gave choices: %s", r.Raw)
	}
	openapicheck.CheckRecording(t, h.emu.Requests())
}

func TestWeatherAutocompleteEndToEnd(t *testing.T) {
	t.Parallel()
	h := start(t)
	r := h.complete("weather", discordtest.Option{Name: "place", Value: "berlin", Focused: true})
	if len(r.Choices) != 1 || r.Choices[0].Name != "Berlin, Land Berlin, Germany" || r.Choices[0].Value != "Berlin, DE" {
		t.Fatalf("choices for \"berlin\" = %+v", r.Choices)
	}
	if r = h.complete("weather", discordtest.Option{Name: "place", Value: "b", Focused: true}); len(r.Choices) != 0 {
		t.Fatalf("choices for one letter = %+v", r.Choices)
	}
	if n := h.api.Count("/v1/search"); n != 1 {
		t.Errorf("%d geocoding requests, want 1", n)
	}
	h.api.FailWith("/v1/search", http.StatusInternalServerError, `{"error":true,"reason":"down"}`)
	if r = h.complete("weather", discordtest.Option{Name: "place", Value: "paris", Focused: true}); len(r.Choices) != 0 {
		t.Fatalf("a failing geocoding service gave choices: %+v", r.Choices)
	}
	openapicheck.CheckRecording(t, h.emu.Requests())
}

// TestSlowWeatherIsDeferred: the forecast takes longer than the defer
// delay, so the interaction is deferred (accepted: within Discord's 3 s),
// then the deferred response is edited into the forecast.
func TestSlowWeatherIsDeferred(t *testing.T) {
	t.Parallel()
	h := startWith(t, func(o *bot.Options) { o.DeferAfter = 20 * time.Millisecond })
	release := make(chan struct{})
	forecast := utilityFixture(t, "forecast_berlin.json")
	h.api.Handle("/v1/forecast", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(forecast))
	})
	ctx := ixCtx(t)
	ix, err := h.emu.InvokeSlash(ctx, discordtest.Slash{Channel: h.world.General, User: h.world.Alice, Name: "weather",
		Options: []discordtest.Option{{Name: "place", Value: "Berlin"}}})
	if err != nil {
		t.Fatal(err)
	}
	first, err := ix.Await(ctx)
	if err != nil || first.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || !first.OK() {
		t.Fatalf("first callback = %+v, %v; want an accepted deferral", first, err)
	}
	close(release)
	r, err := ix.AwaitReply(ctx)
	if err != nil || r.Kind != discordtest.KindEdit || len(r.Embeds) != 1 || r.Embeds[0].Title != "Weather in Berlin" {
		t.Fatalf("answer = %+v, %v; want the forecast as the edit of the deferred response", r, err)
	}
	if n := len(ix.Callbacks()); n != 1 {
		t.Errorf("%d callbacks, want exactly 1", n)
	}
	if m, ok := ix.Original(); !ok || len(m.Embeds) != 1 || m.Embeds[0].Title != "Weather in Berlin" {
		t.Errorf("@original = %+v", m)
	}
	openapicheck.CheckRecording(t, h.emu.Requests())
}

// TestUserInfoMenuEndToEnd: "User info" on bob shows the embed /userinfo
// shows for bob.
func TestUserInfoMenuEndToEnd(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := ixCtx(t)
	ix, err := h.emu.InvokeUserCommand(ctx, discordtest.ContextMenu{Channel: h.world.General, User: h.world.Alice,
		Name: "User info", Target: h.world.Bob})
	if err != nil {
		t.Fatal(err)
	}
	menu, err := ix.AwaitReply(ctx)
	if err != nil || len(menu.Embeds) != 1 || menu.Ephemeral() {
		t.Fatalf("User info answered %+v, %v\n%s", menu, err, h.Logs.String())
	}
	ix, err = h.emu.InvokeSlash(ctx, discordtest.Slash{Channel: h.world.General, User: h.world.Alice, Name: "userinfo",
		Options: []discordtest.Option{{Name: "member", Value: h.world.Bob}}})
	if err != nil {
		t.Fatal(err)
	}
	slash, err := ix.AwaitReply(ctx)
	if err != nil || len(slash.Embeds) != 1 {
		t.Fatalf("/userinfo answered %+v, %v", slash, err)
	}
	a, _ := json.Marshal(menu.Embeds[0])
	b, _ := json.Marshal(slash.Embeds[0])
	if string(a) != string(b) {
		t.Fatalf("User info embed differs from /userinfo's:\n%s\n%s", a, b)
	}
	if menu.Embeds[0].Title != "bob" {
		t.Errorf("User info title %q", menu.Embeds[0].Title)
	}
	openapicheck.CheckRecording(t, h.emu.Requests())
}

// utilityFixture reads an upstream fixture.
func utilityFixture(t *testing.T, name string) string {
	t.Helper()
	return utility.Fixture(t, name)
}
