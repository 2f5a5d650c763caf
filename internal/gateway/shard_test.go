package gateway

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/discordtest"
)

const testIntents = discordgo.IntentsAllWithoutPrivileged | discordgo.IntentGuildMembers | discordgo.IntentMessageContent

// waits records the waits the shard asks for after INVALID_SESSION,
// without sleeping.
type waits struct {
	mu  sync.Mutex
	got []time.Duration
	// identifiesThen is the emulator's IDENTIFY count at each wait.
	identifiesThen []int
	srv            *discordtest.Server
}

func (w *waits) wait(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.got = append(w.got, d)
	w.identifiesThen = append(w.identifiesThen, w.srv.Identifies())
}

func (w *waits) list() ([]time.Duration, []int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.got...), append([]int(nil), w.identifiesThen...)
}

// running is a supervised shard connected to an emulator.
type running struct {
	srv   *discordtest.Server
	sh    *Shard
	waits *waits
	done  chan error // Run's result
}

// runShard opens a shard against a fresh emulator and supervises it until
// the test ends. tune may change the emulator before the shard connects.
func runShard(t *testing.T, opts discordtest.Options, tune func(*discordtest.Server)) *running {
	t.Helper()
	return runShardWith(t, opts, tune, func(*Options) {})
}

// runShardWith is runShard with the shard's options changed by edit.
func runShardWith(t *testing.T, opts discordtest.Options, tune func(*discordtest.Server), edit func(*Options)) *running {
	t.Helper()
	srv := discordtest.NewTB(t, opts)
	srv.SeedDemo()
	if tune != nil {
		tune(srv)
	}
	client, err := NewHTTPClient(srv.APIURL(), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	w := &waits{srv: srv}
	so := Options{Token: "Bot " + srv.Token(), HTTP: client, Intents: testIntents, StartupTimeout: 5 * time.Second,
		Backoff: func(int) time.Duration { return 20 * time.Millisecond }, CheckEvery: 10 * time.Millisecond,
		Settle: 20 * time.Millisecond, Wait: w.wait}
	edit(&so)
	sh, err := New(so)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{srv: srv, sh: sh, waits: w, done: make(chan error, 1)}
	t.Cleanup(func() {
		cancel()
		<-r.done
		_ = sh.Close()
		client.CloseIdleConnections()
	})
	if err := sh.Open(ctx); err != nil {
		r.done <- nil
		t.Fatal(err)
	}
	// Faults go in after discordgo's first heartbeat (see discordtest's doc).
	r.waitFor(t, "first heartbeat", func() bool { return srv.Heartbeats() > 0 })
	go func() { r.done <- sh.Run(ctx) }()
	return r
}

// waitFor waits until cond holds.
func (r *running) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := r.srv.WaitFor(ctx, cond); err != nil {
		t.Fatalf("waiting for %s: %v\nframes:\n%s", what, err, frameSummary(r.srv))
	}
}

// clientOps counts the frames with op the client sent.
func clientOps(srv *discordtest.Server, op int) int {
	n := 0
	for _, f := range srv.Frames() {
		if !f.Out && f.Op == op {
			n++
		}
	}
	return n
}

// resumed reports whether a RESUMED dispatch went out.
func resumed(srv *discordtest.Server) bool {
	for _, f := range srv.Frames() {
		if f.Out && f.Type == "RESUMED" {
			return true
		}
	}
	return false
}

// connEnd returns how the client ended connection conn ("CLOSE 4000",
// "DROP"), "" while it is open.
func connEnd(srv *discordtest.Server, conn int) string {
	for _, f := range srv.Frames() {
		if !f.Out && f.Op == -1 && f.Conn == conn && !strings.HasPrefix(f.Type, "CONNECT") {
			return f.Type
		}
	}
	return ""
}

// frameSummary lists the recorded control frames, for failure messages.
func frameSummary(srv *discordtest.Server) string {
	var b strings.Builder
	for _, f := range srv.Frames() {
		if f.Op == 1 || f.Op == 11 || f.Type == "GUILD_CREATE" {
			continue
		}
		dir := "<-"
		if f.Out {
			dir = "->"
		}
		b.WriteString(dir + " conn " + itoa(f.Conn) + " op " + itoa(f.Op) + " " + f.Type + "\n")
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestInvalidSessionResumableResumes(t *testing.T) {
	t.Parallel()
	r := runShard(t, discordtest.Options{}, nil)
	r.srv.SendInvalidSession(true)
	r.waitFor(t, "RESUMED", func() bool { return resumed(r.srv) })
	if n := clientOps(r.srv, 2); n != 1 {
		t.Fatalf("IDENTIFY sent %d times, want 1 (op 9 with d: true must RESUME)\n%s", n, frameSummary(r.srv))
	}
	if got, _ := r.waits.list(); len(got) != 0 {
		t.Fatalf("waited %v before a resume", got)
	}
}

func TestInvalidSessionNotResumableWaitsThenIdentifies(t *testing.T) {
	t.Parallel()
	r := runShard(t, discordtest.Options{}, nil)
	r.srv.SendInvalidSession(false)
	r.waitFor(t, "a second IDENTIFY", func() bool { return clientOps(r.srv, 2) == 2 })
	got, identifies := r.waits.list()
	if len(got) != 1 || got[0] < time.Second || got[0] > 5*time.Second {
		t.Fatalf("waits = %v, want one in [1s, 5s]", got)
	}
	if identifies[0] != 1 {
		t.Fatalf("the wait came after the new IDENTIFY (%d identifies at the wait)", identifies[0])
	}
}

// TestReidentifyWaitsForTheGate: after INVALID_SESSION with d: false the
// shard asks BeforeIdentify (after the 1-5 s wait) before discordgo's new
// IDENTIFY; a failing hook is logged and the IDENTIFY still goes out. The
// first connection is the caller's to pace: no call.
func TestReidentifyWaitsForTheGate(t *testing.T) {
	t.Parallel()
	for _, fail := range []bool{false, true} {
		t.Run("fail="+strconv.FormatBool(fail), func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var identifiesThen []int
			var srv *discordtest.Server
			r := runShardWith(t, discordtest.Options{}, func(s *discordtest.Server) { srv = s }, func(o *Options) {
				o.BeforeIdentify = func(ctx context.Context) error {
					mu.Lock()
					defer mu.Unlock()
					identifiesThen = append(identifiesThen, srv.Identifies())
					if fail {
						return errors.New("gate unreachable")
					}
					return ctx.Err()
				}
			})
			mu.Lock()
			if len(identifiesThen) != 0 {
				t.Fatalf("BeforeIdentify called %d times on the first connection", len(identifiesThen))
			}
			mu.Unlock()
			r.srv.SendInvalidSession(false)
			r.waitFor(t, "a second IDENTIFY", func() bool { return clientOps(r.srv, 2) == 2 })
			mu.Lock()
			defer mu.Unlock()
			if len(identifiesThen) != 1 || identifiesThen[0] != 1 {
				t.Fatalf("BeforeIdentify at identify counts %v, want [1] (once, before the new IDENTIFY)", identifiesThen)
			}
		})
	}
}

// TestOpenRetriesWaitForTheGate: when the first connection fails before
// READY, each further attempt identifies again, so each asks BeforeIdentify.
func TestOpenRetriesWaitForTheGate(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewTB(t, discordtest.Options{})
	srv.SeedDemo()
	srv.FailIdentify(4000) // unknown error: not fatal, the shard retries
	client, err := NewHTTPClient(srv.APIURL(), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer client.CloseIdleConnections()
	calls := 0
	sh, err := New(Options{Token: "Bot " + srv.Token(), HTTP: client, Intents: testIntents, StartupTimeout: 5 * time.Second,
		Backoff:        func(int) time.Duration { return 10 * time.Millisecond },
		BeforeIdentify: func(context.Context) error { calls++; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer sh.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sh.Open(ctx); err != nil {
		t.Fatal(err)
	}
	if srv.Identifies() != 2 || calls != 1 {
		t.Fatalf("%d identifies, %d BeforeIdentify calls; want 2 and 1 (the retry)", srv.Identifies(), calls)
	}
}

func TestInvalidSessionWaitRange(t *testing.T) {
	for range 1000 {
		if d := InvalidSessionWait(); d < time.Second || d > 5*time.Second {
			t.Fatalf("InvalidSessionWait() = %v", d)
		}
	}
}

func TestFatalCloseOnReconnect(t *testing.T) {
	t.Parallel()
	for _, code := range []int{4004, 4010, 4011, 4012, 4013, 4014} {
		t.Run("running connection closed with "+itoa(code), func(t *testing.T) {
			t.Parallel()
			r := runShard(t, discordtest.Options{}, nil)
			r.srv.CloseConnections(code, "fatal")
			assertFatal(t, r, code)
		})
	}
	for _, code := range []int{4004, 4014} {
		t.Run("re-identify after a lost session refused with "+itoa(code), func(t *testing.T) {
			t.Parallel()
			r := runShard(t, discordtest.Options{}, nil)
			r.srv.FailIdentify(code)
			r.srv.CloseConnections(4009, "Session timed out.") // not resumable: RESUME, op 9, IDENTIFY
			assertFatal(t, r, code)
		})
	}
}

// assertFatal checks that the supervisor stops with a *FatalError for code.
func assertFatal(t *testing.T, r *running, code int) {
	t.Helper()
	select {
	case err := <-r.done:
		r.done <- err // for the cleanup
		var fe *FatalError
		if !errors.As(err, &fe) || fe.Code != code {
			t.Fatalf("Run = %v, want FatalError %d", err, code)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("the shard kept running after close code %d\n%s", code, frameSummary(r.srv))
	}
	if c := r.srv.Connections(); c != 0 {
		t.Fatalf("%d connections open after a fatal close", c)
	}
}

func TestZombieClosesNon1000AndResumes(t *testing.T) {
	t.Parallel()
	r := runShard(t, discordtest.Options{HeartbeatInterval: 100 * time.Millisecond}, nil)
	r.srv.SetHeartbeatAcks(false)
	r.waitFor(t, "the client to end the zombie connection", func() bool { return connEnd(r.srv, 1) != "" })
	r.srv.SetHeartbeatAcks(true)
	r.waitFor(t, "RESUMED", func() bool { return resumed(r.srv) })
	if end := connEnd(r.srv, 1); !strings.HasPrefix(end, "CLOSE ") || end == "CLOSE 1000" || end == "CLOSE 1001" {
		t.Fatalf("zombie connection ended with %q, want a close frame with a code other than 1000/1001", end)
	}
	if n := clientOps(r.srv, 2); n != 1 {
		t.Fatalf("IDENTIFY sent %d times, want 1\n%s", n, frameSummary(r.srv))
	}
	if clientOps(r.srv, 6) < 1 {
		t.Fatal("no RESUME sent")
	}
}

func TestResumeOnResumeGatewayURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		withURL  bool
		wantPath string
	}{
		{"READY's resume_gateway_url", true, "/gateway/resume"},
		{"main URL when READY has none", false, "/gateway/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runShard(t, discordtest.Options{}, func(s *discordtest.Server) { s.SetResumeGatewayURL(tt.withURL) })
			r.srv.DropConnections()
			r.waitFor(t, "RESUMED", func() bool { return resumed(r.srv) })
			paths := r.srv.ConnectionPaths()
			if len(paths) < 2 || paths[0] != "/gateway/" || paths[1] != tt.wantPath {
				t.Fatalf("connection paths = %q, want the resume on %s", paths, tt.wantPath)
			}
			if clientOps(r.srv, 2) != 1 {
				t.Fatalf("re-identified\n%s", frameSummary(r.srv))
			}
		})
	}
}
