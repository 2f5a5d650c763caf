package restpolicy

import (
	"errors"
	"net/http"
	"time"
)

// maxBuckets is the bucket count above which expired buckets are pruned.
const maxBuckets = 4096

// ewmaWeight is the weight of a new latency sample.
const ewmaWeight = 0.2

// await waits until r may be sent: the invalid-request back-off, the
// global limit (unless r is exempt) and r's bucket. A wait that would
// outlast the caller's deadline is not started: r fails at once.
func (p *Policy) await(r *request) error {
	for {
		wait, scope := p.reserve(r)
		if wait <= 0 {
			return nil
		}
		fail := &RateLimitedError{RetryAfter: wait, Scope: scope, Route: r.route}
		if !p.fits(r.req.Context(), wait) {
			return fail
		}
		if err := p.opts.Sleep(r.req.Context(), wait); err != nil {
			return errors.Join(fail, err)
		}
	}
}

// reserve returns how long r must still wait and why; when it need not
// wait, it takes one request from r's bucket.
func (p *Policy) reserve(r *request) (time.Duration, string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.opts.Now()
	if wait := p.invalidWaitLocked(r, now); wait > 0 {
		return wait, ScopeInvalid
	}
	if !r.exempt && now.Before(p.globalUntil) {
		return p.globalUntil.Sub(now), ScopeGlobal
	}
	b := p.buckets[p.stateKeyLocked(r)]
	if b == nil || !now.Before(b.reset) {
		return 0, ""
	}
	if b.remaining <= 0 {
		return b.reset.Sub(now), ScopeUser
	}
	b.remaining--
	return 0, ""
}

// invalidWaitLocked returns the back-off from 80 % of the invalid-request
// limit: how long until the window is below it again. Exempt requests
// (interaction callbacks) are not held back.
func (p *Policy) invalidWaitLocked(r *request, now time.Time) time.Duration {
	n := p.invalid.count(now)
	p.opts.Observer.RESTInvalidRequests(n)
	if r.exempt {
		return 0
	}
	return p.invalid.untilBelow(now, p.backoffAt())
}

// backoffAt is the invalid-request count from which requests are held back.
func (p *Policy) backoffAt() int { return max(1, p.opts.InvalidLimit*8/10) }

// stateKeyLocked is the key of r's bucket: Discord's hash once known,
// with the major parameter.
func (p *Policy) stateKeyLocked(r *request) string {
	if h, ok := p.hashes[r.bkey]; ok {
		return h + "|" + r.major
	}
	return r.bkey + "|" + r.major
}

// learn records what a response says about r's bucket, and the latency of
// a successful request.
func (p *Policy) learn(r *request, resp *http.Response, rtt time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		p.observeLatencyLocked(rtt)
	}
	h := resp.Header
	if hash := parseBucket(h.Get("X-RateLimit-Bucket")); hash != "" {
		p.hashes[r.bkey] = hash
	}
	remaining, ok1 := parseRemaining(h.Get("X-RateLimit-Remaining"))
	after, ok2 := parseSeconds(h.Get("X-RateLimit-Reset-After"))
	if ok1 && ok2 {
		p.setBucketLocked(r, remaining, p.opts.Now().Add(after))
	}
}

// observeLatencyLocked folds one round trip into the rolling figure.
func (p *Policy) observeLatencyLocked(rtt time.Duration) {
	if p.latency == 0 {
		p.latency = rtt
		return
	}
	p.latency = time.Duration(ewmaWeight*float64(rtt) + (1-ewmaWeight)*float64(p.latency))
}

// setBucketLocked stores r's bucket state, pruning expired buckets when
// there are many.
func (p *Policy) setBucketLocked(r *request, remaining int, reset time.Time) {
	key := p.stateKeyLocked(r)
	if b := p.buckets[key]; b != nil {
		b.remaining, b.reset = remaining, reset
		return
	}
	if len(p.buckets) >= maxBuckets {
		now := p.opts.Now()
		for k, b := range p.buckets {
			if !now.Before(b.reset) {
				delete(p.buckets, k)
			}
		}
	}
	p.buckets[key] = &bucket{remaining: remaining, reset: reset}
}

// on429 handles a rate-limited answer: the global lock or r's bucket is
// set from Retry-After, the 429 is counted (not when shared), and r is
// sent again if its budget and deadline allow.
func (p *Policy) on429(r *request, resp *http.Response) error {
	body := discard(resp)
	l := parse429(resp.Header, body, p.opts.Now())
	p.opts.Observer.RESTRateLimit(l.scope)
	if l.scope != ScopeShared {
		p.countInvalid()
	}
	p.mu.Lock()
	until := p.opts.Now().Add(l.retryAfter)
	if l.scope == ScopeGlobal && !r.exempt {
		if until.After(p.globalUntil) {
			p.globalUntil = until
		}
	} else {
		p.setBucketLocked(r, 0, until)
	}
	p.mu.Unlock()
	fail := &RateLimitedError{RetryAfter: l.retryAfter, Scope: l.scope, Route: r.route}
	return p.retryOrFail(r, l.retryAfter, fail)
}

// on5xx handles a server error: r is sent again after the backoff if its
// budget and deadline allow.
func (p *Policy) on5xx(r *request, resp *http.Response) error {
	discard(resp)
	fail := &UnavailableError{Status: resp.StatusCode, Route: r.route, Attempts: r.attempt + 1}
	return p.retryOrFail(r, p.backoff(r.attempt), fail)
}

// backoff is the wait before retry n+1 after a 5xx: BackoffBase·2ⁿ with
// ±20 % jitter, at most BackoffMax.
func (p *Policy) backoff(n int) time.Duration {
	d := p.opts.BackoffBase << min(n, 30)
	if d <= 0 || d > p.opts.BackoffMax {
		d = p.opts.BackoffMax
	}
	return min(d-d/5+p.opts.Jitter(d/5*2), p.opts.BackoffMax)
}

// countInvalid counts one invalid request, warning once at half the limit.
func (p *Policy) countInvalid() {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := p.invalid.add(p.opts.Now())
	p.opts.Observer.RESTInvalidRequests(n)
	half := p.opts.InvalidLimit / 2
	switch {
	case n >= half && !p.warned:
		p.warned = true
		p.opts.Logger.Warn("half of Discord's invalid-request limit used: at the limit Discord bans this IP; from 80 % requests are held back",
			"invalid_requests", n, "limit", p.opts.InvalidLimit, "window", p.opts.InvalidWindow)
	case n < half:
		p.warned = false
	}
}
