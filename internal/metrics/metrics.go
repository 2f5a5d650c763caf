package metrics

import (
	"slices"
	"strconv"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Command outcomes, the values of the outcome label.
const (
	// OutcomeOK is a command that ran and returned nil.
	OutcomeOK = "ok"
	// OutcomeUserError is a command refused or answered with a user error
	// (usage, conversion, check, cooldown, permissions).
	OutcomeUserError = "user_error"
	// OutcomeUpstreamError is a command answered with "a service I depend
	// on is failing" (a weather or currency API, Discord): not the user's
	// fault, not a bug; counted as an error from ErrorSourceUpstream.
	OutcomeUpstreamError = "upstream_error"
	// OutcomeError is a command that failed with an unexpected error. An
	// unknown outcome string is counted as this.
	OutcomeError = "error"
	// OutcomePanic is a command whose panic was recovered.
	OutcomePanic = "panic"
	// OutcomeTimeout is a command that ran out of time.
	OutcomeTimeout = "timeout"
)

// Outcomes lists every outcome label value, in export order.
func Outcomes() []string {
	return []string{OutcomeOK, OutcomeUserError, OutcomeUpstreamError, OutcomeError, OutcomePanic, OutcomeTimeout}
}

// Indexes of the outcomes in Outcomes().
const (
	idxOK = iota
	idxUserError
	idxUpstreamError
	idxError
	idxPanic
	idxTimeout
	numOutcomes
)

// outcomeIndex returns the index of outcome in Outcomes(), idxError for
// unknown strings.
func outcomeIndex(outcome string) int {
	switch outcome {
	case OutcomeOK:
		return idxOK
	case OutcomeUserError:
		return idxUserError
	case OutcomeUpstreamError:
		return idxUpstreamError
	case OutcomePanic:
		return idxPanic
	case OutcomeTimeout:
		return idxTimeout
	}
	return idxError
}

// isFailure reports whether outcome index i counts as an error.
func isFailure(i int) bool { return i >= idxError }

// OtherLabel is the label value that collects values beyond
// Options.MaxLabelValues, and values that are empty or not valid UTF-8.
const OtherLabel = "other"

// DefaultMaxLabelValues is the bound on distinct values per label used when
// Options.MaxLabelValues is not positive.
const DefaultMaxLabelValues = 256

// ErrorSourceCommand is the source under which failed commands (outcomes
// error, panic and timeout) are counted in cogd_errors_total.
const ErrorSourceCommand = "command"

// ErrorSourceUpstream counts commands answered with an upstream outage
// (OutcomeUpstreamError).
const ErrorSourceUpstream = "upstream"

// The other sources of cogd_errors_total, counted with ErrorOccurred.
const (
	// ErrorSourceListener counts listeners that failed (not refused).
	ErrorSourceListener = "listener"
	// ErrorSourceGateway counts gateway trouble: failed connection
	// attempts, disconnects with an error, zombie connections, fatal closes.
	ErrorSourceGateway = "gateway"
	// ErrorSourceStore counts database errors where they are met: the
	// bot's guild-settings lookups (prefix, unknown-command policy) and the
	// cogs' own reads and writes (moderation's settings).
	ErrorSourceStore = "store"
	// ErrorSourceScheduler counts failures of background scheduled work:
	// moderation's scheduler polls that fail (its database errors
	// included), scheduled actions that fail, outcomes it cannot record.
	ErrorSourceScheduler = "scheduler"
)

// ErrorSources lists the error sources cogd counts; each is exported from
// the start (at 0), so dashboards and alerts see every series.
func ErrorSources() []string {
	return []string{ErrorSourceCommand, ErrorSourceListener, ErrorSourceGateway, ErrorSourceStore,
		ErrorSourceScheduler, ErrorSourceUpstream}
}

// Options configures Metrics.
type Options struct {
	// Now is the clock for the start time and uptime; time.Now if nil.
	Now func() time.Time
	// MaxLabelValues bounds the distinct commands, event types, caches,
	// error sources and shards tracked each; DefaultMaxLabelValues if not
	// positive. Shards beyond it are reported as shard -1.
	MaxLabelValues int
	// LatencyBuckets are the upper bounds of the command latency histogram,
	// ascending; a default from 1 ms to 30 s if empty.
	LatencyBuckets []time.Duration
}

// commandStats are the numbers of one command.
type commandStats struct {
	outcomes [numOutcomes]atomic.Uint64
	latency  *histogram
}

// cacheStats are the lookup counts of one cache.
type cacheStats struct {
	hits, misses atomic.Uint64
}

// shardStats are the gateway numbers of one shard.
type shardStats struct {
	label   string
	latency atomic.Int64 // nanoseconds
	ready   atomic.Bool
}

// Metrics is the bot's in-process numbers. Its update methods are safe for
// concurrent use, take no locks for known label values, and do not
// allocate. Create one with New.
type Metrics struct {
	now       func() time.Time
	start     time.Time
	buckets   []time.Duration
	commands  *labelSet[string, commandStats]
	events    *labelSet[string, atomic.Uint64]
	caches    *labelSet[string, cacheStats]
	errors    *labelSet[string, atomic.Uint64]
	shards    *labelSet[int, shardStats]
	cmdErrors *atomic.Uint64
	rest      *restStats
	registry  *prometheus.Registry
	shardSpan atomic.Pointer[string] // the shards of this process, "0-1/4"
}

// SetShardRange records which shards this process runs ("0-1/4": shards
// 0 and 1 of 4), exported as cogd_process_shards{range}, so the metrics of
// several processes of one bot can be told apart.
func (m *Metrics) SetShardRange(r string) { m.shardSpan.Store(&r) }

// ShardRange is what SetShardRange recorded ("" before).
func (m *Metrics) ShardRange() string {
	if r := m.shardSpan.Load(); r != nil {
		return *r
	}
	return ""
}

// New returns Metrics with nothing counted yet, registered on a fresh
// private registry together with the Go and process collectors.
func New(opts Options) *Metrics {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxLabelValues <= 0 {
		opts.MaxLabelValues = DefaultMaxLabelValues
	}
	if len(opts.LatencyBuckets) == 0 {
		opts.LatencyBuckets = defaultLatencyBuckets()
	}
	m := &Metrics{now: opts.Now, start: opts.Now(), buckets: slices.Clone(opts.LatencyBuckets)}
	slices.Sort(m.buckets)
	m.initLabels(opts.MaxLabelValues)
	m.registry = newRegistry(m)
	return m
}

// initLabels creates the label sets, each bounded by max.
func (m *Metrics) initLabels(max int) {
	m.commands = newLabelSet(max, OtherLabel, validLabel, func(string) *commandStats {
		return &commandStats{latency: newHistogram(m.buckets)}
	})
	m.events = newLabelSet(max, OtherLabel, validLabel, newCounter)
	m.caches = newLabelSet(max, OtherLabel, validLabel, func(string) *cacheStats { return new(cacheStats) })
	m.errors = newLabelSet(max, OtherLabel, validLabel, newCounter)
	m.shards = newLabelSet(max, -1, validShard, func(id int) *shardStats {
		return &shardStats{label: strconv.Itoa(id)}
	})
	for _, source := range ErrorSources() {
		m.errors.get(source)
	}
	m.cmdErrors = m.errors.get(ErrorSourceCommand)
	m.rest = newRESTStats(max)
}

// newRegistry returns a pedantic registry holding m's collector and the Go
// and process collectors.
func newRegistry(m *Metrics) *prometheus.Registry {
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(
		newCollector(m),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return reg
}

// newCounter returns a zero counter.
func newCounter(string) *atomic.Uint64 { return new(atomic.Uint64) }

// validLabel reports whether s may be a label value of its own.
func validLabel(s string) bool { return s != "" && utf8.ValidString(s) }

// validShard reports whether id is a shard ID.
func validShard(id int) bool { return id >= 0 }

// Registry returns the private registry m is exported on. Other packages
// may register their own collectors on it.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// StartTime returns the time m was created, the process start for the bot.
func (m *Metrics) StartTime() time.Time { return m.start }

// CommandDone records one command run: its outcome (one of the Outcome
// constants) and how long it took. Failed outcomes also count as errors
// from ErrorSourceCommand.
func (m *Metrics) CommandDone(name, outcome string, d time.Duration) {
	c := m.commands.get(name)
	i := outcomeIndex(outcome)
	c.outcomes[i].Add(1)
	c.latency.observe(d)
	switch {
	case isFailure(i):
		m.cmdErrors.Add(1)
	case i == idxUpstreamError:
		m.ErrorOccurred(ErrorSourceUpstream)
	}
}

// GatewayEvent counts one gateway dispatch of type typ ("MESSAGE_CREATE").
func (m *Metrics) GatewayEvent(typ string) { m.events.get(typ).Add(1) }

// ShardLatency records shard's latest heartbeat round trip.
func (m *Metrics) ShardLatency(shard int, d time.Duration) {
	m.shards.get(shard).latency.Store(int64(d))
}

// ShardReady records whether shard is ready (after READY or RESUMED) or
// not (disconnected, reconnecting).
func (m *Metrics) ShardReady(shard int, ready bool) { m.shards.get(shard).ready.Store(ready) }

// ShardsReady returns the number of shards last reported ready.
func (m *Metrics) ShardsReady() int {
	n := 0
	m.shards.each(func(_ int, s *shardStats) {
		if s.ready.Load() {
			n++
		}
	})
	return n
}

// CacheLookup counts one lookup in the named cache.
func (m *Metrics) CacheLookup(cache string, hit bool) { m.caches.get(cache).record(hit) }

// CacheHook returns a function that counts lookups in the named cache, for
// cache.Options.OnLookup. It resolves the cache's counters once, so each
// call is a single atomic add.
func (m *Metrics) CacheHook(cache string) func(hit bool) {
	return m.caches.get(cache).record
}

// record counts one lookup.
func (c *cacheStats) record(hit bool) {
	if hit {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
}

// ErrorOccurred counts one unexpected error from source (one of
// ErrorSources: listener, gateway, store, scheduler). Failed commands and
// upstream outages of commands are counted by CommandDone; do not count
// them again.
func (m *Metrics) ErrorOccurred(source string) { m.errors.get(source).Add(1) }
