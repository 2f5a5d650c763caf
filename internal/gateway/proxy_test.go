package gateway

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/discordtest"
	"cogd/internal/fakeclock"
	"cogd/internal/restpolicy"
)

// restProxy is a shared REST rate-limit proxy in the style of nirn-proxy in
// front of the emulator: it passes requests through, except the first
// `refuse` message sends, which it answers itself with a 429 carrying
// Retry-After and its generated-by-proxy header but neither Discord's
// rate-limit headers nor its JSON body.
type restProxy struct {
	mu      sync.Mutex
	refuse  int
	seen    []string // "429" or "pass", per request
	srv     *httptest.Server
	forward *httputil.ReverseProxy
}

func newRESTProxy(t *testing.T, emu *discordtest.Server, refuse int) *restProxy {
	t.Helper()
	target, err := url.Parse(emu.APIURL())
	if err != nil {
		t.Fatal(err)
	}
	target.Path = ""
	p := &restProxy{refuse: refuse, forward: httputil.NewSingleHostReverseProxy(target)}
	p.srv = httptest.NewServer(p)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *restProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	refuse := r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/messages") && p.refuse > 0
	if refuse {
		p.refuse--
		p.seen = append(p.seen, "429")
	} else {
		p.seen = append(p.seen, "pass")
	}
	p.mu.Unlock()
	if !refuse {
		p.forward.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Retry-After", "2")
	w.Header().Set("generated-by-proxy", "true")
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte("429 Too Many Requests: proxy queue full\n"))
}

func (p *restProxy) log() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen...)
}

// TestSharedRESTProxy429: behind a shared REST proxy (DISCORD_API_URL
// pointing at it), a 429 the proxy makes up — Retry-After, no Discord
// headers, no JSON — is honoured: the send waits Retry-After once (the
// policy's wait; nothing else adds one) and goes through on its one retry;
// the requests after it, whose Discord bucket headers the proxy passes
// through, reach the proxy once each without waiting.
func TestSharedRESTProxy429(t *testing.T) {
	t.Parallel()
	emu := discordtest.NewTB(t, discordtest.Options{})
	demo := emu.SeedDemo()
	proxy := newRESTProxy(t, emu, 1)
	clock := fakeclock.New(time.Now())
	var mu sync.Mutex
	var sleeps []time.Duration
	sleep := func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		sleeps = append(sleeps, d)
		mu.Unlock()
		clock.Advance(d)
		return ctx.Err()
	}
	client, _, err := NewRESTClient(proxy.srv.URL+"/api/v9", 10*time.Second, restpolicy.Options{Now: clock.Now, Sleep: sleep})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.CloseIdleConnections)
	s, _ := discordgo.New("Bot " + emu.Token())
	s.Client, s.ShouldRetryOnRateLimit = client, false
	if _, err := s.ChannelMessageSend(demo.General, "through the proxy"); err != nil {
		t.Fatalf("send behind the proxy: %v", err)
	}
	for i := range 3 { // Discord's bucket headers pass through the proxy
		if _, err := s.ChannelMessageSend(demo.General, "again "+string(rune('a'+i))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.User("@me"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(sleeps) != 1 || sleeps[0] != 2*time.Second {
		t.Fatalf("waits = %v, want one of Retry-After (2s): the proxy's 429 honoured once, nothing counted twice", sleeps)
	}
	if got := proxy.log(); strings.Join(got, " ") != "429 pass pass pass pass pass" {
		t.Fatalf("the proxy saw %v, want one refusal, then each request once", got)
	}
	if n := len(emu.Messages(demo.General)); n != 4 {
		t.Fatalf("%d messages posted, want 4", n)
	}
}
