package utility

import (
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cogd/internal/bot/bottest"
	"cogd/internal/fakeclock"
	"cogd/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// fakeClock is a clock that moves only when told to.
type fakeClock = fakeclock.Clock

func newFakeClock(t time.Time) *fakeClock { return fakeclock.New(t) }

// assertGolden compares got with testdata/golden/name, or rewrites the
// file when the test runs with -update.
func assertGolden(t testing.TB, name string, got []byte) {
	t.Helper()
	golden.Assert(t, filepath.Join("testdata", "golden", name), got, *update)
}

// indentJSON renders v as indented JSON with a final newline.
func indentJSON(t testing.TB, v any) []byte {
	t.Helper()
	return golden.JSON(t, v)
}

// upstreamFixture reads testdata/upstream/name.
func upstreamFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "upstream", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fakeAPI is one httptest server standing in for Open-Meteo (geocoding and
// forecast) and Frankfurter under /v1, with the real JSON shapes. Each
// path's handler can be replaced, and requests are counted per path.
type fakeAPI struct {
	srv      *httptest.Server
	mu       sync.Mutex
	handlers map[string]http.HandlerFunc
	hits     map[string]int
}

// newFakeAPI starts a fake that knows Berlin (and nowhere else), serves
// current conditions for any coordinates, the currency list, and the
// EUR→USD rate of 2026-11-26.
func newFakeAPI(t testing.TB) *fakeAPI {
	t.Helper()
	f := &fakeAPI{handlers: map[string]http.HandlerFunc{}, hits: map[string]int{}}
	search, none := upstreamFixture(t, "search_berlin.json"), upstreamFixture(t, "search_none.json")
	f.handlers["/v1/search"] = func(w http.ResponseWriter, r *http.Request) {
		if strings.EqualFold(r.URL.Query().Get("name"), "berlin") {
			writeJSON(w, http.StatusOK, search)
			return
		}
		writeJSON(w, http.StatusOK, none)
	}
	f.handlers["/v1/forecast"] = jsonHandler(http.StatusOK, upstreamFixture(t, "forecast_berlin.json"))
	f.handlers["/v1/currencies"] = jsonHandler(http.StatusOK, upstreamFixture(t, "currencies.json"))
	f.handlers["/v1/latest"] = latestHandler(upstreamFixture(t, "latest_eur_usd.json"), upstreamFixture(t, "frankfurter_404.json"))
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// latestHandler answers EUR→USD with ok and anything else with notFound.
func latestHandler(ok, notFound string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("base") == "EUR" && q.Get("symbols") == "USD" {
			writeJSON(w, http.StatusOK, ok)
			return
		}
		writeJSON(w, http.StatusNotFound, notFound)
	}
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.hits[r.URL.Path]++
	h := f.handlers[r.URL.Path]
	f.mu.Unlock()
	if h == nil {
		http.NotFound(w, r)
		return
	}
	h(w, r)
}

// handle replaces the handler of path.
func (f *fakeAPI) handle(path string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.handlers[path] = h
}

// count returns how many requests path has had.
func (f *fakeAPI) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

// options points a cog at the fake with a client timing out after timeout
// (0: never). The client has the fake server's own transport: with
// http.DefaultTransport, shared by every parallel test, another test's
// httptest.Server.Close (which closes DefaultTransport's idle connections)
// could fail this test's request with "CloseIdleConnections called".
func (f *fakeAPI) options(timeout time.Duration, now func() time.Time) Options {
	base := f.srv.URL + "/v1/"
	return Options{GeocodingURL: base, WeatherURL: base, CurrencyURL: base,
		HTTPClient: &http.Client{Timeout: timeout, Transport: f.srv.Client().Transport}, Now: now}
}

// jsonHandler always answers status and body.
func jsonHandler(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { writeJSON(w, status, body) }
}

// blockingHandler answers only when the test ends or the client gives up.
func blockingHandler(t testing.TB) http.HandlerFunc {
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-done:
		case <-r.Context().Done():
		}
	}
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer = bottest.LogBuffer
