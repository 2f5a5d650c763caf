package openmeteo_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"cogd/cogs/utility/internal/httpjson"
	"cogd/cogs/utility/openmeteo"
)

// fixture reads testdata/name.
func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// upstream is an httptest server answering every request with status and
// body, recording the last query and counting requests.
type upstream struct {
	*httptest.Server
	requests atomic.Int32
	query    atomic.Pointer[url.Values]
}

func serve(t *testing.T, status int, contentType, body string) *upstream {
	t.Helper()
	u := &upstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.requests.Add(1)
		q := r.URL.Query()
		u.query.Store(&q)
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(u.Close)
	return u
}

func serveJSON(t *testing.T, body string) *upstream {
	return serve(t, http.StatusOK, "application/json; charset=utf-8", body)
}

func client(u *httptest.Server, timeout time.Duration) *openmeteo.Client {
	// The server's own transport, not http.DefaultTransport: every parallel
	// test's httptest.Server.Close closes DefaultTransport's idle
	// connections, which failed a request here with "CloseIdleConnections
	// called" under load.
	return &openmeteo.Client{HTTP: &http.Client{Timeout: timeout, Transport: u.Client().Transport}, GeocodingURL: u.URL + "/v1", WeatherURL: u.URL + "/v1"}
}

func TestSearch(t *testing.T) {
	t.Parallel()
	berlin := openmeteo.Place{Name: "Berlin", Admin1: "Land Berlin", Country: "Germany", CountryCode: "DE",
		Timezone: "Europe/Berlin", Latitude: 52.52437, Longitude: 13.41053}
	tests := []struct {
		name, body, country string
		want                []openmeteo.Place
	}{
		{"found", fixture(t, "search_berlin.json"), "", []openmeteo.Place{berlin}},
		{"unknown place: no results key", fixture(t, "search_none.json"), "", nil},
		{"unknown place: empty results", `{"results":[],"generationtime_ms":0.3}`, "", nil},
		{"unknown place: empty object", `{}`, "", nil},
		{"unknown place: null", `null`, "", nil},
		{"country narrows", fixture(t, "search_paris.json"), "us", []openmeteo.Place{{Name: "Paris", Admin1: "Texas",
			Country: "United States", CountryCode: "US", Timezone: "America/Chicago", Latitude: 33.66094, Longitude: -95.55551}}},
		{"broken entries skipped", `{"results":[{"name":"X"},{"name":"Berlin","latitude":52.52437,"longitude":13.41053}]}`, "",
			[]openmeteo.Place{{Name: "Berlin", Latitude: 52.52437, Longitude: 13.41053}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u := serveJSON(t, tt.body)
			got, err := client(u.Server, time.Second).Search(context.Background(), "Berlin", tt.country, 5)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d places %+v, want %+v", len(got), got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("place %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSearchQuery(t *testing.T) {
	t.Parallel()
	u := serveJSON(t, fixture(t, "search_none.json"))
	if _, err := client(u.Server, time.Second).Search(context.Background(), "São Paulo", "br", 10); err != nil {
		t.Fatal(err)
	}
	q := *u.query.Load()
	for key, want := range map[string]string{"name": "São Paulo", "count": "10", "countryCode": "BR", "format": "json", "language": "en"} {
		if got := q.Get(key); got != want {
			t.Errorf("query %s = %q, want %q", key, got, want)
		}
	}
}

func TestCurrent(t *testing.T) {
	t.Parallel()
	u := serveJSON(t, fixture(t, "forecast_berlin.json"))
	got, err := client(u.Server, time.Second).Current(context.Background(), 52.52437, 13.41053)
	if err != nil {
		t.Fatal(err)
	}
	if got.Temperature != 4.3 || *got.Apparent != 0.6 || *got.WeatherCode != 3 || *got.WindSpeed != 13.4 || *got.WindDirection != 250 {
		t.Errorf("conditions = %+v", got)
	}
	if s := got.Time.Format(time.RFC3339 + " MST"); s != "2026-11-26T14:45:00+01:00 GMT+1" {
		t.Errorf("time = %s", s)
	}
	q := *u.query.Load()
	if q.Get("latitude") != "52.52437" || q.Get("longitude") != "13.41053" || q.Get("current") != openmeteo.CurrentVariables || q.Get("timezone") != "auto" {
		t.Errorf("query = %v", q)
	}
}

func TestCurrentOptionalFields(t *testing.T) {
	t.Parallel()
	u := serveJSON(t, fixture(t, "forecast_minimal.json"))
	got, err := client(u.Server, time.Second).Current(context.Background(), -33.875, 151.25)
	if err != nil {
		t.Fatal(err)
	}
	if got.Temperature != -0.04 || got.Apparent != nil || got.WeatherCode != nil || got.WindSpeed != nil || got.WindDirection != nil {
		t.Errorf("conditions = %+v", got)
	}
	if s := got.Time.Format(time.RFC3339); s != "2026-11-27T00:45:00+11:00" {
		t.Errorf("time = %s", s)
	}
}

func TestCurrentOddValues(t *testing.T) {
	t.Parallel()
	body := `{"utc_offset_seconds":0,"current":{"temperature_2m":20,"weather_code":2.5,"wind_speed_10m":-3,"wind_direction_10m":400}}`
	u := serveJSON(t, body)
	got, err := client(u.Server, time.Second).Current(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got.WeatherCode != nil || got.WindSpeed != nil || got.WindDirection != nil || !got.Time.IsZero() {
		t.Errorf("odd values kept: %+v", got)
	}
}

// call is one of the two endpoints, for the failure tables.
type call struct {
	name string
	run  func(ctx context.Context, c *openmeteo.Client) error
}

var calls = []call{
	{"search", func(ctx context.Context, c *openmeteo.Client) error {
		_, err := c.Search(ctx, "Berlin", "", 1)
		return err
	}},
	{"current", func(ctx context.Context, c *openmeteo.Client) error {
		_, err := c.Current(ctx, 52.52, 13.41)
		return err
	}},
}

func TestFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		wantStatus  int    // expected StatusError code, 0 for none
		wantReason  string // expected StatusError reason
		malformed   bool
	}{
		{"400 with reason", 400, "application/json", fixture(t, "error_400.json"), 400, "Latitude must be in range of -90 to 90°. Given: 91.0.", false},
		{"404 HTML", 404, "text/html", "<html><body>Not Found</body></html>", 404, "", false},
		{"429", 429, "application/json", `{"error":true,"reason":"Daily API request limit exceeded."}`, 429, "Daily API request limit exceeded.", false},
		{"500", 500, "text/plain", "internal error", 500, "", false},
		{"502 empty", 502, "text/html", "", 502, "", false},
		{"HTML body", 200, "text/html", "<!DOCTYPE html><html><head><title>Oops</title></head></html>", 0, "", true},
		{"empty body", 200, "application/json", "", 0, "", true},
		{"blank body", 200, "application/json", " \n", 0, "", true},
		{"truncated JSON", 200, "application/json", `{"results":[{"name":"Berl`, 0, "", true},
		{"wrong types", 200, "application/json", `{"results":"Berlin","current":[1,2]}`, 0, "", true},
		{"error answer with 200", 200, "application/json", `{"error":true,"reason":"nope"}`, 0, "", true},
	}
	for _, tt := range tests {
		for _, c := range calls {
			t.Run(tt.name+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				u := serve(t, tt.status, tt.contentType, tt.body)
				err := c.run(context.Background(), client(u.Server, time.Second))
				checkFailure(t, err, tt.wantStatus, tt.wantReason, tt.malformed)
			})
		}
	}
}

// checkFailure asserts err is a StatusError with code and reason, or
// wraps ErrMalformed.
func checkFailure(t *testing.T, err error, code int, reason string, malformed bool) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	var se *httpjson.StatusError
	if code != 0 {
		if !errors.As(err, &se) || se.Code != code || se.Reason != reason {
			t.Fatalf("err = %v, want status %d reason %q", err, code, reason)
		}
	}
	if errors.Is(err, httpjson.ErrMalformed) != malformed {
		t.Fatalf("err = %v, malformed = %v, want %v", err, !malformed, malformed)
	}
}

func TestMalformedWhenNoCurrentOrTemperature(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"utc_offset_seconds":3600}`,
		`{"current":{"time":"2026-11-26T14:45","weather_code":3}}`,
		`{"current":{"time":"yesterday","temperature_2m":3}}`,
		`null`,
	} {
		u := serveJSON(t, body)
		_, err := client(u.Server, time.Second).Current(context.Background(), 1, 2)
		if !errors.Is(err, httpjson.ErrMalformed) {
			t.Errorf("%s: err = %v, want malformed", body, err)
		}
	}
}

func TestMalformedWhenNoResultIsUsable(t *testing.T) {
	t.Parallel()
	u := serveJSON(t, `{"results":[{"name":"X"},{"latitude":1,"longitude":2},{"name":"Y","latitude":99,"longitude":0}]}`)
	_, err := client(u.Server, time.Second).Search(context.Background(), "X", "", 3)
	if !errors.Is(err, httpjson.ErrMalformed) {
		t.Errorf("err = %v, want malformed", err)
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			release := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-release:
				case <-r.Context().Done():
				}
			}))
			t.Cleanup(srv.Close)
			t.Cleanup(func() { close(release) })
			err := c.run(context.Background(), client(srv, 50*time.Millisecond))
			if !httpjson.IsTimeout(err) {
				t.Fatalf("err = %v, want a timeout", err)
			}
		})
	}
}

func TestConnectionRefused(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	err := calls[0].run(context.Background(), client(srv, time.Second))
	var se *httpjson.StatusError
	if err == nil || errors.As(err, &se) || errors.Is(err, httpjson.ErrMalformed) || httpjson.IsTimeout(err) {
		t.Fatalf("err = %v, want a transport error", err)
	}
}
