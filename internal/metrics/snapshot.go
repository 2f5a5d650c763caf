package metrics

import (
	"runtime"
	runtimemetrics "runtime/metrics"
	"sync/atomic"
	"time"
)

// Snapshot is a copy of the numbers at one instant, for display (the
// owner's metrics embed). Maps are fresh copies the caller may keep.
type Snapshot struct {
	// Start is when the process (its Metrics) started; Uptime is since then.
	Start  time.Time
	Uptime time.Duration
	// CommandsTotal counts command runs of every outcome.
	CommandsTotal uint64
	// Outcomes counts command runs by outcome (every Outcomes() key set).
	Outcomes map[string]uint64
	// Errors counts unexpected errors from every source, failed commands
	// included; ErrorsBySource counts them by source (every ErrorSources()
	// key set).
	Errors         uint64
	ErrorsBySource map[string]uint64
	// EventsTotal counts gateway events; Events counts them by type.
	EventsTotal uint64
	Events      map[string]uint64
	// LatencyP50 and LatencyP99 are command run-time quantiles over every
	// command since start, interpolated within histogram buckets.
	LatencyP50, LatencyP99 time.Duration
	// Caches holds the lookup counts of each cache, by name.
	Caches map[string]CacheSnapshot
	// ShardLatency is each shard's latest heartbeat round trip.
	ShardLatency map[int]time.Duration
	// ShardsReady counts shards last reported ready.
	ShardsReady int
	// Goroutines is the number of live goroutines.
	Goroutines int
	// HeapBytes is the memory of live and not yet swept heap objects;
	// MemoryBytes all memory mapped by the Go runtime.
	HeapBytes, MemoryBytes uint64
}

// CacheSnapshot are one cache's lookup counts.
type CacheSnapshot struct {
	Hits, Misses uint64
}

// HitRate returns the fraction of lookups that hit, 0 without lookups.
func (c CacheSnapshot) HitRate() float64 {
	if c.Hits+c.Misses == 0 {
		return 0
	}
	return float64(c.Hits) / float64(c.Hits+c.Misses)
}

// Snapshot returns the current numbers. It costs a few microseconds and
// allocates; it is meant for the owner's command, not for hot paths.
func (m *Metrics) Snapshot() Snapshot {
	now := m.now()
	s := Snapshot{Start: m.start, Uptime: now.Sub(m.start), Goroutines: runtime.NumGoroutine()}
	m.snapshotCommands(&s)
	s.EventsTotal, s.Events = sumCounters(m.events)
	s.Errors, s.ErrorsBySource = sumCounters(m.errors)
	m.snapshotCaches(&s)
	m.snapshotShards(&s)
	s.HeapBytes, s.MemoryBytes = readMemory()
	return s
}

// snapshotCommands fills the command counts and latency quantiles.
func (m *Metrics) snapshotCommands(s *Snapshot) {
	s.Outcomes = make(map[string]uint64, numOutcomes)
	outcomes := Outcomes()
	for _, o := range outcomes {
		s.Outcomes[o] = 0
	}
	counts := make([]uint64, len(m.buckets)+1)
	m.commands.each(func(_ string, c *commandStats) {
		for i, o := range outcomes {
			n := c.outcomes[i].Load()
			s.Outcomes[o] += n
			s.CommandsTotal += n
		}
		c.latency.addCounts(counts)
	})
	s.LatencyP50 = quantile(0.5, m.buckets, counts)
	s.LatencyP99 = quantile(0.99, m.buckets, counts)
}

// sumCounters returns the total and a copy of a counter set.
func sumCounters(set *labelSet[string, atomic.Uint64]) (uint64, map[string]uint64) {
	byLabel := make(map[string]uint64)
	var total uint64
	set.each(func(label string, n *atomic.Uint64) {
		v := n.Load()
		byLabel[label] = v
		total += v
	})
	return total, byLabel
}

// snapshotCaches fills the per-cache counts.
func (m *Metrics) snapshotCaches(s *Snapshot) {
	s.Caches = make(map[string]CacheSnapshot)
	m.caches.each(func(name string, c *cacheStats) {
		s.Caches[name] = CacheSnapshot{Hits: c.hits.Load(), Misses: c.misses.Load()}
	})
}

// snapshotShards fills the per-shard latencies and the ready count.
func (m *Metrics) snapshotShards(s *Snapshot) {
	s.ShardLatency = make(map[int]time.Duration)
	m.shards.each(func(id int, sh *shardStats) {
		s.ShardLatency[id] = time.Duration(sh.latency.Load())
		if sh.ready.Load() {
			s.ShardsReady++
		}
	})
}

// readMemory returns the heap-object and total runtime memory in bytes,
// read through runtime/metrics (no stop-the-world, unlike ReadMemStats).
func readMemory() (heap, total uint64) {
	samples := []runtimemetrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/total:bytes"},
	}
	runtimemetrics.Read(samples)
	return sampleUint(samples[0]), sampleUint(samples[1])
}

// sampleUint returns s's value, 0 if the runtime does not support it.
func sampleUint(s runtimemetrics.Sample) uint64 {
	if s.Value.Kind() != runtimemetrics.KindUint64 {
		return 0
	}
	return s.Value.Uint64()
}
