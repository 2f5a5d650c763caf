package bot_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/utility"
	"cogd/internal/bot"
	"cogd/internal/bot/bottest"
	"cogd/internal/discordtest"
	"cogd/internal/metrics"
)

// TestSettingsLookupErrorsCountAsStore: a failing database behind the
// prefix and policy lookups serves the defaults and counts store errors.
func TestSettingsLookupErrorsCountAsStore(t *testing.T) {
	t.Parallel()
	emu := discordtest.NewTB(t, discordtest.Options{})
	w := emu.SeedDemo()
	down := errors.New("database is down")
	m := metrics.New(metrics.Options{})
	h := startWith(t, emu, w, func(o *bot.Options) {
		o.Metrics = m
		o.LoadPrefix = func(context.Context, string) (string, error) { return "", down }
		o.LoadUnknownPolicy = func(context.Context, string) (string, error) { return "", down }
	})
	if got := h.one(w.Alice, "!pnig"); !strings.Contains(got, "Did you mean `!ping`?") {
		t.Fatalf("pnig = %q, want the default prefix and policy", got)
	}
	s := m.Snapshot()
	// One prefix lookup per message (the prefix is not cached after an
	// error), one policy lookup for the unknown word.
	if got := s.ErrorsBySource["store"]; got < 2 {
		t.Errorf("store errors = %d, want at least 2 (%v)", got, s.ErrorsBySource)
	}
}

// TestListenerAndGatewayErrorsCount: a failing listener counts as a
// listener error; Discord closing the connection with an error code
// counts as a gateway error (and the bot reconnects).
func TestListenerAndGatewayErrorsCount(t *testing.T) {
	t.Parallel()
	emu := discordtest.NewTB(t, discordtest.Options{})
	w := emu.SeedDemo()
	m := metrics.New(metrics.Options{})
	failing := cogOf("failing", func(r *bot.Registrar) error {
		r.Listen(bot.On(func(_ context.Context, e *discordgo.MessageCreate) error {
			if e.Content == "listener, fail" {
				return errors.New("listener broke")
			}
			return nil
		}))
		return nil
	})
	h := startWith(t, emu, w, func(o *bot.Options) { o.Metrics = m }, failing)
	h.say(w.Alice, "listener, fail")
	if got := m.Snapshot().ErrorsBySource["listener"]; got != 1 {
		t.Errorf("listener errors = %d, want 1", got)
	}
	emu.CloseConnections(4000, "Unknown error.")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := emu.WaitFor(ctx, func() bool { return m.Snapshot().ErrorsBySource["gateway"] >= 1 && emu.Connections() > 0 }); err != nil {
		t.Fatalf("gateway errors = %v after a 4000 close: %v", m.Snapshot().ErrorsBySource, err)
	}
	if got := h.one(w.Alice, "!ping"); !strings.HasPrefix(got, "Pong!") {
		t.Errorf("ping after the reconnect = %q", got)
	}
}

// TestUpstreamOutageCountsAsUpstream: a weather service answering 500 is
// an upstream_error outcome, counted under source "upstream" (not as a
// user error, not as a command failure).
func TestUpstreamOutageCountsAsUpstream(t *testing.T) {
	t.Parallel()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "down", http.StatusInternalServerError)
	}))
	t.Cleanup(down.Close)
	emu := discordtest.NewTB(t, discordtest.Options{})
	w := emu.SeedDemo()
	m := metrics.New(metrics.Options{})
	u := utility.New(utility.Options{GeocodingURL: down.URL, WeatherURL: down.URL, CurrencyURL: down.URL})
	opts := bottest.Options(emu, bottest.Fixed("utility", u))
	opts.Metrics = m
	h := bottest.Start(t, emu, opts)
	if got := h.One(w.General, w.Alice, "!weather Berlin"); !strings.Contains(got, "having trouble") {
		t.Fatalf("weather during an outage = %q", got)
	}
	s := m.Snapshot()
	if s.ErrorsBySource["upstream"] != 1 || s.ErrorsBySource["command"] != 0 || s.Outcomes[metrics.OutcomeUpstreamError] != 1 {
		t.Errorf("after an outage: errors %v, outcomes %v; want one upstream error", s.ErrorsBySource, s.Outcomes)
	}
}
