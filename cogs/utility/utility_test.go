package utility

import (
	"context"
	"slices"
	"testing"
	"time"

	"cogd/cogs/utility/frankfurter"
	"cogd/cogs/utility/openmeteo"
	"cogd/internal/bot"
	"cogd/internal/command"
)

// setUp runs c's Setup with deps, closing it when the test ends.
func setUp(t *testing.T, c *Cog, deps bot.StandaloneDeps) {
	t.Helper()
	reg, err := bot.Standalone(context.Background(), bot.CogInfo{Name: "utility", New: func() bot.Cog { return c }}, deps)
	if err != nil {
		t.Fatalf("Setup: %v", err)
	}
	t.Cleanup(func() { reg.Close(context.Background()) })
}

func TestNewDefaults(t *testing.T) {
	t.Parallel()
	c := New(Options{})
	setUp(t, c, bot.StandaloneDeps{Setting: func(string) string { return "" }})
	if c.opts.GeocodingURL != openmeteo.DefaultGeocodingURL || c.opts.WeatherURL != openmeteo.DefaultWeatherURL ||
		c.opts.CurrencyURL != frankfurter.DefaultURL {
		t.Errorf("default URLs = %+v", c.opts)
	}
	if c.opts.HTTPClient == nil || c.opts.HTTPClient.Timeout <= 0 || c.opts.HTTPClient.Timeout > 5*time.Second {
		t.Errorf("default client = %+v, want a timeout of at most 5 s", c.opts.HTTPClient)
	}
}

func TestURLsFromSettings(t *testing.T) {
	t.Parallel()
	settings := map[string]string{"GEOCODING_API_URL": "http://geo.test/v1", "WEATHER_API_URL": "http://wx.test/v1", "CURRENCY_API_URL": "http://fx.test/v1"}
	c := New(Options{CurrencyURL: "http://own.test"})
	setUp(t, c, bot.StandaloneDeps{Setting: func(k string) string { return settings[k] }})
	if c.opts.GeocodingURL != "http://geo.test/v1" || c.opts.WeatherURL != "http://wx.test/v1" || c.opts.CurrencyURL != "http://own.test" {
		t.Errorf("URLs = %+v; want the settings, Options first", c.opts)
	}
}

func TestOptionsTrimSlashes(t *testing.T) {
	t.Parallel()
	c := New(Options{GeocodingURL: "http://geo.test/v1/", WeatherURL: "http://wx.test/v1//", CurrencyURL: "http://fx.test/v1"})
	setUp(t, c, bot.StandaloneDeps{})
	if c.opts.GeocodingURL != "http://geo.test/v1" || c.opts.WeatherURL != "http://wx.test/v1" || c.opts.CurrencyURL != "http://fx.test/v1" {
		t.Errorf("URLs = %q %q %q", c.opts.GeocodingURL, c.opts.WeatherURL, c.opts.CurrencyURL)
	}
}

func TestClockPrecedence(t *testing.T) {
	t.Parallel()
	opt := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	dep := time.Date(2002, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		opts func() time.Time
		deps func() time.Time
		want time.Time
	}{
		{"Options.Now first", func() time.Time { return opt }, func() time.Time { return dep }, opt},
		{"then Deps.Now", nil, func() time.Time { return dep }, dep},
	}
	for _, tt := range tests {
		c := New(Options{Now: tt.opts})
		if got := c.clock(tt.deps)(); !got.Equal(tt.want) {
			t.Errorf("%s: clock = %v, want %v", tt.name, got, tt.want)
		}
	}
	if c := New(Options{}); c.clock(nil)().IsZero() {
		t.Error("no clock without Options.Now and Deps.Now")
	}
}

func TestCommandsRegister(t *testing.T) {
	t.Parallel()
	c := New(Options{})
	table, err := command.NewTable([]command.Group{{Name: Info.Name, Description: Info.Description, Commands: c.Commands()}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, cmd := range c.Commands() {
		names = append(names, cmd.Name)
		if cmd.Description == "" || len(cmd.Examples) == 0 {
			t.Errorf("%s lacks a description or examples", cmd.Name)
		}
	}
	want := []string{"ping", "weather", "convert", "userinfo", "serverinfo", "avatar"}
	if !slices.Equal(names, want) {
		t.Errorf("commands = %v, want %v", names, want)
	}
	for alias, name := range map[string]string{"currency": "convert", "ui": "userinfo", "av": "avatar", "guildinfo": "serverinfo"} {
		if cmd := table.Find(alias); cmd == nil || cmd.Name != name {
			t.Errorf("alias %s does not find %s", alias, name)
		}
	}
}
