package openmeteo

import (
	"testing"

	"cogd/cogs/utility/internal/httpjson"
)

// FuzzAnswers feeds arbitrary bodies to both answer decoders: they may
// fail, but never panic, and never return a place without coordinates.
func FuzzAnswers(f *testing.F) {
	for _, s := range []string{
		`{"results":[{"name":"Berlin","latitude":52.5,"longitude":13.4}]}`,
		`{"current":{"time":"2026-11-26T14:45","temperature_2m":4.3,"weather_code":3}}`,
		`{"utc_offset_seconds":-12600,"timezone_abbreviation":"","current":{"time":"2026-01-01T00:00","temperature_2m":0}}`,
		`<html>`, ``, `null`, `[]`, `{"results":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var s searchAnswer
		if httpjson.Decode(body, &s) == nil {
			places, err := validPlaces(s.Results, "")
			if err == nil && len(places) > len(s.Results) {
				t.Fatalf("more places than results")
			}
		}
		var a forecastAnswer
		if httpjson.Decode(body, &a) == nil {
			_, _ = a.conditions()
		}
	})
}
