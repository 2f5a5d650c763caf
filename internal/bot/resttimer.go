package bot

import (
	"net/http"
	"sync/atomic"
	"time"
)

// restTimer is an http.RoundTripper that times every REST request the bot
// makes anyway and keeps a rolling round-trip figure, so ping can report
// REST latency without a request of its own. The figure is an
// exponentially weighted moving average (weight 1/8 for the newest sample,
// like TCP's smoothed RTT) of the time from sending a request to receiving
// its response headers; failed requests are not counted.
type restTimer struct {
	next http.RoundTripper
	now  func() time.Time
	avg  atomic.Int64 // nanoseconds; 0 until the first response
}

// newRESTTimer wraps next (http.DefaultTransport when nil); now is the
// clock (time.Now when nil).
func newRESTTimer(next http.RoundTripper, now func() time.Time) *restTimer {
	if next == nil {
		next = http.DefaultTransport
	}
	if now == nil {
		now = time.Now
	}
	return &restTimer{next: next, now: now}
}

// RoundTrip passes req on and folds its round trip into the average.
func (t *restTimer) RoundTrip(req *http.Request) (*http.Response, error) {
	start := t.now()
	resp, err := t.next.RoundTrip(req)
	if err == nil {
		t.observe(t.now().Sub(start))
	}
	return resp, err // a RoundTripper hands on its transport's error unchanged
}

// observe folds one round trip d into the moving average.
func (t *restTimer) observe(d time.Duration) {
	sample := max(int64(d), 1) // 0 means "not measured yet"
	for {
		old := t.avg.Load()
		next := sample
		if old != 0 {
			next = old + (sample-old)/8
		}
		if t.avg.CompareAndSwap(old, max(next, 1)) {
			return
		}
	}
}

// Latency returns the rolling REST round trip, or 0 before the first
// response.
func (t *restTimer) Latency() time.Duration { return time.Duration(t.avg.Load()) }

// CloseIdleConnections closes the idle connections of the wrapped
// transport, so http.Client.CloseIdleConnections keeps working.
func (t *restTimer) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
