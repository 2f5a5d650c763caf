package restpolicy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Defaults of Options.
const (
	DefaultMaxRetries    = 3
	DefaultBackoffBase   = 250 * time.Millisecond
	DefaultBackoffMax    = 5 * time.Second
	DefaultInvalidLimit  = 10000 // Discord's ban threshold per InvalidWindow
	DefaultInvalidWindow = 10 * time.Minute
	maxBodyRead          = 64 << 10
)

// Observer receives the policy's numbers; *metrics.Metrics implements it.
type Observer interface {
	// RESTRequest counts one response by route template and status.
	RESTRequest(route string, status int)
	// RESTRateLimit counts one 429 by scope.
	RESTRateLimit(scope string)
	// RESTRetry counts one request sent again.
	RESTRetry()
	// RESTInvalidRequests reports the invalid requests in the window.
	RESTInvalidRequests(n int)
}

// Options configure a Policy. Zero values take the defaults.
type Options struct {
	// Next carries the requests (http.DefaultTransport when nil).
	Next http.RoundTripper
	// Observer receives metrics; none when nil.
	Observer Observer
	// Logger gets the invalid-request warnings.
	Logger *slog.Logger
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Sleep waits d or until ctx ends, returning ctx's error then; a
	// timer when nil. Tests pass a fake that advances their clock.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a random duration in [0, d]; rand.N when nil.
	Jitter func(d time.Duration) time.Duration
	// MaxRetries is how often one request is sent again after a 429 or a
	// 5xx (DefaultMaxRetries when 0; negative: never).
	MaxRetries int
	// BackoffBase and BackoffMax bound the 5xx backoff: base·2ⁿ, ±20 %
	// jitter, at most max.
	BackoffBase, BackoffMax time.Duration
	// InvalidLimit and InvalidWindow are Discord's invalid-request ban
	// threshold: a warning at 50 %, refusals from 80 %.
	InvalidLimit  int
	InvalidWindow time.Duration
}

// Policy is the http.RoundTripper that applies cogd's REST policy. It is
// safe for concurrent use; share one per process (per bot token).
type Policy struct {
	opts Options

	mu          sync.Mutex
	globalUntil time.Time
	hashes      map[string]string  // bucketRoute → X-RateLimit-Bucket
	buckets     map[string]*bucket // hash + major → state
	invalid     *window
	warned      bool
	latency     time.Duration // EWMA of successful round trips
}

// bucket is what Discord last said about one rate-limit bucket.
type bucket struct {
	remaining int
	reset     time.Time
}

// New returns a Policy.
func New(opts Options) *Policy {
	o := withDefaults(opts)
	return &Policy{opts: o, hashes: map[string]string{}, buckets: map[string]*bucket{},
		invalid: newWindow(o.InvalidWindow)}
}

func withDefaults(o Options) Options {
	if o.Next == nil {
		o.Next = http.DefaultTransport
	}
	if o.Observer == nil {
		o.Observer = nopObserver{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.Jitter == nil {
		o.Jitter = func(d time.Duration) time.Duration { return rand.N(d + 1) }
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = DefaultMaxRetries
	}
	o.MaxRetries = max(o.MaxRetries, 0)
	if o.BackoffBase <= 0 {
		o.BackoffBase = DefaultBackoffBase
	}
	if o.BackoffMax <= 0 {
		o.BackoffMax = DefaultBackoffMax
	}
	if o.InvalidLimit <= 0 {
		o.InvalidLimit = DefaultInvalidLimit
	}
	if o.InvalidWindow <= 0 {
		o.InvalidWindow = DefaultInvalidWindow
	}
	return o
}

// nopObserver discards the numbers.
type nopObserver struct{}

func (nopObserver) RESTRequest(string, int) {}
func (nopObserver) RESTRateLimit(string)    {}
func (nopObserver) RESTRetry()              {}
func (nopObserver) RESTInvalidRequests(int) {}

// sleep waits d unless ctx ends first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Latency is a rolling figure (exponentially weighted, α = 0.2) of the
// round trip of successful requests; 0 before the first one.
func (p *Policy) Latency() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.latency
}

// InvalidRequests is the number of invalid requests in the window now.
func (p *Policy) InvalidRequests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.invalid.count(p.opts.Now())
}

// request is one request going through the policy.
type request struct {
	req     *http.Request
	route   string // template, for metrics and errors
	bkey    string // bucketRoute
	major   string
	exempt  bool
	attempt int
}

// RoundTrip sends req under the policy.
//
// Answers the caller sees: 2xx and other 4xx as they came (401/403 counted
// as invalid); a 429 or 5xx only after the retries, and then as an error
// (*RateLimitedError, *UnavailableError), which http.Client wraps in a
// *url.Error that discordgo returns unchanged: errors.As finds them.
//
// The policy is the only limiter. It removes the X-RateLimit-* headers
// from the responses it hands up, so discordgo's limiter never learns a
// reset time and never sleeps: its buckets would otherwise wait a second
// time for what the policy has already waited for, its sleeps ignore the
// caller's context (LockBucketObject), and its global lock (set only when
// Reset-After is present) would stall interaction callbacks, which Discord
// exempts. discordgo's own bucket mutex (one request at a time per URL
// bucket) and its fixed reaction pacing still apply; they never sleep on
// Discord's headers.
func (p *Policy) RoundTrip(req *http.Request) (*http.Response, error) {
	req, err := replayable(req)
	if err != nil {
		return nil, err
	}
	r := &request{req: req, route: Route(req.Method, req.URL.Path), bkey: bucketRoute(req.Method, req.URL.Path),
		major: majorOf(req.URL.Path), exempt: exemptFromGlobal(req.URL.Path)}
	for ; ; r.attempt++ {
		resp, err := p.attemptOnce(r)
		if err != nil || resp != nil {
			return resp, err
		}
		p.opts.Observer.RESTRetry()
	}
}

// attemptOnce waits for the limits, sends r once and judges the answer:
// a response or error to return, or (nil, nil) to send again.
func (p *Policy) attemptOnce(r *request) (*http.Response, error) {
	if err := p.await(r); err != nil {
		return nil, err
	}
	resp, err := p.send(r)
	if err != nil {
		return nil, err
	}
	p.opts.Observer.RESTRequest(r.route, resp.StatusCode)
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return nil, p.on429(r, resp)
	case isRetriable5xx(resp.StatusCode):
		return nil, p.on5xx(r, resp)
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		p.countInvalid()
	}
	hideRateLimitHeaders(resp.Header)
	return resp, nil
}

// replayable returns req with a GetBody, so that it can be sent again.
func replayable(req *http.Request) (*http.Request, error) {
	if req.Body == nil || req.Body == http.NoBody || req.GetBody != nil {
		return req, nil
	}
	b, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("restpolicy: read request body: %w", err)
	}
	out := req.Clone(req.Context())
	out.Body = io.NopCloser(bytes.NewReader(b))
	out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	return out, nil
}

// send passes one attempt on and records its latency and bucket headers.
func (p *Policy) send(r *request) (*http.Response, error) {
	out := r.req
	if r.attempt > 0 {
		out = r.req.Clone(r.req.Context())
		if r.req.GetBody != nil {
			body, err := r.req.GetBody()
			if err != nil {
				return nil, fmt.Errorf("restpolicy: replay request body: %w", err)
			}
			out.Body = body
		}
	}
	start := p.opts.Now()
	resp, err := p.opts.Next.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	p.learn(r, resp, p.opts.Now().Sub(start))
	return resp, nil
}

// isRetriable5xx reports whether status is a server error worth retrying.
func isRetriable5xx(status int) bool {
	switch status {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// hideRateLimitHeaders removes Discord's rate-limit headers (see
// RoundTrip).
func hideRateLimitHeaders(h http.Header) {
	for k := range h {
		if strings.HasPrefix(http.CanonicalHeaderKey(k), "X-Ratelimit-") {
			delete(h, k)
		}
	}
}

// discard drains and closes a response that is not handed up.
func discard(resp *http.Response) []byte {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxBodyRead))
	_ = resp.Body.Close()
	return b
}

// retryOrFail returns nil when r may wait d and be sent again within its
// deadline and retry budget, else fail.
func (p *Policy) retryOrFail(r *request, d time.Duration, fail error) error {
	if r.attempt >= p.opts.MaxRetries || !p.fits(r.req.Context(), d) {
		return fail
	}
	if err := p.opts.Sleep(r.req.Context(), d); err != nil {
		return errors.Join(fail, err)
	}
	return nil
}

// fits reports whether waiting d leaves the caller's deadline intact.
func (p *Policy) fits(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return !ok || p.opts.Now().Add(d).Before(dl)
}

// CloseIdleConnections closes the idle connections of the transport
// beneath, when it has any (http.Client.CloseIdleConnections calls it).
func (p *Policy) CloseIdleConnections() {
	if c, ok := p.opts.Next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
