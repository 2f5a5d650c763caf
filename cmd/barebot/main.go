// Command barebot is the baseline of `make bench-e2e`: a bare discordgo
// v0.29.0 bot that answers "!ping" with a reply and does nothing else. It
// uses cogd's intents and HTTP transport settings, and reaches
// DISCORD_API_URL the way cogd does: a per-session RoundTripper rewrites
// discordgo's https://discord.com/api/v9 URLs (no discordgo globals are
// assigned).
//
//	DISCORD_TOKEN=… DISCORD_API_URL=http://127.0.0.1:PORT/api/v9 barebot
package main

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/bwmarrin/discordgo"
)

// intents are cogd's (internal/bot.Intents), so both bots receive the same events.
const intents = discordgo.IntentGuilds | discordgo.IntentGuildMembers | discordgo.IntentGuildMessages |
	discordgo.IntentMessageContent | discordgo.IntentDirectMessages | discordgo.IntentGuildModeration

// rewriter sends requests for discord.com/api/v9 to base.
type rewriter struct {
	base *url.URL
	next http.RoundTripper
}

func (r rewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != "discord.com" || !strings.HasPrefix(req.URL.Path, "/api/v9/") {
		return r.next.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host, out.Host = r.base.Scheme, r.base.Host, r.base.Host
	out.URL.Path = r.base.Path + strings.TrimPrefix(req.URL.Path, "/api/v9")
	return r.next.RoundTrip(out)
}

// client is cogd's REST client (internal/gateway.NewHTTPClient) in a few lines.
func client(apiURL string) (*http.Client, error) {
	u, err := url.Parse(strings.TrimRight(apiURL, "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("DISCORD_API_URL %q: want an absolute http(s) URL", apiURL)
	}
	base := &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true,
		DialContext:  (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns: 256, MaxIdleConnsPerHost: 64, IdleConnTimeout: 90 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second, ExpectContinueTimeout: time.Second}
	return &http.Client{Timeout: 20 * time.Second, Transport: rewriter{base: u, next: base}}, nil
}

func onMessage(s *discordgo.Session, m *discordgo.MessageCreate) {
	if m.Author == nil || m.Author.Bot || m.Content != "!ping" {
		return
	}
	_, _ = s.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{Content: "Pong!", Reference: m.Reference(),
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}})
}

func run() error {
	dg, err := discordgo.New("Bot " + strings.TrimPrefix(os.Getenv("DISCORD_TOKEN"), "Bot "))
	if err != nil {
		return fmt.Errorf("new session: %w", err)
	}
	if dg.Client, err = client(os.Getenv("DISCORD_API_URL")); err != nil {
		return err
	}
	dg.Identify.Intents, dg.Identify.Compress, dg.Compress = intents, false, false
	dg.AddHandler(onMessage)
	if err := dg.Open(); err != nil {
		return fmt.Errorf("open: %w", err)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	return dg.Close()
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "barebot:", err)
		os.Exit(1)
	}
}
