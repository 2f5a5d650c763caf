package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// get fetches url and returns its status and trimmed body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, strings.TrimSpace(string(body))
}

// startServer starts s on a free port and shuts it down at test end.
func startServer(t *testing.T, s *Server) string {
	t.Helper()
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Shutdown(context.Background()); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	})
	return "http://" + s.Addr()
}

func TestServerEndpoints(t *testing.T) {
	m := New(Options{})
	var ready atomic.Bool
	s := NewServer("127.0.0.1:0", m, func(context.Context) error {
		if !ready.Load() {
			return errors.New("shard 0 not ready")
		}
		return nil
	})
	base := startServer(t, s)
	m.CommandDone("ping", OutcomeOK, time.Millisecond)

	steps := []struct {
		name     string
		setReady bool
		path     string
		status   int
		body     string
	}{
		{"healthz", false, "/healthz", 200, "ok"},
		{"readyz before ready", false, "/readyz", 503, "not ready: shard 0 not ready"},
		{"readyz after ready", true, "/readyz", 200, "ready"},
		{"healthz still", true, "/healthz", 200, "ok"},
		{"metrics", true, "/metrics", 200, `cogd_commands_total{command="ping",outcome="ok"} 1`},
		{"unknown path", true, "/nope", 404, "404 page not found"},
	}
	for _, st := range steps {
		ready.Store(st.setReady)
		status, body := get(t, base+st.path)
		if status != st.status || !strings.Contains(body, st.body) {
			t.Errorf("%s: GET %s = %d %q; want %d containing %q", st.name, st.path, status, body, st.status, st.body)
		}
	}
}

func TestServerReadyTimeout(t *testing.T) {
	s := NewServer("", nil, func(ctx context.Context) error {
		if _, ok := ctx.Deadline(); !ok {
			return errors.New("no deadline")
		}
		return nil
	})
	base := startServer(t, NewServer("127.0.0.1:0", nil, nil))
	if status, _ := get(t, base+"/readyz"); status != 200 {
		t.Errorf("nil ready: /readyz = %d, want 200", status)
	}
	if status, _ := get(t, base+"/metrics"); status != 404 {
		t.Errorf("nil metrics: /metrics = %d, want 404", status)
	}
	base = startServer(t, s)
	if status, body := get(t, base+"/readyz"); status != 200 {
		t.Errorf("/readyz = %d %q; want a deadline on the check's context", status, body)
	}
}

func TestServerLifecycle(t *testing.T) {
	s := NewServer("127.0.0.1:0", New(Options{}), nil)
	if err := s.Shutdown(context.Background()); err != nil {
		t.Errorf("Shutdown before Start = %v", err)
	}
	if s.Addr() != "127.0.0.1:0" {
		t.Errorf("Addr before Start = %q", s.Addr())
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(s.Addr(), ":0") {
		t.Errorf("Addr after Start = %q, want the real port", s.Addr())
	}
	if err := s.Start(context.Background()); !errors.Is(err, ErrServerStarted) {
		t.Errorf("second Start = %v, want ErrServerStarted", err)
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Errorf("Shutdown = %v", err)
	}
	if _, err := http.Get("http://" + s.Addr() + "/healthz"); err == nil {
		t.Error("server still answers after Shutdown")
	}
}

func TestServerListenError(t *testing.T) {
	s := NewServer("256.0.0.1:bad", nil, nil)
	if err := s.Start(context.Background()); err == nil || !strings.Contains(err.Error(), "listen") {
		t.Errorf("Start = %v, want a listen error", err)
	}
}
