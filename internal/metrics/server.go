package metrics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// ReadyTimeout bounds one readiness check of /readyz.
const ReadyTimeout = 2 * time.Second

// ErrServerStarted is returned by a second call to Server.Start.
var ErrServerStarted = errors.New("metrics: server already started")

// Server serves /metrics, /healthz and /readyz. Create one with NewServer,
// then Start it and Shutdown it once each.
type Server struct {
	addr    string
	handler http.Handler

	mu   sync.Mutex
	srv  *http.Server
	ln   net.Listener
	done chan struct{} // closed when Serve returns
	err  error         // Serve's unexpected error, set before done closes
}

// NewServer returns a server for addr ("127.0.0.1:9090"; port 0 picks a free
// one) exporting m's registry. /readyz answers 200 when ready returns nil
// within ReadyTimeout and 503 with the error text otherwise; a nil ready is
// always ready.
func NewServer(addr string, m *Metrics, ready func(ctx context.Context) error) *Server {
	return &Server{addr: addr, handler: newMux(m, ready)}
}

// newMux routes the three endpoints.
func newMux(m *Metrics, ready func(context.Context) error) *http.ServeMux {
	mux := http.NewServeMux()
	if m != nil {
		mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry(), promhttp.HandlerOpts{
			ErrorHandling: promhttp.ContinueOnError,
		}))
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeText(w, http.StatusOK, "ok")
	})
	mux.Handle("GET /readyz", readyHandler(ready))
	return mux
}

// readyHandler answers whether ready reports the process ready.
func readyHandler(ready func(context.Context) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ready != nil {
			ctx, cancel := context.WithTimeout(r.Context(), ReadyTimeout)
			defer cancel()
			if err := ready(ctx); err != nil {
				writeText(w, http.StatusServiceUnavailable, "not ready: "+err.Error())
				return
			}
		}
		writeText(w, http.StatusOK, "ready")
	}
}

// writeText writes a one-line plain-text response.
func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, text+"\n")
}

// Handler returns the server's routes, for tests and for mounting
// elsewhere.
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on the server's address and serves in the background until
// Shutdown. ctx bounds the listen and carries values to requests; its
// cancellation does not stop the server.
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return ErrServerStarted
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.addr)
	if err != nil {
		return fmt.Errorf("metrics: listen on %s: %w", s.addr, err)
	}
	s.srv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	s.ln, s.done = ln, make(chan struct{})
	go s.serve(s.srv, ln, s.done)
	return nil
}

// serve runs srv on ln and records an unexpected failure.
func (s *Server) serve(srv *http.Server, ln net.Listener, done chan<- struct{}) {
	defer close(done)
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		s.mu.Lock()
		s.err = fmt.Errorf("metrics: serve: %w", err)
		s.mu.Unlock()
	}
}

// Addr returns the address the server listens on once started (with the
// real port if the configured one was 0), the configured address before.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return s.addr
	}
	return s.ln.Addr().String()
}

// Shutdown stops accepting connections and waits for open requests to
// finish until ctx ends, then closes the rest. It returns after the serving
// goroutine has exited. Shutdown of a server never started returns nil.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	srv, done := s.srv, s.done
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	err := srv.Shutdown(ctx)
	if err != nil {
		err = errors.Join(fmt.Errorf("metrics: shutdown: %w", err), srv.Close())
	}
	<-done
	s.mu.Lock()
	defer s.mu.Unlock()
	return errors.Join(err, s.err)
}
