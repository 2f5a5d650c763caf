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
	"log/slog"
	"net/http"
	"strings"
	"time"

	"cogd/cogs/utility/frankfurter"
	"cogd/cogs/utility/openmeteo"
	"cogd/internal/bot"
	"cogd/internal/command"
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
	// bot's clock (bot.Deps.Now), else time.Now.
	Now func() time.Time
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
	deps      bot.Deps
	weather   *weatherService
	money     *currencyService
}

var (
	_ bot.Cog      = (*Cog)(nil)
	_ bot.Loader   = (*Cog)(nil)
	_ bot.Unloader = (*Cog)(nil)
)

// New returns the utility cog configured by opts.
func New(opts Options) *Cog {
	opts, own := opts.withDefaults()
	return &Cog{opts: opts, ownClient: own}
}

// Name is "utility".
func (*Cog) Name() string { return "utility" }

// Description is shown by help.
func (*Cog) Description() string {
	return "Everyday commands: latency, help, weather, currency conversion, user and server info."
}

// Load keeps the bot's dependencies and sets up the upstream clients with
// fresh caches and circuit breakers.
func (c *Cog) Load(_ context.Context, deps bot.Deps) error {
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	c.deps = deps
	now := c.clock()
	c.weather = newWeatherService(&openmeteo.Client{
		HTTP: c.opts.HTTPClient, GeocodingURL: c.opts.GeocodingURL, WeatherURL: c.opts.WeatherURL,
	}, deps.Logger, now, cacheHook(deps))
	c.money = newCurrencyService(&frankfurter.Client{HTTP: c.opts.HTTPClient, BaseURL: c.opts.CurrencyURL}, deps.Logger, now, cacheHook(deps))
	return nil
}

// cacheHook reports cache lookups to the bot's metrics, when there are any.
func cacheHook(deps bot.Deps) func(name string) func(hit bool) {
	return func(name string) func(bool) {
		if deps.Metrics == nil {
			return nil
		}
		return deps.Metrics.CacheHook(name)
	}
}

// Unload closes the idle upstream connections of a client the cog made.
func (c *Cog) Unload(context.Context) error {
	if c.ownClient {
		c.opts.HTTPClient.CloseIdleConnections()
	}
	return nil
}

// clock returns Options.Now, else the bot's clock, else time.Now.
func (c *Cog) clock() func() time.Time {
	switch {
	case c.opts.Now != nil:
		return c.opts.Now
	case c.deps.Now != nil:
		return c.deps.Now
	}
	return time.Now
}

// Commands are ping, help, weather, convert, userinfo, serverinfo and avatar.
func (c *Cog) Commands() []*command.Command {
	return []*command.Command{
		c.ping(), c.help(), c.weatherCommand(), c.convertCommand(),
		c.userinfo(), c.serverinfo(), c.avatar(),
	}
}
