package metrics

import (
	"strconv"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// restKey is one value pair of cogd_rest_requests_total's labels.
type restKey struct {
	route  string
	status int
}

// restStats are the numbers of the REST policy (internal/restpolicy).
type restStats struct {
	requests   *labelSet[restKey, atomic.Uint64]
	ratelimits *labelSet[string, atomic.Uint64]
	retries    atomic.Uint64
	invalid    atomic.Int64
}

// newRESTStats returns empty REST numbers whose label sets hold at most max
// values each.
func newRESTStats(max int) *restStats {
	valid := func(k restKey) bool { return validLabel(k.route) && k.status >= 0 && k.status < 1000 }
	return &restStats{
		requests:   newLabelSet(max, restKey{route: OtherLabel}, valid, func(restKey) *atomic.Uint64 { return new(atomic.Uint64) }),
		ratelimits: newLabelSet(max, OtherLabel, validLabel, newCounter),
	}
}

// RESTRequest counts one REST response: route is the route template with
// IDs replaced ("POST /channels/{id}/messages"), status its HTTP status.
func (m *Metrics) RESTRequest(route string, status int) {
	m.rest.requests.get(restKey{route: route, status: status}).Add(1)
}

// RESTRateLimit counts one 429 by its scope ("user", "global", "shared").
func (m *Metrics) RESTRateLimit(scope string) { m.rest.ratelimits.get(scope).Add(1) }

// RESTRetry counts one REST request sent again after a 429 or a 5xx.
func (m *Metrics) RESTRetry() { m.rest.retries.Add(1) }

// RESTInvalidRequests records how many invalid requests (401, 403, 429
// except shared scope) the last ten minutes hold; Discord bans an IP at
// 10,000.
func (m *Metrics) RESTInvalidRequests(n int) { m.rest.invalid.Store(int64(n)) }

// restDescs are the descriptions of the REST metrics.
type restDescs struct {
	requests, ratelimits, retries, invalid *prometheus.Desc
}

// newRESTDescs returns the REST metrics' descriptions.
func newRESTDescs() restDescs {
	return restDescs{
		requests:   desc("rest_requests_total", "REST responses, by route template and HTTP status.", "route", "status"),
		ratelimits: desc("rest_ratelimits_total", "REST 429 responses, by scope (user, global, shared).", "scope"),
		retries:    desc("rest_retries_total", "REST requests sent again after a 429 or a 5xx."),
		invalid:    desc("rest_invalid_requests", "Invalid REST requests (401, 403, non-shared 429) in the last 10 minutes; Discord bans at 10000."),
	}
}

// all lists the descriptions.
func (d restDescs) all() []*prometheus.Desc {
	return []*prometheus.Desc{d.requests, d.ratelimits, d.retries, d.invalid}
}

// collectREST sends the REST metrics.
func (c *collector) collectREST(ch chan<- prometheus.Metric) {
	r := c.m.rest
	r.requests.each(func(k restKey, n *atomic.Uint64) {
		ch <- prometheus.MustNewConstMetric(c.rest.requests, prometheus.CounterValue, float64(n.Load()), k.route, strconv.Itoa(k.status))
	})
	c.collectCounters(ch, c.rest.ratelimits, r.ratelimits)
	ch <- prometheus.MustNewConstMetric(c.rest.retries, prometheus.CounterValue, float64(r.retries.Load()))
	ch <- prometheus.MustNewConstMetric(c.rest.invalid, prometheus.GaugeValue, float64(r.invalid.Load()))
}
