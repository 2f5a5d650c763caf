package frankfurter_test

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

	"cogd/cogs/utility/frankfurter"
	"cogd/cogs/utility/internal/httpjson"
)

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// upstream answers every request with status and body and records the
// last request.
type upstream struct {
	*httptest.Server
	last atomic.Pointer[url.URL]
}

func serve(t *testing.T, status int, body string) *upstream {
	t.Helper()
	u := &upstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.last.Store(r.URL)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(u.Close)
	return u
}

func client(srv *httptest.Server, timeout time.Duration) *frankfurter.Client {
	// The server's own transport: see openmeteo's client helper.
	return &frankfurter.Client{HTTP: &http.Client{Timeout: timeout, Transport: srv.Client().Transport}, BaseURL: srv.URL + "/v1"}
}

func TestLatest(t *testing.T) {
	t.Parallel()
	u := serve(t, 200, fixture(t, "latest_eur_usd.json"))
	got, err := client(u.Server, time.Second).Latest(context.Background(), "eur", "usd")
	if err != nil {
		t.Fatal(err)
	}
	want := frankfurter.Rate{Base: "EUR", Target: "USD", Rate: 1.0823, Date: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}
	if got != want {
		t.Errorf("rate = %+v, want %+v", got, want)
	}
	last := u.last.Load()
	if last.Path != "/v1/latest" || last.Query().Get("base") != "EUR" || last.Query().Get("symbols") != "USD" {
		t.Errorf("request = %s", last)
	}
}

func TestLatestAmountNormalised(t *testing.T) {
	t.Parallel()
	u := serve(t, 200, `{"amount":10.0,"base":"EUR","date":"2026-11-26","rates":{"JPY":1625.3}}`)
	got, err := client(u.Server, time.Second).Latest(context.Background(), "EUR", "JPY")
	if err != nil {
		t.Fatal(err)
	}
	if got.Rate != 162.53 {
		t.Errorf("rate = %v, want 162.53", got.Rate)
	}
}

func TestCurrencies(t *testing.T) {
	t.Parallel()
	u := serve(t, 200, fixture(t, "currencies.json"))
	got, err := client(u.Server, time.Second).Currencies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 31 || got["EUR"] != "Euro" || got["USD"] != "United States Dollar" {
		t.Errorf("currencies = %v", got)
	}
	if u.last.Load().Path != "/v1/currencies" {
		t.Errorf("path = %s", u.last.Load().Path)
	}
}

// call is one of the two endpoints, for the failure tables.
type call struct {
	name string
	run  func(ctx context.Context, c *frankfurter.Client) error
}

var calls = []call{
	{"latest", func(ctx context.Context, c *frankfurter.Client) error {
		_, err := c.Latest(ctx, "EUR", "USD")
		return err
	}},
	{"currencies", func(ctx context.Context, c *frankfurter.Client) error {
		_, err := c.Currencies(ctx)
		return err
	}},
}

func TestFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		status     int
		body       string
		wantStatus int
		wantReason string
		malformed  bool
	}{
		{"404 not found", 404, fixture(t, "error_404.json"), 404, "not found", false},
		{"422", 422, `{"message":"invalid date"}`, 422, "invalid date", false},
		{"500 HTML", 500, "<html><h1>500</h1></html>", 500, "", false},
		{"503 empty", 503, "", 503, "", false},
		{"HTML body", 200, "<html><body>maintenance</body></html>", 0, "", true},
		{"empty body", 200, "", 0, "", true},
		{"truncated", 200, `{"amount":1.0,"base":"EUR","rates":{"US`, 0, "", true},
		{"wrong shape", 200, `[1,2,3]`, 0, "", true},
	}
	for _, tt := range tests {
		for _, c := range calls {
			t.Run(tt.name+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				u := serve(t, tt.status, tt.body)
				err := c.run(context.Background(), client(u.Server, time.Second))
				if err == nil {
					t.Fatal("no error")
				}
				var se *httpjson.StatusError
				if tt.wantStatus != 0 && (!errors.As(err, &se) || se.Code != tt.wantStatus || se.Reason != tt.wantReason) {
					t.Fatalf("err = %v, want status %d reason %q", err, tt.wantStatus, tt.wantReason)
				}
				if errors.Is(err, httpjson.ErrMalformed) != tt.malformed {
					t.Fatalf("err = %v, want malformed %v", err, tt.malformed)
				}
			})
		}
	}
}

func TestLatestRejectsOddAnswers(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"amount":1.0,"base":"EUR","date":"2026-11-26","rates":{}}`,
		`{"amount":1.0,"base":"EUR","date":"2026-11-26","rates":{"USD":0}}`,
		`{"amount":1.0,"base":"EUR","date":"2026-11-26","rates":{"USD":-1.2}}`,
		`{"amount":1.0,"base":"GBP","date":"2026-11-26","rates":{"USD":1.2}}`,
		`{"amount":1.0,"base":"EUR","date":"26/11/2026","rates":{"USD":1.2}}`,
		`{"amount":1.0,"base":"EUR","rates":{"USD":1.2}}`,
		`{"amount":1e-320,"base":"EUR","date":"2026-11-26","rates":{"USD":1e300}}`,
		`{}`, `null`,
	} {
		u := serve(t, 200, body)
		_, err := client(u.Server, time.Second).Latest(context.Background(), "EUR", "USD")
		if !errors.Is(err, httpjson.ErrMalformed) {
			t.Errorf("%s: err = %v, want malformed", body, err)
		}
	}
}

func TestCurrenciesRejectsEmpty(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{}`, `null`, `{"euro":"Euro","US":"x"}`} {
		u := serve(t, 200, body)
		_, err := client(u.Server, time.Second).Currencies(context.Background())
		if !errors.Is(err, httpjson.ErrMalformed) {
			t.Errorf("%s: err = %v, want malformed", body, err)
		}
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
			if err := c.run(context.Background(), client(srv, 50*time.Millisecond)); !httpjson.IsTimeout(err) {
				t.Fatalf("err = %v, want a timeout", err)
			}
		})
	}
}

func TestIsCode(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]bool{"EUR": true, "USD": true, "eur": false, "EU": false, "EURO": false, "E1R": false, "": false, "ÉUR": false} {
		if got := frankfurter.IsCode(code); got != want {
			t.Errorf("IsCode(%q) = %v, want %v", code, got, want)
		}
	}
}
