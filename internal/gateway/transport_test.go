package gateway

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/discordtest"
	"cogd/internal/fakeclock"
	"cogd/internal/restpolicy"
)

func TestRewriterRoutesDiscordAPI(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Method+" "+r.URL.EscapedPath()+"?"+r.URL.RawQuery)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"url":"ws://x"}`))
	}))
	defer srv.Close()
	tests := []struct{ base, want string }{
		{srv.URL + "/api/v9", "GET /api/v9/gateway?"},
		{srv.URL + "/api/v10/", "GET /api/v10/gateway?"},
		{srv.URL + "/proxy/api/v9", "GET /proxy/api/v9/gateway?"},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			got = nil
			c, err := NewHTTPClient(tt.base, 0)
			if err != nil {
				t.Fatal(err)
			}
			s, _ := discordgo.New("Bot x")
			s.Client = c
			if _, err := s.Gateway(); err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0] != tt.want {
				t.Fatalf("requests = %v, want %q", got, tt.want)
			}
		})
	}
}

func TestRewriterRejectsBadBase(t *testing.T) {
	for _, base := range []string{"", "discord.com/api", "ftp://x/api", "http://"} {
		if _, err := NewRewriter(base, nil); err == nil {
			t.Errorf("NewRewriter(%q) accepted", base)
		}
	}
}

func TestFatalCodes(t *testing.T) {
	for _, code := range []int{4004, 4010, 4011, 4012, 4013, 4014} {
		if !IsFatalCode(code) {
			t.Errorf("%d should be fatal", code)
		}
	}
	for _, code := range []int{1000, 1001, 1006, 4000, 4007, 4009} {
		if IsFatalCode(code) {
			t.Errorf("%d should be retried", code)
		}
	}
	if msg := (&FatalError{Shard: 2, Code: 4014}).Error(); msg == "" || !strings.Contains(msg, "Privileged Gateway Intents") {
		t.Errorf("4014 message = %q", msg)
	}
}

func TestMissingIntents(t *testing.T) {
	all := discordgo.IntentGuildMembers | discordgo.IntentMessageContent
	if m := MissingIntents(all, 1<<15|1<<19); len(m) != 0 {
		t.Errorf("limited flags should count: %v", m)
	}
	if m := MissingIntents(all, 1<<14); len(m) != 1 || m[0] != "Message Content Intent" {
		t.Errorf("missing = %v", m)
	}
}

// TestRESTClientHonoursGlobal429 is issue 14's probe: Discord's global
// 429 without X-RateLimit-Reset-After, then a send to another channel and
// a ban shortly after. Both must wait out the global limit.
func TestRESTClientHonoursGlobal429(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		later time.Duration
		call  func(s *discordgo.Session, demo discordtest.Demo) error
		path  string
	}{
		{"send to another channel 100ms later", 100 * time.Millisecond, func(s *discordgo.Session, d discordtest.Demo) error {
			_, err := s.ChannelMessageSend(d.Modlog, "hi")
			return err
		}, "/messages"},
		{"ban 300ms later", 300 * time.Millisecond, func(s *discordgo.Session, d discordtest.Demo) error {
			return s.GuildBanCreate(d.Guild, d.Bob, 0)
		}, "/bans/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			emu := discordtest.NewTB(t, discordtest.Options{})
			demo := emu.SeedDemo()
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
			client, _, err := NewRESTClient(emu.APIURL(), 10*time.Second, restpolicy.Options{Now: clock.Now, Sleep: sleep, MaxRetries: -1})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(client.CloseIdleConnections)
			s, _ := discordgo.New("Bot " + emu.Token())
			s.Client, s.ShouldRetryOnRateLimit = client, false
			emu.FailRESTRateLimit("POST", "/channels/", 1, discordtest.RateLimitGlobal, time.Second)
			_, err = s.ChannelMessageSend(demo.General, "first")
			var rl *restpolicy.RateLimitedError
			if !errors.As(err, &rl) || rl.Scope != restpolicy.ScopeGlobal {
				t.Fatalf("first send: %v, want a global *restpolicy.RateLimitedError", err)
			}
			clock.Advance(tt.later)
			if err := tt.call(s, demo); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if want := time.Second - tt.later; len(sleeps) != 1 || sleeps[0] != want {
				t.Fatalf("waits = %v, want [%v] before the request went out", sleeps, want)
			}
			if rs := emu.Requests(); len(rs) != 2 || !strings.Contains(rs[1].Path, tt.path) || rs[1].Status/100 != 2 {
				t.Fatalf("requests = %+v", rs)
			}
		})
	}
}
