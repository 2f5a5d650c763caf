package utility

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"cogd/cogs/utility/openmeteo"
	"cogd/internal/bot"
	"cogd/internal/command"
)

// timerGate is a debounce timer the test fires by hand: every wait the
// completer starts is delivered on waits.
type timerGate struct {
	waits chan chan time.Time
}

func newTimerGate() *timerGate { return &timerGate{waits: make(chan chan time.Time, 16)} }

func (g *timerGate) after(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	g.waits <- ch
	return ch
}

// next returns the timer of the next keystroke that starts waiting.
func (g *timerGate) next(t *testing.T) chan time.Time {
	t.Helper()
	select {
	case ch := <-g.waits:
		return ch
	case <-time.After(5 * time.Second):
		t.Fatal("no keystroke started waiting")
		return nil
	}
}

// gatedCog is a cog against f whose debounce waits on the returned gate.
func gatedCog(t *testing.T, f *fakeAPI) (*Cog, *timerGate) {
	t.Helper()
	g := newTimerGate()
	opts := f.options(2*time.Second, func() time.Time { return testStart })
	opts.After = g.after
	c := New(opts)
	setUp(t, c, bot.StandaloneDeps{Logger: slog.New(slog.DiscardHandler)})
	return c, g
}

// keystroke is one autocomplete request running in the background.
type keystroke struct {
	done   chan struct{}
	places []openmeteo.Place
	err    error
}

// typeAhead starts suggest for typed under key and waits until it waits
// on its debounce timer, which it returns.
func typeAhead(t *testing.T, c *Cog, g *timerGate, key, typed string) (*keystroke, chan time.Time) {
	t.Helper()
	k := &keystroke{done: make(chan struct{})}
	go func() {
		defer close(k.done)
		k.places, k.err = c.places.suggest(context.Background(), key, parsePlaceQuery(typed))
	}()
	return k, g.next(t)
}

func (k *keystroke) wait(t *testing.T) *keystroke {
	t.Helper()
	select {
	case <-k.done:
	case <-time.After(5 * time.Second):
		t.Fatal("keystroke not answered")
	}
	return k
}

func placeNames(ps []openmeteo.Place) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

// TestPlaceAutocompleteDebounce: in a burst of keystrokes only the newest
// text goes upstream; older ones answer from the cache of a shorter
// prefix, or with nothing; cached text answers at once.
func TestPlaceAutocompleteDebounce(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.handle("/v1/search", jsonHandler(http.StatusOK, upstreamFixture(t, "search_berlin.json")))
	c, g := gatedCog(t, f)

	be, t1 := typeAhead(t, c, g, "g/alice", "be")
	ber, t2 := typeAhead(t, c, g, "g/alice", "ber")
	t1 <- time.Time{}
	if be.wait(t); be.err != nil || len(be.places) != 0 {
		t.Fatalf("superseded keystroke with nothing cached = %v, %v; want nothing", placeNames(be.places), be.err)
	}
	t2 <- time.Time{}
	if ber.wait(t); ber.err != nil || !slices.Equal(placeNames(ber.places), []string{"Berlin"}) {
		t.Fatalf("newest keystroke = %v, %v", placeNames(ber.places), ber.err)
	}
	if n := f.count("/v1/search"); n != 1 {
		t.Fatalf("%d geocoding requests for one burst, want 1", n)
	}

	berl, t3 := typeAhead(t, c, g, "g/alice", "berl")
	berli, t4 := typeAhead(t, c, g, "g/alice", "Berli")
	t3 <- time.Time{}
	if berl.wait(t); berl.err != nil || !slices.Equal(placeNames(berl.places), []string{"Berlin"}) {
		t.Fatalf("superseded keystroke = %v, %v; want the cached results of \"ber\"", placeNames(berl.places), berl.err)
	}
	t4 <- time.Time{}
	berli.wait(t)
	if n := f.count("/v1/search"); n != 2 {
		t.Fatalf("%d geocoding requests after two bursts, want 2", n)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	places, err := c.places.suggest(ctx, "g/bob", parsePlaceQuery(" BER "))
	if err != nil || len(places) != 1 || len(g.waits) != 0 {
		t.Fatalf("cached text = %v, %v, %d waits; want the cached answer at once", placeNames(places), err, len(g.waits))
	}
	if n := f.count("/v1/search"); n != 2 {
		t.Fatalf("a cached answer asked upstream (%d requests)", n)
	}
}

// TestPlaceAutocompleteKeysAreSeparate: two users typing at once are two
// bursts.
func TestPlaceAutocompleteKeysAreSeparate(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	c, g := gatedCog(t, f)
	a, ta := typeAhead(t, c, g, "g/alice", "berlin")
	b, tb := typeAhead(t, c, g, "g/bob", "paris")
	ta <- time.Time{}
	tb <- time.Time{}
	if a.wait(t); a.err != nil || len(a.places) != 1 {
		t.Fatalf("alice: %v, %v", placeNames(a.places), a.err)
	}
	if b.wait(t); b.err != nil || len(b.places) != 0 {
		t.Fatalf("bob: %v, %v", placeNames(b.places), b.err)
	}
	if n := f.count("/v1/search"); n != 2 {
		t.Fatalf("%d geocoding requests, want one per user", n)
	}
}

// TestPlaceAutocompleteEdgeCases: too short text asks nothing; an
// upstream failure is an error (the dispatcher then answers no choices).
func TestPlaceAutocompleteEdgeCases(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	c, g := gatedCog(t, f)
	if places, err := c.places.suggest(context.Background(), "k", parsePlaceQuery(" b ")); err != nil || places != nil || len(g.waits) != 0 {
		t.Fatalf("one letter: %v, %v", places, err)
	}
	f.handle("/v1/search", jsonHandler(http.StatusInternalServerError, `{"error":true,"reason":"down"}`))
	k, tk := typeAhead(t, c, g, "k", "berlin")
	tk <- time.Time{}
	var ue command.UserFacing
	if k.wait(t); k.err == nil || !errors.As(k.err, &ue) || ue.Kind() != "upstream_error" {
		t.Fatalf("upstream failure = %v, %v; want an upstream error", placeNames(k.places), k.err)
	}
}

func TestPlaceChoices(t *testing.T) {
	t.Parallel()
	got := placeChoices([]openmeteo.Place{
		{Name: "Berlin", Admin1: "Land Berlin", Country: "Germany", CountryCode: "de"},
		{Name: "Monaco", Admin1: "", Country: "Monaco", CountryCode: "MC"},
		{Name: "Nowhere"},
	})
	want := []command.Choice{
		{Name: "Berlin, Land Berlin, Germany", Value: "Berlin, DE"},
		{Name: "Monaco", Value: "Monaco, MC"},
		{Name: "Nowhere", Value: "Nowhere"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("placeChoices = %+v, want %+v", got, want)
	}
	for _, ch := range want {
		if q := parsePlaceQuery(ch.Value); strings.Contains(q.name, ",") {
			t.Errorf("value %q does not read back as name and country: %+v", ch.Value, q)
		}
	}
}

func TestCurrencyChoices(t *testing.T) {
	t.Parallel()
	names := map[string]string{"AUD": "Australian Dollar", "EUR": "Euro", "USD": "United States Dollar",
		"GBP": "British Pound", "CAD": "Canadian Dollar"}
	tests := []struct {
		typed string
		want  []string
	}{
		{"", []string{"AUD", "CAD", "EUR", "GBP", "USD"}},
		{"e", []string{"EUR", "USD"}},   // code first, then "United States" contains "e"
		{" us", []string{"USD", "AUD"}}, // code first, then "Australian" contains "us"
		{"dollar", []string{"AUD", "CAD", "USD"}},
		{"xyz", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, ch := range currencyChoices(names, tt.typed) {
			got = append(got, ch.Value)
			if !strings.HasPrefix(ch.Name, ch.Value+" — ") {
				t.Errorf("%q: choice name %q", tt.typed, ch.Name)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("currencyChoices(%q) = %v, want %v", tt.typed, got, tt.want)
		}
	}
	many := map[string]string{}
	for i := range 40 {
		many[string(rune('A'+i/26))+string(rune('A'+i%26))+"X"] = "x"
	}
	if n := len(currencyChoices(many, "")); n != maxChoices {
		t.Errorf("%d choices of 40 currencies, want %d", n, maxChoices)
	}
}
