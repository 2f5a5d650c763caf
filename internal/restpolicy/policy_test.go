package restpolicy

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// globalNoResetAfter is Discord's global 429 as issue 14 saw it: no
// X-RateLimit-Reset-After, which discordgo needs to set its global lock.
var globalNoResetAfter = answer{status: 429, header: map[string]string{
	"Retry-After": "1", "X-RateLimit-Global": "true", "X-RateLimit-Scope": "global", "Content-Type": "application/json",
}, body: `{"message":"You are being rate limited.","retry_after":1,"global":true}`}

func TestGlobal429StopsEveryRoute(t *testing.T) {
	tests := []struct {
		name   string
		first  answer
		later  time.Duration
		method string
		path   string
	}{
		{"send to another channel 100ms later", globalNoResetAfter, 100 * time.Millisecond, "POST", "/api/v9/channels/2/messages"},
		{"ban 300ms later", globalNoResetAfter, 300 * time.Millisecond, "PUT", "/api/v9/guilds/9/bans/7"},
		{"scope header only, no Global header", answer{status: 429, header: map[string]string{"Retry-After": "1", "X-RateLimit-Scope": "global"}, body: `{"retry_after":1}`},
			300 * time.Millisecond, "PUT", "/api/v9/guilds/9/bans/7"},
		{"JSON global only", answer{status: 429, header: map[string]string{"Retry-After": "1", "X-RateLimit-Bucket": "b"}, body: `{"retry_after":1,"global":true}`},
			300 * time.Millisecond, "DELETE", "/api/v9/channels/3/messages/4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, Options{})
			r.on("/api/v9/channels/1/messages", tt.first)
			// The first request may not wait (deadline): it fails, and the lock stays.
			_, err := r.do(r.deadline(500*time.Millisecond), "POST", "/api/v9/channels/1/messages")
			var rl *RateLimitedError
			if !errors.As(err, &rl) || rl.Scope != ScopeGlobal || rl.RetryAfter != time.Second {
				t.Fatalf("first request: %v, want global RateLimitedError{1s}", err)
			}
			r.reset()
			r.clock.Advance(tt.later)
			if status, err := r.do(context.Background(), tt.method, tt.path); err != nil || status != 200 {
				t.Fatalf("later request: %d %v", status, err)
			}
			want := []string{"sleep " + (time.Second - tt.later).String(), tt.method + " " + tt.path}
			if got := r.events(); !slices.Equal(got, want) {
				t.Fatalf("events = %q, want %q (the later request waits out the global limit first)", got, want)
			}
		})
	}
}

func TestInteractionCallbacksBypassGlobalLock(t *testing.T) {
	r := newRig(t, Options{})
	r.on("/api/v9/channels/1/messages", globalNoResetAfter)
	if _, err := r.do(r.deadline(100*time.Millisecond), "POST", "/api/v9/channels/1/messages"); err == nil {
		t.Fatal("want the global 429 as an error")
	}
	r.reset()
	for _, path := range []string{"/api/v9/interactions/5/aW50ZXJhY3Rpb24/callback", "/api/v9/webhooks/6/dG9rZW4", "/api/v9/webhooks/6/dG9rZW4/messages/@original"} {
		if status, err := r.do(context.Background(), "POST", path); err != nil || status != 200 {
			t.Fatalf("%s: %d %v", path, status, err)
		}
	}
	if got := r.events(); len(got) != 3 || slices.ContainsFunc(got, func(e string) bool { return strings.HasPrefix(e, "sleep") }) {
		t.Fatalf("events = %q: interaction endpoints must not wait on the global lock", got)
	}
	// Everything else still waits.
	if _, err := r.do(context.Background(), "GET", "/api/v9/users/@me"); err != nil {
		t.Fatal(err)
	}
	if got := r.events(); got[3] != "sleep 1s" {
		t.Fatalf("events = %q, want a 1s wait before GET /users/@me", got)
	}
}

func TestHTML429HonoursRetryAfter(t *testing.T) {
	html := answer{status: 429, header: map[string]string{"Retry-After": "2", "Content-Type": "text/html"},
		body: "<!DOCTYPE html><html><title>Access denied | discord.com used Cloudflare to restrict access</title></html>"}
	r := newRig(t, Options{})
	r.on("/api/v9/channels/1/messages", html, answer{status: 200, body: `{}`})
	status, err := r.do(context.Background(), "POST", "/api/v9/channels/1/messages")
	if err != nil || status != 200 {
		t.Fatalf("got %d %v, want 200 after waiting", status, err)
	}
	want := []string{"POST /api/v9/channels/1/messages", "sleep 2s", "POST /api/v9/channels/1/messages"}
	if got := r.events(); !slices.Equal(got, want) {
		t.Fatalf("events = %q, want %q", got, want)
	}
	// Not Discord's answer: the IP is limited, so every route waits.
	r.on("/api/v9/channels/1/messages", html)
	r.reset()
	_, err = r.do(r.deadline(time.Second), "POST", "/api/v9/channels/1/messages")
	var rl *RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 2*time.Second || rl.Scope != ScopeGlobal {
		t.Fatalf("err = %v, want RateLimitedError{2s, global}", err)
	}
	if !strings.Contains(rl.UserMessage(), "try again in 2 s") || rl.Kind() != "upstream_error" {
		t.Fatalf("UserMessage %q, Kind %q", rl.UserMessage(), rl.Kind())
	}
}

func TestSharedScopeNotCountedAsInvalid(t *testing.T) {
	shared := answer{status: 429, header: map[string]string{"Retry-After": "1", "X-RateLimit-Scope": "shared", "X-RateLimit-Bucket": "abc"},
		body: `{"message":"You are being rate limited.","retry_after":1,"global":false}`}
	user := answer{status: 429, header: map[string]string{"Retry-After": "1", "X-RateLimit-Scope": "user", "X-RateLimit-Bucket": "abc"},
		body: `{"retry_after":1}`}
	r := newRig(t, Options{})
	r.on("/api/v9/channels/1/messages", shared, answer{status: 200})
	if status, err := r.do(context.Background(), "POST", "/api/v9/channels/1/messages"); err != nil || status != 200 {
		t.Fatalf("shared: %d %v, want 200 after one wait", status, err)
	}
	if n := r.policy.InvalidRequests(); n != 0 || r.obs.ratelimits[ScopeShared] != 1 {
		t.Fatalf("after a shared 429: invalid = %d, ratelimits = %v", n, r.obs.ratelimits)
	}
	r.on("/api/v9/channels/1/messages", user, answer{status: 200})
	if _, err := r.do(context.Background(), "POST", "/api/v9/channels/1/messages"); err != nil {
		t.Fatal(err)
	}
	if n := r.policy.InvalidRequests(); n != 1 {
		t.Fatalf("after a user 429: invalid = %d, want 1", n)
	}
}

func TestRetryCap(t *testing.T) {
	limited := answer{status: 429, header: map[string]string{"Retry-After": "0.5", "X-RateLimit-Scope": "user", "X-RateLimit-Bucket": "b"}, body: `{"retry_after":0.5}`}
	r := newRig(t, Options{})
	r.on("/api/v9/guilds/1/members/2", limited)
	_, err := r.do(context.Background(), "DELETE", "/api/v9/guilds/1/members/2")
	var rl *RateLimitedError
	if !errors.As(err, &rl) || rl.Scope != ScopeUser || rl.Route != "DELETE /guilds/{id}/members/{id}" {
		t.Fatalf("err = %v, want RateLimitedError", err)
	}
	if n := r.hits("/api/v9/guilds/1/members/2"); n != 1+DefaultMaxRetries || DefaultMaxRetries != 3 {
		t.Fatalf("attempts = %d (DefaultMaxRetries %d), want 4: one and three retries", n, DefaultMaxRetries)
	}
	if r.obs.retries != 3 {
		t.Fatalf("retries counted = %d, want 3", r.obs.retries)
	}
}

func Test5xxBackoff(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			for _, jitter := range []func(time.Duration) time.Duration{
				func(time.Duration) time.Duration { return 0 },
				func(d time.Duration) time.Duration { return d },
			} {
				r := newRig(t, Options{Jitter: jitter})
				r.on("/api/v9/channels/1/messages", answer{status: status, body: `{"message":"oops"}`})
				_, err := r.do(context.Background(), "POST", "/api/v9/channels/1/messages")
				var ue *UnavailableError
				if !errors.As(err, &ue) || ue.Status != status || ue.Attempts != 4 {
					t.Fatalf("err = %v, want UnavailableError{%d, 4 attempts}", err, status)
				}
				if ue.Kind() != "upstream_error" || !strings.Contains(ue.UserMessage(), "Discord is having trouble") {
					t.Fatalf("UserMessage %q Kind %q", ue.UserMessage(), ue.Kind())
				}
				if n := r.hits("/api/v9/channels/1/messages"); n != 4 {
					t.Fatalf("attempts = %d, want 4", n)
				}
				if len(r.sleeps) != 3 {
					t.Fatalf("waits = %v, want 3", r.sleeps)
				}
				for i, d := range r.sleeps {
					if d < 100*time.Millisecond || d > DefaultBackoffMax || (i > 0 && d <= r.sleeps[i-1]) {
						t.Fatalf("waits = %v: want growing waits between 100ms and %v", r.sleeps, DefaultBackoffMax)
					}
				}
			}
		})
	}
}

func TestBackoffIsBounded(t *testing.T) {
	p := New(Options{Jitter: func(d time.Duration) time.Duration { return d }})
	for n := range 64 {
		if d := p.backoff(n); d <= 0 || d > DefaultBackoffMax {
			t.Fatalf("backoff(%d) = %v", n, d)
		}
	}
}

func TestDeadlineRespected(t *testing.T) {
	t.Run("429 longer than the deadline", func(t *testing.T) {
		r := newRig(t, Options{})
		r.on("/api/v9/channels/1/messages", answer{status: 429, header: map[string]string{"Retry-After": "2", "X-RateLimit-Scope": "user", "X-RateLimit-Bucket": "b"}, body: `{"retry_after":2}`})
		_, err := r.do(r.deadline(1500*time.Millisecond), "POST", "/api/v9/channels/1/messages")
		var rl *RateLimitedError
		if !errors.As(err, &rl) || rl.RetryAfter != 2*time.Second {
			t.Fatalf("err = %v", err)
		}
		if n, s := r.hits("/api/v9/channels/1/messages"), len(r.sleeps); n != 1 || s != 0 {
			t.Fatalf("attempts %d, waits %d: no retry may start past the deadline", n, s)
		}
	})
	t.Run("5xx backoff until the deadline", func(t *testing.T) {
		r := newRig(t, Options{Jitter: func(time.Duration) time.Duration { return 0 }}) // waits 200ms, 400ms, 800ms
		r.on("/api/v9/channels/1/messages", answer{status: 503})
		_, err := r.do(r.deadline(time.Second), "POST", "/api/v9/channels/1/messages")
		var ue *UnavailableError
		if !errors.As(err, &ue) || ue.Attempts != 3 {
			t.Fatalf("err = %v, want UnavailableError after 3 attempts", err)
		}
		if !slices.Equal(r.sleeps, []time.Duration{200 * time.Millisecond, 400 * time.Millisecond}) {
			t.Fatalf("waits = %v", r.sleeps)
		}
	})
}

func TestBucketHeadersHoldRequests(t *testing.T) {
	r := newRig(t, Options{})
	r.on("/api/v9/channels/1/messages", answer{status: 200, header: map[string]string{
		"X-RateLimit-Bucket": "h1", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "0.750", "X-RateLimit-Limit": "5"}})
	if _, err := r.do(context.Background(), "POST", "/api/v9/channels/1/messages"); err != nil {
		t.Fatal(err)
	}
	// Same bucket, other channel (another major parameter): not held.
	if _, err := r.do(context.Background(), "POST", "/api/v9/channels/2/messages"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.do(context.Background(), "POST", "/api/v9/channels/1/messages"); err != nil {
		t.Fatal(err)
	}
	want := []string{"POST /api/v9/channels/1/messages", "POST /api/v9/channels/2/messages", "sleep 750ms", "POST /api/v9/channels/1/messages"}
	if got := r.events(); !slices.Equal(got, want) {
		t.Fatalf("events = %q, want %q", got, want)
	}
}

func TestRateLimitHeadersHiddenFromDiscordgo(t *testing.T) {
	r := newRig(t, Options{})
	r.on("/api/v9/users/@me", answer{status: 200, header: map[string]string{"X-RateLimit-Bucket": "h", "X-RateLimit-Remaining": "0",
		"X-RateLimit-Reset-After": "60", "X-RateLimit-Global": "true", "X-Other": "kept"}})
	req, _ := http.NewRequest("GET", r.srv.URL+"/api/v9/users/@me", nil)
	resp, err := r.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	for k := range resp.Header {
		if strings.HasPrefix(k, "X-Ratelimit") {
			t.Errorf("header %s reached the caller", k)
		}
	}
	if resp.Header.Get("X-Other") != "kept" {
		t.Error("other headers must pass")
	}
}

func TestInvalidRequestWindow(t *testing.T) {
	var logs bytes.Buffer
	r := newRig(t, Options{InvalidLimit: 10, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	r.on("/api/v9/guilds/1/bans/2", answer{status: 403, body: `{"message":"Missing Permissions","code":50013}`})
	for i := 1; i <= 7; i++ {
		if status, err := r.do(context.Background(), "PUT", "/api/v9/guilds/1/bans/2"); err != nil || status != 403 {
			t.Fatalf("request %d: %d %v", i, status, err)
		}
		if warned := strings.Contains(logs.String(), "half of Discord's invalid-request limit"); warned != (i >= 5) {
			t.Fatalf("after %d invalid requests of 10: warned = %v", i, warned)
		}
		r.clock.Advance(time.Second)
	}
	if strings.Count(logs.String(), "level=WARN") != 1 {
		t.Fatalf("warn once, got:\n%s", logs.String())
	}
	if _, err := r.do(context.Background(), "GET", "/api/v9/users/@me"); err != nil {
		t.Fatalf("at 70%%: %v", err)
	}
	if _, err := r.do(context.Background(), "PUT", "/api/v9/guilds/1/bans/2"); err != nil {
		t.Fatal(err)
	}
	if r.obs.invalid != 8 {
		t.Fatalf("gauge = %d, want 8", r.obs.invalid)
	}
	r.reset()
	// At 80 % every request is held back: refused inside the deadline.
	_, err := r.do(r.deadline(time.Minute), "GET", "/api/v9/users/@me")
	var rl *RateLimitedError
	if !errors.As(err, &rl) || rl.Scope != ScopeInvalid || len(r.events()) != 0 {
		t.Fatalf("at 80%%: err = %v, events %q: want a refusal before sending", err, r.events())
	}
	// The first invalid request leaves the window 10 minutes after it was made.
	if want := 10*time.Minute - 8*time.Second; rl.RetryAfter < want-time.Second || rl.RetryAfter > want+time.Second {
		t.Fatalf("RetryAfter = %v, want about %v", rl.RetryAfter, want)
	}
	r.clock.Advance(rl.RetryAfter)
	if status, err := r.do(r.deadline(time.Minute), "GET", "/api/v9/users/@me"); err != nil || status != 200 {
		t.Fatalf("after the window moved: %d %v", status, err)
	}
}

func TestLatency(t *testing.T) {
	r := newRig(t, Options{})
	if r.policy.Latency() != 0 {
		t.Fatal("latency before any request")
	}
	r.onHit = func() { r.clock.Advance(100 * time.Millisecond) }
	for range 3 {
		if _, err := r.do(context.Background(), "GET", "/api/v9/users/@me"); err != nil {
			t.Fatal(err)
		}
	}
	if got := r.policy.Latency(); got != 100*time.Millisecond {
		t.Fatalf("latency = %v, want 100ms", got)
	}
}

func TestRouteTemplates(t *testing.T) {
	tests := []struct{ method, path, want string }{
		{"POST", "/api/v9/channels/123456789012345678/messages", "POST /channels/{id}/messages"},
		{"PUT", "/api/v10/guilds/1/bans/2", "PUT /guilds/{id}/bans/{id}"},
		{"POST", "/api/v9/interactions/11/aW50/callback", "POST /interactions/{id}/{token}/callback"},
		{"PATCH", "/api/v9/webhooks/3/tok/messages/@original", "PATCH /webhooks/{id}/{token}/messages/@original"},
		{"PUT", "/api/v9/channels/1/messages/2/reactions/%F0%9F%91%8D/@me", "PUT /channels/{id}/messages/{id}/reactions/{emoji}/@me"},
		{"GET", "/api/v9/users/@me", "GET /users/@me"},
	}
	for _, tt := range tests {
		if got := Route(tt.method, tt.path); got != tt.want {
			t.Errorf("Route(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
	if bucketRoute("POST", "/api/v9/channels/1/messages") == bucketRoute("POST", "/api/v9/channels/2/messages") {
		t.Error("the major parameter must be part of the bucket route")
	}
}
