package utility

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"cogd/internal/bot"
	"cogd/internal/command"
)

// testStart is the fake clocks' start: Thursday 2026-11-26, 12:00 CET.
var testStart = time.Date(2026, 11, 26, 11, 0, 0, 0, time.UTC)

// loadedCog returns a cog loaded against f, logging into the returned buffer.
func loadedCog(t *testing.T, f *fakeAPI, clock *fakeClock, timeout time.Duration) (*Cog, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	c := New(f.options(timeout, clock.Now))
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	setUp(t, c, bot.StandaloneDeps{Logger: log})
	return c, logs
}

func TestParsePlaceQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in         string
		want       placeQuery
		wantSameAs string // another query with the same cache key
	}{
		{"Berlin", placeQuery{name: "Berlin"}, "  berlin "},
		{"Paris, FR", placeQuery{name: "Paris", country: "FR"}, "paris,fr"},
		{"Paris ,  us", placeQuery{name: "Paris", country: "US"}, "PARIS, US"},
		{"Paris, Texas", placeQuery{name: "Paris, Texas"}, "paris,  texas"},
		{"Rio   de Janeiro", placeQuery{name: "Rio de Janeiro"}, "rio de janeiro"},
		{"Zürich, CH", placeQuery{name: "Zürich", country: "CH"}, "ZÜRICH, ch"},
		{", DE", placeQuery{name: "", country: "DE"}, ",de"},
		{"St. John's, 12", placeQuery{name: "St. John's, 12"}, "st. john's, 12"},
	}
	for _, tt := range tests {
		got := parsePlaceQuery(tt.in)
		if got != tt.want {
			t.Errorf("parsePlaceQuery(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if other := parsePlaceQuery(tt.wantSameAs); other.key() != got.key() {
			t.Errorf("key(%q) = %q, key(%q) = %q: want equal", tt.in, got.key(), tt.wantSameAs, other.key())
		}
	}
}

func TestWeatherAnswersAreCached(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	clock := newFakeClock(testStart)
	c, _ := loadedCog(t, f, clock, time.Second)
	ctx := context.Background()
	for _, q := range []string{"Berlin", " berlin", "BERLIN  "} {
		r, err := c.weather.report(ctx, parsePlaceQuery(q))
		if err != nil || !r.found || r.place.Name != "Berlin" || r.now.Temperature != 4.3 {
			t.Fatalf("%q: report = %+v, %v", q, r, err)
		}
	}
	if s, w := f.count("/v1/search"), f.count("/v1/forecast"); s != 1 || w != 1 {
		t.Fatalf("upstream calls = %d search, %d forecast; want 1 each", s, w)
	}
	clock.Advance(weatherTTL - time.Second)
	if _, err := c.weather.report(ctx, parsePlaceQuery("Berlin")); err != nil || f.count("/v1/search") != 1 {
		t.Fatalf("before expiry: err %v, %d searches", err, f.count("/v1/search"))
	}
	clock.Advance(time.Second)
	if _, err := c.weather.report(ctx, parsePlaceQuery("Berlin")); err != nil || f.count("/v1/search") != 2 {
		t.Fatalf("after expiry: err %v, %d searches, want 2", err, f.count("/v1/search"))
	}
}

func TestWeatherUnknownPlace(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	c, logs := loadedCog(t, f, newFakeClock(testStart), time.Second)
	for range 2 {
		r, err := c.weather.report(context.Background(), parsePlaceQuery("Nowhereville"))
		if err != nil || r.found {
			t.Fatalf("report = %+v, %v; want not found", r, err)
		}
	}
	if s, w := f.count("/v1/search"), f.count("/v1/forecast"); s != 1 || w != 0 {
		t.Errorf("upstream calls = %d search, %d forecast; want 1, 0", s, w)
	}
	if strings.Contains(logs.String(), "failed") {
		t.Errorf("an unknown place was logged as a failure:\n%s", logs)
	}
}

// upstreamFailures are the ways an upstream breaks, with what users read.
// A nil handler stands for a server that never answers.
var upstreamFailures = []struct {
	name    string
	handler http.HandlerFunc
	kind    string
	reply   string // for the weather service
}{
	{"400", jsonHandler(400, `{"error":true,"reason":"Parameter count must be between 1 and 100."}`), "status",
		"The weather service turned the request down. The bot owner can find out why in the logs."},
	{"404 HTML", htmlHandler(404), "status",
		"The weather service turned the request down. The bot owner can find out why in the logs."},
	{"429", jsonHandler(429, `{"error":true,"reason":"Too many requests"}`), "status",
		"The weather service is having trouble right now, try again later."},
	{"500", jsonHandler(500, `{"error":true,"reason":"db at 10.0.0.3 down"}`), "status",
		"The weather service is having trouble right now, try again later."},
	{"503 HTML", htmlHandler(503), "status", "The weather service is having trouble right now, try again later."},
	{"timeout", nil, "timeout", "The weather service took too long to answer, try again in a minute."},
	{"HTML body", htmlHandler(200), "malformed", "The weather service sent an answer I couldn't read, try again later."},
	{"empty body", jsonHandler(200, ""), "malformed", "The weather service sent an answer I couldn't read, try again later."},
	{"odd JSON", jsonHandler(200, `{"results":{"name":1},"current":"x"}`), "malformed",
		"The weather service sent an answer I couldn't read, try again later."},
}

// failureTimeout is the client timeout of an upstream-failure case: short
// for the server that never answers (nothing else can end that call), none
// for a server that answers, so that its answer is what the test sees and
// no deadline races it on a busy machine (a 100 ms deadline once turned
// "503 HTML" into "took too long").
func failureTimeout(h http.HandlerFunc) time.Duration {
	if h == nil {
		return 100 * time.Millisecond
	}
	return 0
}

// failing returns h, or a handler that never answers when h is nil.
func failing(t testing.TB, h http.HandlerFunc) http.HandlerFunc {
	if h == nil {
		return blockingHandler(t)
	}
	return h
}

func htmlHandler(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = w.Write([]byte("<!DOCTYPE html><html><body><h1>Gateway error</h1></body></html>"))
	}
}

func TestWeatherUpstreamFailures(t *testing.T) {
	t.Parallel()
	for _, tt := range upstreamFailures {
		for _, path := range []string{"/v1/search", "/v1/forecast"} {
			t.Run(tt.name+path, func(t *testing.T) {
				t.Parallel()
				f := newFakeAPI(t)
				f.handle(path, failing(t, tt.handler))
				c, logs := loadedCog(t, f, newFakeClock(testStart), failureTimeout(tt.handler))
				_, err := c.weather.report(context.Background(), parsePlaceQuery("Berlin"))
				var ue *command.UpstreamError
				if !errors.As(err, &ue) || ue.Msg != tt.reply {
					t.Fatalf("err = %#v, want UpstreamError %q", err, tt.reply)
				}
				if !strings.Contains(logs.String(), "upstream call failed") || !strings.Contains(logs.String(), "kind="+tt.kind) {
					t.Errorf("failure not logged with kind %s:\n%s", tt.kind, logs)
				}
				f.handle(path, newFakeAPI(t).handlers[path])
				if r, err := c.weather.report(context.Background(), parsePlaceQuery("Berlin")); err != nil || !r.found {
					t.Errorf("after recovery: %+v, %v (a failure must not be cached)", r, err)
				}
			})
		}
	}
}

func TestWeatherBreakerOpens(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.handle("/v1/search", jsonHandler(503, `{"error":true,"reason":"overloaded"}`))
	c, logs := loadedCog(t, f, newFakeClock(testStart), 3*time.Second)
	ctx := context.Background()
	for i := range breakerTrips {
		_, err := c.weather.report(ctx, parsePlaceQuery("Berlin"))
		if err == nil || !strings.Contains(err.Error(), "having trouble") {
			t.Fatalf("call %d: err = %v", i+1, err)
		}
	}
	f.handle("/v1/search", blockingHandler(t)) // a call that got through would now wait 3 s
	start := time.Now()
	_, err := c.weather.report(ctx, parsePlaceQuery("Hamburg"))
	elapsed := time.Since(start)
	var ue *command.UpstreamError
	if !errors.As(err, &ue) || ue.Msg != "The weather service is unavailable right now, try again in a minute." {
		t.Fatalf("err = %v, want the breaker's answer", err)
	}
	if n := f.count("/v1/search"); n != breakerTrips {
		t.Errorf("upstream saw %d searches, want %d: the open breaker let a call through", n, breakerTrips)
	}
	if elapsed > time.Second {
		t.Errorf("open breaker answered after %v", elapsed)
	}
	if !strings.Contains(logs.String(), "circuit breaker state changed") {
		t.Errorf("breaker opening not logged:\n%s", logs)
	}
}

func TestWeatherCallerGivingUpIsNotAnUpstreamFailure(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.handle("/v1/search", blockingHandler(t))
	c, logs := loadedCog(t, f, newFakeClock(testStart), 5*time.Second)
	for i := range breakerTrips + 2 {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		_, err := c.weather.report(ctx, parsePlaceQuery("Berlin"))
		cancel()
		var ue *command.UpstreamError
		if errors.As(err, &ue) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("call %d: err = %v, want the caller's deadline, not an UpstreamError", i, err)
		}
	}
	f.handle("/v1/search", newFakeAPI(t).handlers["/v1/search"])
	if r, err := c.weather.report(context.Background(), parsePlaceQuery("Berlin")); err != nil || !r.found {
		t.Fatalf("after the caller timeouts: %+v, %v (the breaker must stay closed)", r, err)
	}
	if strings.Contains(logs.String(), "upstream call failed") {
		t.Errorf("caller timeouts were logged as upstream failures:\n%s", logs)
	}
}
