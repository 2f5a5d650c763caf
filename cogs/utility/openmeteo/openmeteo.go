// Package openmeteo is a small client for the keyless Open-Meteo APIs:
// place search (geocoding) and current weather conditions.
//
// Answers are checked, not trusted: a missing or mistyped field the
// caller needs, an HTML page or an empty body is an error wrapping
// httpjson.ErrMalformed, never a panic or a zero value passed off as data.
package openmeteo

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cogd/cogs/utility/internal/httpjson"
)

// Default base URLs, as in GEOCODING_API_URL and WEATHER_API_URL.
const (
	DefaultGeocodingURL = "https://geocoding-api.open-meteo.com/v1"
	DefaultWeatherURL   = "https://api.open-meteo.com/v1"
)

// Client calls Open-Meteo. Its fields are read-only once in use; the zero
// value is not usable.
type Client struct {
	// HTTP sends the requests; its Timeout bounds each one.
	HTTP *http.Client
	// GeocodingURL is the geocoding API base, without a trailing slash.
	GeocodingURL string
	// WeatherURL is the forecast API base, without a trailing slash.
	WeatherURL string
}

// Place is one geocoding result.
type Place struct {
	// Name is the place's name, e.g. "Berlin".
	Name string
	// Admin1 is the first-level administrative area ("Land Berlin"); may be empty.
	Admin1 string
	// Country is the country's name ("Germany"); may be empty.
	Country string
	// CountryCode is the ISO 3166-1 alpha-2 code ("DE"); may be empty.
	CountryCode string
	// Timezone is the IANA zone ("Europe/Berlin"); may be empty.
	Timezone string
	// Latitude and Longitude are WGS84 degrees.
	Latitude, Longitude float64
}

// placeJSON is a geocoding result as sent; coordinates are pointers so a
// missing one is told apart from 0.
type placeJSON struct {
	Name        string   `json:"name"`
	Admin1      string   `json:"admin1"`
	Country     string   `json:"country"`
	CountryCode string   `json:"country_code"`
	Timezone    string   `json:"timezone"`
	Latitude    *float64 `json:"latitude"`
	Longitude   *float64 `json:"longitude"`
}

// searchAnswer is the geocoding answer; "results" is absent when nothing matched.
type searchAnswer struct {
	Results []placeJSON `json:"results"`
	Error   bool        `json:"error"`
	Reason  string      `json:"reason"`
}

// Search returns up to count places called name, best match first; an
// empty slice (and no error) means nothing matched. A non-empty
// countryCode (ISO alpha-2) keeps only places in that country.
func (c *Client) Search(ctx context.Context, name, countryCode string, count int) ([]Place, error) {
	q := url.Values{"name": {name}, "count": {strconv.Itoa(count)}, "language": {"en"}, "format": {"json"}}
	if countryCode != "" {
		q.Set("countryCode", strings.ToUpper(countryCode))
	}
	var ans searchAnswer
	if err := httpjson.Get(ctx, c.HTTP, c.GeocodingURL+"/search?"+q.Encode(), &ans); err != nil {
		return nil, fmt.Errorf("geocoding: %w", err)
	}
	if ans.Error {
		return nil, fmt.Errorf("geocoding: %w: error answer: %s", httpjson.ErrMalformed, ans.Reason)
	}
	return validPlaces(ans.Results, countryCode)
}

// validPlaces keeps the results that have a name and valid coordinates
// (and the wanted country, if any). Results that are all broken are a
// malformed answer, not "nothing found".
func validPlaces(results []placeJSON, countryCode string) ([]Place, error) {
	out := make([]Place, 0, len(results))
	broken := 0
	for _, r := range results {
		p, ok := r.place()
		switch {
		case !ok:
			broken++
		case countryCode == "" || strings.EqualFold(p.CountryCode, countryCode):
			out = append(out, p)
		}
	}
	if broken > 0 && broken == len(results) {
		return nil, fmt.Errorf("geocoding: %w: no result has a name and coordinates", httpjson.ErrMalformed)
	}
	return out, nil
}

// place converts r, reporting false when it lacks a name or coordinates.
func (r placeJSON) place() (Place, bool) {
	if strings.TrimSpace(r.Name) == "" || r.Latitude == nil || r.Longitude == nil ||
		math.Abs(*r.Latitude) > 90 || math.Abs(*r.Longitude) > 180 {
		return Place{}, false
	}
	return Place{
		Name: r.Name, Admin1: r.Admin1, Country: r.Country, CountryCode: r.CountryCode,
		Timezone: r.Timezone, Latitude: *r.Latitude, Longitude: *r.Longitude,
	}, true
}

// timeLayout is Open-Meteo's local ISO 8601 time without seconds or offset.
const timeLayout = "2006-01-02T15:04"

// ParseTime reads an Open-Meteo local time ("2026-11-26T14:45") given the
// answer's UTC offset and zone abbreviation.
func ParseTime(s string, offsetSeconds int, abbrev string) (time.Time, error) {
	if abbrev == "" {
		abbrev = "UTC" + formatOffset(offsetSeconds)
	}
	t, err := time.ParseInLocation(timeLayout, s, time.FixedZone(abbrev, offsetSeconds))
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: time %q: %v", httpjson.ErrMalformed, s, err)
	}
	return t, nil
}

// formatOffset renders a UTC offset as "+1", "-3:30" or "" for zero.
func formatOffset(secs int) string {
	if secs == 0 {
		return ""
	}
	sign := "+"
	if secs < 0 {
		sign, secs = "-", -secs
	}
	h, m := secs/3600, secs%3600/60
	if m == 0 {
		return sign + strconv.Itoa(h)
	}
	return fmt.Sprintf("%s%d:%02d", sign, h, m)
}
