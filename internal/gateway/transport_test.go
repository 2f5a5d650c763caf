package gateway

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
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
