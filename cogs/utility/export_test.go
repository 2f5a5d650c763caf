package utility

import (
	"net/http"
	"time"
)

// Hooks for the end-to-end tests in package utility_test.
var (
	NewFakeAPI   = newFakeAPI
	AssertGolden = assertGolden
	IndentJSON   = indentJSON
)

// FakeAPI is the fake Open-Meteo and Frankfurter server.
type FakeAPI = fakeAPI

// Options points a cog at the fake.
func (f *fakeAPI) Options(timeout time.Duration, now func() time.Time) Options {
	return f.options(timeout, now)
}

// Count returns how many requests path has had.
func (f *fakeAPI) Count(path string) int { return f.count(path) }

// FailWith makes path answer status and body from now on.
func (f *fakeAPI) FailWith(path string, status int, body string) {
	f.handle(path, jsonHandler(status, body))
}

// Handle replaces the handler of path.
func (f *fakeAPI) Handle(path string, h func(http.ResponseWriter, *http.Request)) { f.handle(path, h) }

// Fixture reads testdata/upstream/name.
var Fixture = upstreamFixture
