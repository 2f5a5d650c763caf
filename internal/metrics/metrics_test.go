package metrics

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func TestSnapshot(t *testing.T) {
	clock := newFakeClock()
	m := New(Options{Now: clock.Now})
	m.CommandDone("ping", OutcomeOK, time.Millisecond)
	m.CommandDone("ping", OutcomeOK, time.Millisecond)
	m.CommandDone("ban", OutcomeUserError, time.Millisecond)
	m.CommandDone("weather", OutcomeTimeout, 5*time.Second)
	m.CommandDone("weather", "bogus", time.Second)
	m.CommandDone("weather", OutcomePanic, time.Second)
	m.ErrorOccurred("listener")
	m.GatewayEvent("MESSAGE_CREATE")
	m.GatewayEvent("MESSAGE_CREATE")
	m.GatewayEvent("GUILD_CREATE")
	m.CacheLookup("prefix", true)
	m.CacheLookup("prefix", true)
	m.CacheLookup("prefix", true)
	m.CacheHook("prefix")(false)
	m.CacheLookup("weather", false)
	m.ShardLatency(0, 40*time.Millisecond)
	m.ShardLatency(1, 60*time.Millisecond)
	m.ShardReady(0, true)
	m.ShardReady(1, true)
	m.ShardReady(1, false)
	clock.Advance(90 * time.Minute)

	s := m.Snapshot()
	checks := []struct {
		name      string
		got, want any
	}{
		{"uptime", s.Uptime, 90 * time.Minute},
		{"start", s.Start, clock.Now().Add(-90 * time.Minute)},
		{"commands", s.CommandsTotal, uint64(6)},
		{"ok", s.Outcomes[OutcomeOK], uint64(2)},
		{"user_error", s.Outcomes[OutcomeUserError], uint64(1)},
		{"error (unknown outcome)", s.Outcomes[OutcomeError], uint64(1)},
		{"timeout", s.Outcomes[OutcomeTimeout], uint64(1)},
		{"panic", s.Outcomes[OutcomePanic], uint64(1)},
		{"errors", s.Errors, uint64(4)},
		{"events", s.EventsTotal, uint64(3)},
		{"MESSAGE_CREATE", s.Events["MESSAGE_CREATE"], uint64(2)},
		{"prefix hit rate", s.Caches["prefix"].HitRate(), 0.75},
		{"weather hit rate", s.Caches["weather"].HitRate(), 0.0},
		{"shard 1 latency", s.ShardLatency[1], 60 * time.Millisecond},
		{"shards ready", s.ShardsReady, 1},
		{"ShardsReady()", m.ShardsReady(), 1},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if s.Goroutines < 1 || s.HeapBytes == 0 || s.MemoryBytes < s.HeapBytes {
		t.Errorf("runtime numbers: goroutines %d heap %d total %d", s.Goroutines, s.HeapBytes, s.MemoryBytes)
	}
}

func TestHitRateEmpty(t *testing.T) {
	if r := (CacheSnapshot{}).HitRate(); r != 0 {
		t.Errorf("HitRate = %v", r)
	}
}

func TestCommandLabelBound(t *testing.T) {
	m := New(Options{MaxLabelValues: 2})
	for _, name := range []string{"a", "b", "c", "d"} {
		m.CommandDone(name, OutcomeOK, time.Millisecond)
	}
	names := map[string]bool{}
	m.commands.each(func(name string, _ *commandStats) { names[name] = true })
	if len(names) != 3 || !names[OtherLabel] {
		t.Errorf("commands tracked: %v; want a, b, other", names)
	}
}

func TestNoGlobalRegistry(t *testing.T) {
	before := defaultFamilies(t)
	a, b := New(Options{}), New(Options{})
	a.CommandDone("ping", OutcomeOK, time.Millisecond)
	b.CommandDone("ping", OutcomeOK, time.Millisecond)
	if a.Registry() == b.Registry() {
		t.Fatal("two Metrics share a registry")
	}
	after := defaultFamilies(t)
	if before != after {
		t.Errorf("default registry changed:\nbefore %s\nafter  %s", before, after)
	}
	if strings.Contains(after, "cogd_") {
		t.Errorf("cogd metrics on the default registry: %s", after)
	}
}

// defaultFamilies lists the metric names on the global default gatherer.
func defaultFamilies(t *testing.T) string {
	t.Helper()
	mfs, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(mfs))
	for i, mf := range mfs {
		names[i] = mf.GetName()
	}
	return strings.Join(names, ",")
}
