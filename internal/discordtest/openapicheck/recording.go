package openapicheck

import (
	"testing"

	"cogd/internal/discordtest"
)

// CheckRequests validates every recorded request that reached a route (unknown routes
// included, as they are mismatches too) and returns all mismatches in recording order.
func (s *Spec) CheckRequests(reqs []discordtest.Request) []Mismatch {
	var out []Mismatch
	for _, r := range reqs {
		out = append(out, s.Check(r.Method, r.Path, r.Header.Get("Content-Type"), r.Body)...)
	}
	return out
}

// CheckRecording fails tb with one error per mismatch between the recorded requests
// (e.g. srv.Requests()) and Discord's spec: route, field path and reason.
func CheckRecording(tb testing.TB, reqs []discordtest.Request) {
	tb.Helper()
	spec, err := Default()
	if err != nil {
		tb.Fatalf("openapicheck: %v", err)
	}
	for _, m := range spec.CheckRequests(reqs) {
		tb.Errorf("request does not match Discord's OpenAPI spec: %s", m)
	}
}
