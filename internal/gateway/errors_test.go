package gateway

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"cogd/internal/discordtest"
)

// errorLog records what OnError is told.
type errorLog struct {
	mu   sync.Mutex
	errs []error
}

func (l *errorLog) record(_ int, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, err)
}

func (l *errorLog) list() []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]error(nil), l.errs...)
}

// runRecording runs a shard whose OnError goes to the returned log.
func runRecording(t *testing.T, opts discordtest.Options) (*running, *errorLog) {
	t.Helper()
	log := &errorLog{}
	r := runShardWith(t, opts, nil, func(o *Options) { o.OnError = log.record })
	return r, log
}

// TestOnErrorReportsTrouble: a close with an error code and a zombie
// connection are each reported to OnError.
func TestOnErrorReportsTrouble(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		opts  discordtest.Options
		fault func(r *running)
		want  func(err error) bool
	}{
		{"closed with 4000", discordtest.Options{}, func(r *running) { r.srv.CloseConnections(4000, "Unknown error.") },
			func(err error) bool { return strings.Contains(err.Error(), "closed the connection with 4000") }},
		{"zombie", discordtest.Options{HeartbeatInterval: 100 * time.Millisecond}, func(r *running) { r.srv.SetHeartbeatAcks(false) },
			func(err error) bool { return errors.Is(err, errZombie) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, log := runRecording(t, tt.opts)
			tt.fault(r)
			r.waitFor(t, "OnError", func() bool {
				for _, err := range log.list() {
					if tt.want(err) {
						return true
					}
				}
				return false
			})
			r.srv.SetHeartbeatAcks(true)
		})
	}
}

// TestOnErrorReportsFatalClose: the close that ends the shard is reported.
func TestOnErrorReportsFatalClose(t *testing.T) {
	t.Parallel()
	r, log := runRecording(t, discordtest.Options{})
	r.srv.CloseConnections(4004, "Authentication failed.")
	assertFatal(t, r, 4004)
	errs := log.list()
	var fe *FatalError
	if len(errs) != 1 || !errors.As(errs[0], &fe) || fe.Code != 4004 {
		t.Fatalf("OnError told %v, want the FatalError 4004 once", errs)
	}
}

// TestOnErrorQuietOnAskedReconnects: RECONNECT and a resumable
// INVALID_SESSION are Discord's routine, not errors.
func TestOnErrorQuietOnAskedReconnects(t *testing.T) {
	t.Parallel()
	r, log := runRecording(t, discordtest.Options{})
	r.srv.SendReconnect()
	r.waitFor(t, "RESUMED after RECONNECT", func() bool { return resumed(r.srv) })
	r.srv.SendInvalidSession(true)
	r.waitFor(t, "a second RESUMED", func() bool { return resumes(r.srv) >= 2 })
	if errs := log.list(); len(errs) != 0 {
		t.Fatalf("OnError told %v for reconnects Discord asked for", errs)
	}
}

// TestOnErrorReportsFailedConnects: a connection attempt of Open that
// fails (IDENTIFY answered with a close instead of READY) is reported, and
// Open retries.
func TestOnErrorReportsFailedConnects(t *testing.T) {
	t.Parallel()
	log := &errorLog{}
	runShardWith(t, discordtest.Options{}, func(srv *discordtest.Server) { srv.FailIdentify(4000) },
		func(o *Options) { o.OnError = log.record })
	errs := log.list()
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "4000") {
		t.Fatalf("OnError told %v, want the failed first attempt (4000)", errs)
	}
}

// readies counts the READY dispatches sent; resumes the RESUMED ones.
func readies(srv *discordtest.Server) int { return dispatches(srv, "READY") }

func resumes(srv *discordtest.Server) int { return dispatches(srv, "RESUMED") }

func dispatches(srv *discordtest.Server, typ string) int {
	n := 0
	for _, f := range srv.Frames() {
		if f.Out && f.Type == typ {
			n++
		}
	}
	return n
}
