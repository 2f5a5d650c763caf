package restpolicy

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// TestParse429Scope: each of Discord's three signs of a global limit is
// enough on its own, a shared scope is kept, and a 429 from Discord with
// none of them is the route's.
func TestParse429Scope(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string]string
		body    string
		want    string
	}{
		{"X-RateLimit-Global only", map[string]string{"X-RateLimit-Global": "true", "X-RateLimit-Bucket": "b"}, `{"retry_after":1,"global":false}`, ScopeGlobal},
		{"scope global only", map[string]string{"X-RateLimit-Scope": "global"}, `{"retry_after":1}`, ScopeGlobal},
		{"JSON global only", map[string]string{"X-RateLimit-Bucket": "b"}, `{"retry_after":1,"global":true}`, ScopeGlobal},
		{"shared", map[string]string{"X-RateLimit-Scope": "shared", "X-RateLimit-Bucket": "b"}, `{"retry_after":1}`, ScopeShared},
		{"route", map[string]string{"X-RateLimit-Scope": "user", "X-RateLimit-Bucket": "b"}, `{"retry_after":1,"global":false}`, ScopeUser},
		{"HTML without Discord's headers", map[string]string{"Retry-After": "2"}, `<html>`, ScopeGlobal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.headers {
				h.Set(k, v)
			}
			if got := parse429(h, []byte(tt.body), time.Unix(0, 0)).scope; got != tt.want {
				t.Errorf("scope %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRetryCapStopsBeforeASuccess: with ten 429s before a 200, the default
// policy gives up after four attempts instead of waiting its way through.
func TestRetryCapStopsBeforeASuccess(t *testing.T) {
	limited := answer{status: 429, header: map[string]string{"Retry-After": "0.5", "X-RateLimit-Scope": "user", "X-RateLimit-Bucket": "b"}, body: `{"retry_after":0.5}`}
	var script []answer
	for range 10 {
		script = append(script, limited)
	}
	r := newRig(t, Options{})
	r.on("/api/v9/guilds/1/members/2", append(script, answer{status: 200, body: `{}`})...)
	_, err := r.do(context.Background(), "DELETE", "/api/v9/guilds/1/members/2")
	var rl *RateLimitedError
	if !errors.As(err, &rl) {
		t.Fatalf("err = %v, want RateLimitedError", err)
	}
	if n := r.hits("/api/v9/guilds/1/members/2"); n != 4 {
		t.Fatalf("attempts = %d, want 4", n)
	}
}

// TestParse429Wait: the precise waits (the body's retry_after, then
// X-RateLimit-Reset-After) win over Retry-After's whole seconds, so a
// 0.25 s limit is not waited out as 1 s.
func TestParse429Wait(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string]string
		body    string
		want    time.Duration
	}{
		{"body precise over Retry-After", map[string]string{"Retry-After": "1"}, `{"retry_after":0.25,"global":false}`, 250 * time.Millisecond},
		{"Reset-After over Retry-After", map[string]string{"Retry-After": "1", "X-RateLimit-Reset-After": "0.400"}, ``, 400 * time.Millisecond},
		{"Retry-After alone (HTML)", map[string]string{"Retry-After": "3"}, `<html>`, 3 * time.Second},
		{"nothing: one second", nil, ``, time.Second},
	}
	for _, tt := range tests {
		h := http.Header{}
		for k, v := range tt.headers {
			h.Set(k, v)
		}
		if got := parse429(h, []byte(tt.body), time.Unix(0, 0)).retryAfter; got != tt.want {
			t.Errorf("%s: wait %v, want %v", tt.name, got, tt.want)
		}
	}
}
