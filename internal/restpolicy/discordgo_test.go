package restpolicy

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// toServer sends discord.com requests to the rig's server.
type toServer struct {
	host string
	next http.RoundTripper
}

func (t toServer) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host, out.Host = "http", t.host, t.host
	return t.next.RoundTrip(out)
}

// TestTypedErrorsThroughDiscordgo checks that discordgo hands the policy's
// errors back reachable with errors.As (http.Client wraps them in
// *url.Error, which discordgo returns as is).
func TestTypedErrorsThroughDiscordgo(t *testing.T) {
	r := newRig(t, Options{})
	host := strings.TrimPrefix(r.srv.URL, "http://")
	s, err := discordgo.New("Bot x")
	if err != nil {
		t.Fatal(err)
	}
	s.ShouldRetryOnRateLimit = false
	s.Client = &http.Client{Transport: toServer{host: host, next: r.policy}}
	r.on("/api/v9/channels/1/messages", answer{status: 429, header: map[string]string{"Retry-After": "3", "Content-Type": "text/html"}, body: "<html>"})
	r.on("/api/v9/guilds/2/bans/3", answer{status: 502, body: "<html>bad gateway</html>"})

	_, err = s.ChannelMessageSend("1", "hi")
	var rl *RateLimitedError
	var ue *url.Error
	if !errors.As(err, &rl) || !errors.As(err, &ue) || rl.RetryAfter.Seconds() != 3 {
		t.Fatalf("send: %v (%T), want a *url.Error around *RateLimitedError", err, err)
	}
	err = s.GuildBanCreate("2", "3", 0)
	var un *UnavailableError
	if !errors.As(err, &un) || un.Status != 502 || un.Attempts != 4 {
		t.Fatalf("ban: %v, want *UnavailableError after 4 attempts", err)
	}
	// The user-facing contract of the error handler.
	var uf interface {
		UserMessage() string
		Kind() string
	}
	if !errors.As(err, &uf) || uf.Kind() != "upstream_error" {
		t.Fatalf("ban error does not classify itself: %v", err)
	}
}
