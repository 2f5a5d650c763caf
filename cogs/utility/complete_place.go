package utility

import (
	"context"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"cogd/cogs/utility/openmeteo"
	"cogd/internal/cache"
	"cogd/internal/command"
)

// Place autocomplete settings.
const (
	// DefaultPlaceDebounce is how long a place autocomplete waits for more
	// keystrokes before it asks the geocoding service.
	DefaultPlaceDebounce = 300 * time.Millisecond
	// placesTTL is how long geocoding suggestions are kept: place names
	// do not change.
	placesTTL = time.Hour
	// placesCapacity bounds the cached prefixes.
	placesCapacity = 2000
	// placeSuggestions is how many places one geocoding request asks for.
	placeSuggestions = 10
)

// placeCompleter suggests places as a user types /weather's place.
//
// Discord sends one autocomplete interaction per keystroke. Each one waits
// the debounce delay; afterwards only the newest text typed under its key
// (guild and user) goes to the geocoding service, so a burst of keystrokes
// makes at most one upstream request. The older waits answer from the
// cache of earlier results (those of the longest cached prefix still
// matching), or with nothing. Answers already in the cache come back at
// once, without waiting.
type placeCompleter struct {
	svc   *weatherService
	wait  time.Duration
	after func(time.Duration) <-chan time.Time
	// results are geocoding suggestions by normalised query (placeQuery.key).
	results *cache.Cache[string, []openmeteo.Place]

	mu     sync.Mutex
	seq    uint64
	newest map[string]uint64 // burst key → ticket of its newest keystroke
}

// newPlaceCompleter returns a completer waiting wait on after's timers.
func newPlaceCompleter(svc *weatherService, wait time.Duration, after func(time.Duration) <-chan time.Time,
	now func() time.Time, hook func(string) func(bool)) *placeCompleter {
	return &placeCompleter{svc: svc, wait: wait, after: after, newest: map[string]uint64{},
		results: cache.New[string, []openmeteo.Place](cache.Options{
			Name: "places", Capacity: placesCapacity, TTL: placesTTL, Now: now, OnLookup: hook("places"),
		})}
}

// complete is the CompleteFunc of /weather's place.
func (p *placeCompleter) complete(ctx context.Context, cx *command.Context, typed string) ([]command.Choice, error) {
	key := cx.GuildID() + "/"
	if a := cx.Author(); a != nil {
		key += a.ID
	}
	places, err := p.suggest(ctx, key, parsePlaceQuery(typed))
	return placeChoices(places), err
}

// suggest returns the places for q typed under key (see placeCompleter).
func (p *placeCompleter) suggest(ctx context.Context, key string, q placeQuery) ([]openmeteo.Place, error) {
	if utf8.RuneCountInString(q.name) < 2 {
		return nil, nil
	}
	if places, ok := p.results.Get(q.key()); ok {
		return places, nil
	}
	ticket := p.enter(key)
	defer p.leave(key, ticket)
	select {
	case <-p.after(p.wait):
	case <-ctx.Done():
		return p.cached(q), nil
	}
	if !p.isNewest(key, ticket) {
		return p.cached(q), nil
	}
	return p.results.GetOrLoad(ctx, q.key(), func(ctx context.Context) ([]openmeteo.Place, error) {
		var places []openmeteo.Place
		err := p.svc.up.call(ctx, "geocoding", func(ctx context.Context) error {
			var err error
			places, err = p.svc.api.Search(ctx, q.name, q.country, placeSuggestions)
			return err
		})
		return places, err
	})
}

// enter records a keystroke under key and returns its ticket.
func (p *placeCompleter) enter(key string) uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seq++
	p.newest[key] = p.seq
	return p.seq
}

// isNewest reports whether ticket is still key's newest keystroke.
func (p *placeCompleter) isNewest(key string, ticket uint64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.newest[key] == ticket
}

// leave forgets key once its newest keystroke is answered.
func (p *placeCompleter) leave(key string, ticket uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.newest[key] == ticket {
		delete(p.newest, key)
	}
}

// cached answers q from the results of its longest cached prefix (q
// itself included), keeping the places whose name still starts with
// what was typed; nil when none is cached.
func (p *placeCompleter) cached(q placeQuery) []openmeteo.Place {
	name := []rune(strings.ToLower(q.name))
	for n := len(name); n >= 2; n-- {
		places, ok := p.results.Get(placeQuery{name: string(name[:n]), country: q.country}.key())
		if !ok {
			continue
		}
		var out []openmeteo.Place
		for _, pl := range places {
			if strings.HasPrefix(strings.ToLower(pl.Name), string(name)) {
				out = append(out, pl)
			}
		}
		return out
	}
	return nil
}

// placeChoices shows each place with its area and country; its value is
// the name and country code, which /weather reads back ("Paris, FR").
func placeChoices(places []openmeteo.Place) []command.Choice {
	out := make([]command.Choice, 0, min(len(places), maxChoices))
	for _, pl := range places[:min(len(places), maxChoices)] {
		label := pl.Name
		for _, part := range []string{pl.Admin1, pl.Country} {
			if part != "" && part != pl.Name {
				label += ", " + part
			}
		}
		value := pl.Name
		if pl.CountryCode != "" {
			value += ", " + strings.ToUpper(pl.CountryCode)
		}
		out = append(out, command.Choice{Name: label, Value: value})
	}
	return out
}
