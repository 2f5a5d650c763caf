package utility

import (
	"context"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"cogd/cogs/utility/openmeteo"
	"cogd/internal/cache"
	"cogd/internal/command"
)

// Weather answers are kept this long, keyed by the normalised query.
const (
	weatherTTL      = 10 * time.Minute
	weatherCapacity = 1000
)

// placeQuery is what a user asked the weather for: a place name and, when
// the query ended in ", CC", an ISO country code narrowing the search.
type placeQuery struct {
	name, country string
}

// parsePlaceQuery splits "Paris, FR" into name and country and collapses
// white space. A last part that is not two letters stays in the name
// ("Paris, Texas"), which Open-Meteo reads as an administrative area.
func parsePlaceQuery(s string) placeQuery {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		if cc := strings.TrimSpace(s[i+1:]); isLetters(cc, 2) {
			return placeQuery{name: strings.TrimSpace(s[:i]), country: strings.ToUpper(cc)}
		}
	}
	return placeQuery{name: s}
}

// isLetters reports whether s is exactly n ASCII letters.
func isLetters(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := range len(s) {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// key is the cache key: the same for "berlin", " Berlin " and "BERLIN".
func (q placeQuery) key() string {
	return strings.ToLower(q.name) + "|" + q.country
}

// weatherReport is one weather answer; found is false for an unknown place.
type weatherReport struct {
	found bool
	place openmeteo.Place
	now   openmeteo.Conditions
}

// weatherService answers weather queries through a cache and a circuit
// breaker in front of Open-Meteo.
type weatherService struct {
	api     *openmeteo.Client
	up      *upstream
	answers *cache.Cache[string, weatherReport]
}

// newWeatherService returns a service with an empty cache on clock now.
func newWeatherService(api *openmeteo.Client, log *slog.Logger, now func() time.Time, hook func(string) func(bool)) *weatherService {
	return &weatherService{
		api: api,
		up:  newUpstream("open-meteo", "weather service", log),
		answers: cache.New[string, weatherReport](cache.Options{
			Name: "weather", Capacity: weatherCapacity, TTL: weatherTTL, Now: now, OnLookup: hook("weather"),
		}),
	}
}

// report returns the weather for q, from the cache when it is there.
// Unknown places are answers too, and are cached like the others.
func (s *weatherService) report(ctx context.Context, q placeQuery) (weatherReport, error) {
	return s.answers.GetOrLoad(ctx, q.key(), func(ctx context.Context) (weatherReport, error) {
		var r weatherReport
		err := s.up.call(ctx, "weather", func(ctx context.Context) error {
			var err error
			r, err = s.fetch(ctx, q)
			return err
		})
		return r, err
	})
}

// fetch geocodes q, taking the best match, and asks for its conditions.
func (s *weatherService) fetch(ctx context.Context, q placeQuery) (weatherReport, error) {
	count := 1
	if q.country != "" {
		count = 10
	}
	places, err := s.api.Search(ctx, q.name, q.country, count)
	if err != nil || len(places) == 0 {
		return weatherReport{}, err
	}
	now, err := s.api.Current(ctx, places[0].Latitude, places[0].Longitude)
	if err != nil {
		return weatherReport{}, err
	}
	return weatherReport{found: true, place: places[0], now: now}, nil
}

// weatherCommand declares weather.
func (c *Cog) weatherCommand() *command.Command {
	return &command.Command{
		Name:        "weather",
		Description: "Shows the current weather at a place, from Open-Meteo.",
		Examples:    []string{"weather Berlin", "weather Paris, FR", "weather Rio de Janeiro"},
		Params: []command.Param{command.String("place", "a city or place, optionally with a country code: Paris, FR").
			Rest().MaxLen(100).Complete(c.completePlace)},
		Cooldown: &command.Cooldown{Rate: 5, Per: 30 * time.Second, Bucket: command.BucketUser},
		Timeout:  3*DefaultHTTPTimeout + time.Second,
		Run:      c.runWeather,
	}
}

// runWeather answers with the weather embed, or says the place is unknown.
func (c *Cog) runWeather(ctx context.Context, cx *command.Context) error {
	typed := strings.Join(strings.Fields(cx.String("place")), " ")
	q := parsePlaceQuery(typed)
	if utf8.RuneCountInString(q.name) < 2 {
		return &command.UserError{Msg: "Give me a place name of at least two letters, e.g. `" + cx.Prefix + "weather Berlin`."}
	}
	r, err := c.weather.report(ctx, q)
	if err != nil {
		return err
	}
	if !r.found {
		return command.Errorf("I couldn't find a place called “%s”.", typed)
	}
	return cx.ReplyEmbed(ctx, weatherEmbed(r.place, r.now))
}
