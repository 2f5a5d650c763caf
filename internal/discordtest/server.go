package discordtest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Server is a running Discord emulator: REST under /api/v9 and /api/v10 and the gateway
// websocket under /gateway, both on one 127.0.0.1 port. All methods are safe for concurrent use.
type Server struct {
	opts     Options
	ids      snowflakes
	ln       net.Listener
	http     *http.Server
	upgrader websocket.Upgrader
	base     string
	wg       sync.WaitGroup
	served   chan struct{}
	table    []route

	mu         sync.Mutex
	closed     bool
	w          world
	sessions   map[string]*session
	conns      map[int]*gwConn
	nextConn   int
	identifies int
	// start pacing (IdentifyWindow)
	lastIdentify map[int]time.Time
	paceRefusals int
	resumes      int
	heartbeats   int
	noAcks       bool
	failIdent    int
	noResumeURL  bool // READY without resume_gateway_url (SetResumeGatewayURL)
	faults       []*restFault
	requests     ring[Request]
	unknown      ring[Request]
	frames       ring[Frame]
	subs         map[*subscriber]struct{}
	notify       chan struct{}
	app          *appState // application commands and interactions (interactions.go)
}

// New starts an emulator listening on 127.0.0.1 on a free port.
func New(opts Options) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("discordtest: listen: %w", err)
	}
	s := &Server{
		opts:     opts.withDefaults(),
		ln:       ln,
		base:     "127.0.0.1:" + fmt.Sprint(ln.Addr().(*net.TCPAddr).Port),
		served:   make(chan struct{}),
		table:    routeTable(),
		w:        newWorld(),
		sessions: map[string]*session{},
		conns:    map[int]*gwConn{},
		subs:     map[*subscriber]struct{}{},
		upgrader: websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }},
	}
	s.addBotUser()
	s.http = &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second}
	go s.serve()
	return s, nil
}

// TB is the part of testing.TB that NewTB uses. It is declared here so
// that the emulator does not link the testing package into cogd's binary
// (cogd demo runs the emulator); a *testing.T satisfies it.
type TB interface {
	Helper()
	Fatal(args ...any)
	Cleanup(func())
}

// NewTB starts an emulator, fails tb when that is impossible and closes it at tb's cleanup.
func NewTB(tb TB, opts Options) *Server {
	tb.Helper()
	s, err := New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

// serve runs the HTTP server until Close.
func (s *Server) serve() {
	defer close(s.served)
	if err := s.http.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		s.logf("discordtest: serve: %v", err)
	}
}

// addBotUser stores the bot's own user.
func (s *Server) addBotUser() {
	s.w.users[s.opts.BotID] = &User{ID: s.opts.BotID, Username: s.opts.BotName, Bot: true}
}

// Close stops the listener, closes every connection and waits for every goroutine the
// server started. It is idempotent.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	conns := s.connList()
	subs := s.subList()
	s.mu.Unlock()
	if err := s.http.Close(); err != nil {
		s.logf("discordtest: close: %v", err)
	}
	for _, c := range conns {
		c.drop()
	}
	for _, sub := range subs {
		sub.close()
	}
	<-s.served
	s.wg.Wait()
}

// enter registers a running handler; it reports false once the server is closed.
func (s *Server) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	return true
}

// APIURL returns the REST base URL, "http://127.0.0.1:PORT/api/v9".
func (s *Server) APIURL() string { return "http://" + s.base + "/api/v9" }

// GatewayURL returns the websocket URL that GET /gateway reports, "ws://127.0.0.1:PORT/gateway".
func (s *Server) GatewayURL() string { return "ws://" + s.base + "/gateway" }

// Addr returns the host:port the server listens on.
func (s *Server) Addr() string { return s.base }

// Token returns the accepted bot token (without the "Bot " prefix).
func (s *Server) Token() string { return s.opts.Token }

// BotID returns the bot user's ID.
func (s *Server) BotID() string { return s.opts.BotID }

// OwnerID returns the application owner's user ID.
func (s *Server) OwnerID() string { return s.opts.OwnerID }
