package metrics

import (
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// collector exports a Metrics to Prometheus at scrape time.
type collector struct {
	m            *Metrics
	commands     *prometheus.Desc
	duration     *prometheus.Desc
	events       *prometheus.Desc
	latency      *prometheus.Desc
	caches       *prometheus.Desc
	errors       *prometheus.Desc
	shardsReady  *prometheus.Desc
	shardRange   *prometheus.Desc
	rest         restDescs
	bucketBounds []float64 // seconds
}

// Interface guard.
var _ prometheus.Collector = (*collector)(nil)

// newCollector returns the collector of m.
func newCollector(m *Metrics) *collector {
	bounds := make([]float64, len(m.buckets))
	for i, b := range m.buckets {
		bounds[i] = b.Seconds()
	}
	return &collector{
		m:            m,
		commands:     desc("commands_total", "Commands run, by command and outcome.", "command", "outcome"),
		duration:     desc("command_duration_seconds", "Command run time, from dispatch to return.", "command"),
		events:       desc("gateway_events_total", "Gateway dispatch events received, by type.", "type"),
		latency:      desc("gateway_latency_seconds", "Latest heartbeat round trip, by shard.", "shard"),
		caches:       desc("cache_requests_total", "Cache lookups, by cache and result (hit, miss).", "cache", "result"),
		errors:       desc("errors_total", "Unexpected errors, by source.", "source"),
		shardsReady:  desc("shards_ready", "Shards of this process that are ready."),
		shardRange:   desc("process_shards", "Always 1; the range label names the shards this process runs (0-1/4).", "range"),
		rest:         newRESTDescs(),
		bucketBounds: bounds,
	}
}

// desc returns the description of metric cogd_name.
func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(prometheus.BuildFQName("cogd", "", name), help, labels, nil)
}

// Describe sends the descriptions of every metric the collector exports.
func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.commands, c.duration, c.events, c.latency, c.caches, c.errors, c.shardsReady, c.shardRange} {
		ch <- d
	}
	for _, d := range c.rest.all() {
		ch <- d
	}
}

// Collect sends the current value of every metric.
func (c *collector) Collect(ch chan<- prometheus.Metric) {
	c.collectCommands(ch)
	c.collectCounters(ch, c.events, c.m.events)
	c.collectCounters(ch, c.errors, c.m.errors)
	c.collectCaches(ch)
	c.collectShards(ch)
	c.collectREST(ch)
}

// collectCommands sends the outcome counters and latency histogram of
// every command.
func (c *collector) collectCommands(ch chan<- prometheus.Metric) {
	outcomes := Outcomes()
	c.m.commands.each(func(name string, s *commandStats) {
		for i, o := range outcomes {
			ch <- prometheus.MustNewConstMetric(c.commands, prometheus.CounterValue,
				float64(s.outcomes[i].Load()), name, o)
		}
		ch <- c.histogram(name, s.latency)
	})
}

// histogram returns h as a Prometheus histogram labelled command.
func (c *collector) histogram(command string, h *histogram) prometheus.Metric {
	counts, total, sum := h.read()
	buckets := make(map[float64]uint64, len(c.bucketBounds))
	var cum uint64
	for i, bound := range c.bucketBounds {
		cum += counts[i]
		buckets[bound] = cum
	}
	return prometheus.MustNewConstHistogram(c.duration, total, sum.Seconds(), buckets, command)
}

// collectCounters sends one counter per value of a single-label set.
func (c *collector) collectCounters(ch chan<- prometheus.Metric, d *prometheus.Desc, set *labelSet[string, atomic.Uint64]) {
	set.each(func(label string, n *atomic.Uint64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(n.Load()), label)
	})
}

// collectCaches sends the hit and miss counters of every cache.
func (c *collector) collectCaches(ch chan<- prometheus.Metric) {
	c.m.caches.each(func(name string, s *cacheStats) {
		ch <- prometheus.MustNewConstMetric(c.caches, prometheus.CounterValue, float64(s.hits.Load()), name, "hit")
		ch <- prometheus.MustNewConstMetric(c.caches, prometheus.CounterValue, float64(s.misses.Load()), name, "miss")
	})
}

// collectShards sends each shard's latency and the ready count.
func (c *collector) collectShards(ch chan<- prometheus.Metric) {
	ready := 0
	c.m.shards.each(func(_ int, s *shardStats) {
		seconds := float64(s.latency.Load()) / 1e9
		ch <- prometheus.MustNewConstMetric(c.latency, prometheus.GaugeValue, seconds, s.label)
		if s.ready.Load() {
			ready++
		}
	})
	ch <- prometheus.MustNewConstMetric(c.shardsReady, prometheus.GaugeValue, float64(ready))
	if r := c.m.ShardRange(); r != "" {
		ch <- prometheus.MustNewConstMetric(c.shardRange, prometheus.GaugeValue, 1, r)
	}
}
