package restpolicy

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"cogd/internal/fakeclock"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// answer is one scripted response.
type answer struct {
	status int
	header map[string]string
	body   string
}

// rig is a policy in front of a scripted httptest server, on a fake clock
// whose sleeps are recorded and advance the clock.
type rig struct {
	t      *testing.T
	clock  *fakeclock.Clock
	policy *Policy
	client *http.Client
	srv    *httptest.Server
	obs    *countingObserver
	onHit  func() // runs at each request the server receives, if set

	mu     sync.Mutex
	script map[string][]answer // path → answers in turn; the last repeats
	log    []string            // "sleep 900ms", "GET /api/v9/x"
	sleeps []time.Duration
}

// newRig returns a rig; opts.Next, Now, Sleep and Observer are set by it.
func newRig(t *testing.T, opts Options) *rig {
	t.Helper()
	r := &rig{t: t, clock: fakeclock.New(time.Now()), script: map[string][]answer{}, obs: newCountingObserver()}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	opts.Next, opts.Now, opts.Sleep, opts.Observer = tr, r.clock.Now, r.sleep, r.obs
	if opts.Jitter == nil {
		opts.Jitter = func(d time.Duration) time.Duration { return d / 2 }
	}
	r.policy = New(opts)
	r.client = &http.Client{Transport: r.policy}
	return r
}

// on scripts the answers to path.
func (r *rig) on(path string, answers ...answer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.script[path] = answers
}

func (r *rig) serve(w http.ResponseWriter, req *http.Request) {
	if r.onHit != nil {
		r.onHit()
	}
	r.mu.Lock()
	r.log = append(r.log, req.Method+" "+req.URL.Path)
	as := r.script[req.URL.Path]
	a := answer{status: http.StatusOK, body: `{}`}
	if len(as) > 0 {
		a = as[0]
		if len(as) > 1 {
			r.script[req.URL.Path] = as[1:]
		}
	}
	r.mu.Unlock()
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(a.status)
	_, _ = w.Write([]byte(a.body))
}

func (r *rig) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	r.log = append(r.log, "sleep "+d.String())
	r.sleeps = append(r.sleeps, d)
	r.mu.Unlock()
	r.clock.Advance(d)
	return ctx.Err()
}

// do sends method path through the policy with ctx and returns the status
// (0 on error) and the error.
func (r *rig) do(ctx context.Context, method, path string) (int, error) {
	r.t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, r.srv.URL+path, strings.NewReader(`{"x":1}`))
	if err != nil {
		r.t.Fatal(err)
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return 0, err
	}
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// hits counts the requests the server received for path.
func (r *rig) hits(path string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, l := range r.log {
		if strings.HasSuffix(l, " "+path) {
			n++
		}
	}
	return n
}

// events returns the log.
func (r *rig) events() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.log...)
}

// reset clears the log.
func (r *rig) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.log, r.sleeps = nil, nil
}

// deadline returns a context whose deadline is d from the fake clock's now
// (the fake clock starts at the real time, so the context stays alive
// while the test runs).
func (r *rig) deadline(d time.Duration) context.Context {
	ctx, cancel := context.WithDeadline(context.Background(), r.clock.Now().Add(d))
	r.t.Cleanup(cancel)
	return ctx
}

// countingObserver records the observer calls.
type countingObserver struct {
	mu         sync.Mutex
	requests   map[string]int // "route status"
	ratelimits map[string]int
	retries    int
	invalid    int
}

func newCountingObserver() *countingObserver {
	return &countingObserver{requests: map[string]int{}, ratelimits: map[string]int{}}
}

func (o *countingObserver) RESTRequest(route string, status int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.requests[fmt.Sprintf("%s %d", route, status)]++
}

func (o *countingObserver) RESTRateLimit(scope string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.ratelimits[scope]++
}

func (o *countingObserver) RESTRetry() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.retries++
}

func (o *countingObserver) RESTInvalidRequests(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.invalid = n
}
