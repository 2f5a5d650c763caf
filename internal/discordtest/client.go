package discordtest

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Transport is an http.RoundTripper that sends requests for https://discord.com (any path)
// to the emulator, keeping the path, so discordgo's hard-coded endpoints reach it.
type Transport struct {
	// Addr is the emulator's host:port.
	Addr string
	// Base carries the rewritten requests; nil means a private http.Transport.
	Base *http.Transport
}

// RoundTrip rewrites discord.com URLs to the emulator and sends the request.
func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Host, "discord.com") || strings.HasSuffix(r.URL.Host, "discordapp.com") {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host, r.Host = "http", t.Addr, t.Addr
	}
	resp, err := t.Base.RoundTrip(r)
	if err != nil {
		return nil, fmt.Errorf("discordtest transport: %w", err)
	}
	return resp, nil
}

// CloseIdleConnections closes the idle keep-alive connections.
func (t *Transport) CloseIdleConnections() { t.Base.CloseIdleConnections() }

// Transport returns a new Transport to this server; close its idle connections when done.
func (s *Server) Transport() *Transport {
	return &Transport{Addr: s.base, Base: &http.Transport{MaxIdleConnsPerHost: 64}}
}

// NewSession returns an unopened discordgo session authenticated as the bot whose REST
// client goes to this server. intents is the IDENTIFY intents. Call Close on the session
// and CloseIdleConnections on its transport (session.Client.Transport) when done.
func (s *Server) NewSession(intents discordgo.Intent) (*discordgo.Session, error) {
	dg, err := discordgo.New("Bot " + s.opts.Token)
	if err != nil {
		return nil, fmt.Errorf("discordtest: new session: %w", err)
	}
	dg.Client = &http.Client{Transport: s.Transport()}
	dg.Identify.Intents = intents
	return dg, nil
}

// Open opens dg and waits until its session has sent the first heartbeat. discordgo starts
// its heartbeat goroutine after Open returns; closing the session (or the connection)
// before that heartbeat makes the goroutine's failed write trigger a second reconnect,
// which then loops forever. Tests should open sessions through this method.
func (s *Server) Open(ctx context.Context, dg *discordgo.Session) error {
	if err := dg.Open(); err != nil {
		return fmt.Errorf("discordtest: open session: %w", err)
	}
	dg.State.RLock()
	id := dg.State.Ready.SessionID
	dg.State.RUnlock()
	return s.WaitFor(ctx, func() bool { return s.sessionHeartbeats(id) > 0 })
}

// sessionHeartbeats returns the heartbeats received on session id.
func (s *Server) sessionHeartbeats(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ss := s.sessions[id]; ss != nil {
		return ss.heartbeats
	}
	return 0
}
