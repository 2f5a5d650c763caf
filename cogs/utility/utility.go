// Package utility is the cog of everyday commands for every member: ping,
// help, weather, convert, userinfo, serverinfo and avatar.
//
// Weather comes from Open-Meteo and exchange rates from Frankfurter, both
// keyless. Each upstream sits behind a cache and a circuit breaker, and
// every way it can fail ends as a plain sentence for the user and a log
// line for the operator.
package utility

import (
	"context"
	"net/http"
	"strings"
	"time"

	"cogd/cogs/utility/frankfurter"
	"cogd/cogs/utility/openmeteo"
	"cogd/internal/bot"
	"cogd/internal/command"
	"cogd/internal/metrics"
)

// DefaultHTTPTimeout bounds each upstream request of the default client.
const DefaultHTTPTimeout = 5 * time.Second

// Options configures the utility cog. The zero value is usable: every
// empty field takes the default documented on it.
type Options struct {
	// GeocodingURL is the Open-Meteo geocoding API base (GEOCODING_API_URL);
	// default openmeteo.DefaultGeocodingURL.
	GeocodingURL string
	// WeatherURL is the Open-Meteo forecast API base (WEATHER_API_URL);
	// default openmeteo.DefaultWeatherURL.
	WeatherURL string
	// CurrencyURL is the Frankfurter API base (CURRENCY_API_URL); default
	// frankfurter.DefaultURL.
	CurrencyURL string
	// HTTPClient sends every upstream request; default one client, shared
	// by all upstreams, with a DefaultHTTPTimeout timeout.
	HTTPClient *http.Client
	// Now is the clock of the caches and the rates schedule; default the
	// bot's clock (Registrar.Clock), else time.Now.
	Now func() time.Time
	// PlaceDebounce is how long /weather's place autocomplete waits for
	// more keystrokes before asking the geocoding service; default
	// DefaultPlaceDebounce.
	PlaceDebounce time.Duration
	// After is the timer of the autocomplete debounce; default time.After.
	After func(time.Duration) <-chan time.Time
}

// Info describes the utility cog. Its upstream URLs come from
// GEOCODING_API_URL, WEATHER_API_URL and CURRENCY_API_URL.
var Info = bot.CogInfo{
	Name:        "utility",
	Description: "Everyday commands: latency, weather, currency conversion, user and server info.",
	New:         func() bot.Cog { return New(Options{}) },
}

// fromSettings fills the empty URLs of o from the bot's configuration.
func (o Options) fromSettings(setting func(key string) string) Options {
	if o.GeocodingURL == "" {
		o.GeocodingURL = setting("GEOCODING_API_URL")
	}
	if o.WeatherURL == "" {
		o.WeatherURL = setting("WEATHER_API_URL")
	}
	if o.CurrencyURL == "" {
		o.CurrencyURL = setting("CURRENCY_API_URL")
	}
	return o
}

// withDefaults fills the empty fields of o and trims trailing slashes
// from the URLs. ownClient reports whether the client was made here.
func (o Options) withDefaults() (_ Options, ownClient bool) {
	o.GeocodingURL = baseURL(o.GeocodingURL, openmeteo.DefaultGeocodingURL)
	o.WeatherURL = baseURL(o.WeatherURL, openmeteo.DefaultWeatherURL)
	o.CurrencyURL = baseURL(o.CurrencyURL, frankfurter.DefaultURL)
	if o.HTTPClient == nil {
		o.HTTPClient = newHTTPClient()
		ownClient = true
	}
	if o.PlaceDebounce <= 0 {
		o.PlaceDebounce = DefaultPlaceDebounce
	}
	if o.After == nil {
		o.After = time.After
	}
	return o, ownClient
}

// baseURL returns u without trailing slashes, or def when u is empty.
func baseURL(u, def string) string {
	if u = strings.TrimRight(u, "/"); u != "" {
		return u
	}
	return def
}

// newHTTPClient returns a client with its own connection pool and a
// DefaultHTTPTimeout timeout.
func newHTTPClient() *http.Client {
	var transport http.RoundTripper = http.DefaultTransport
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		transport = t.Clone()
	}
	return &http.Client{Timeout: DefaultHTTPTimeout, Transport: transport}
}

// Cog is the utility cog.
type Cog struct {
	opts      Options
	ownClient bool
	discord   command.Discord
	gateway   bot.Gateway
	weather   *weatherService
	places    *placeCompleter
	money     *currencyService
}

var _ bot.Cog = (*Cog)(nil)

// New returns the utility cog configured by opts; empty URLs are taken
// from the bot's configuration at Setup, then from the defaults.
func New(opts Options) *Cog { return &Cog{opts: opts} }

// Setup builds the upstream clients with fresh caches and circuit breakers
// and registers the commands.
func (c *Cog) Setup(r *bot.Registrar) error {
	c.opts, c.ownClient = c.opts.fromSettings(r.Setting).withDefaults()
	c.discord, c.gateway = r.Discord(), r.Gateway()
	now, log, hook := c.clock(r.Clock()), r.Logger(), cacheHook(r.Metrics())
	c.weather = newWeatherService(&openmeteo.Client{
		HTTP: c.opts.HTTPClient, GeocodingURL: c.opts.GeocodingURL, WeatherURL: c.opts.WeatherURL,
	}, log, now, hook)
	c.places = newPlaceCompleter(c.weather, c.opts.PlaceDebounce, c.opts.After, now, hook)
	c.money = newCurrencyService(&frankfurter.Client{HTTP: c.opts.HTTPClient, BaseURL: c.opts.CurrencyURL}, log, now, hook)
	if c.ownClient {
		r.Cleanup(func(context.Context) error { c.opts.HTTPClient.CloseIdleConnections(); return nil })
	}
	r.Command(c.Commands()...)
	r.ContextMenu(c.Menus()...)
	return nil
}

// cacheHook reports cache lookups to the bot's metrics, when there are any.
func cacheHook(m *metrics.Metrics) func(name string) func(hit bool) {
	return func(name string) func(bool) {
		if m == nil {
			return nil
		}
		return m.CacheHook(name)
	}
}

// clock returns Options.Now, else the bot's clock, else time.Now.
func (c *Cog) clock(botClock func() time.Time) func() time.Time {
	switch {
	case c.opts.Now != nil:
		return c.opts.Now
	case botClock != nil:
		return botClock
	}
	return time.Now
}

// Commands are ping, weather, convert, userinfo, serverinfo and avatar.
func (c *Cog) Commands() []*command.Command {
	return []*command.Command{
		c.ping(), c.weatherCommand(), c.convertCommand(),
		c.userinfo(), c.serverinfo(), c.avatar(),
	}
}
