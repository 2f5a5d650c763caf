package metrics

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape fetches /metrics from h and parses the text exposition.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	ts := httptest.NewServer(h)
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %s", resp.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return mfs
}

// value returns the value of the series of family name with labels, and
// whether it exists. Counters, gauges and histogram sample counts are read.
func value(mfs map[string]*dto.MetricFamily, name string, labels map[string]string) (float64, bool) {
	mf, ok := mfs[name]
	if !ok {
		return 0, false
	}
	for _, m := range mf.GetMetric() {
		if !hasLabels(m, labels) {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue(), true
		case m.Gauge != nil:
			return m.GetGauge().GetValue(), true
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount()), true
		}
	}
	return 0, false
}

// hasLabels reports whether m carries every label in want.
func hasLabels(m *dto.Metric, want map[string]string) bool {
	found := 0
	for _, lp := range m.GetLabel() {
		if v, ok := want[lp.GetName()]; ok && v == lp.GetValue() {
			found++
		}
	}
	return found == len(want)
}

func TestScrape(t *testing.T) {
	m := New(Options{})
	m.CommandDone("ping", OutcomeOK, 3*time.Millisecond)
	m.CommandDone("ping", OutcomeOK, 4*time.Millisecond)
	m.CommandDone("ban", OutcomeUserError, time.Millisecond)
	m.GatewayEvent("MESSAGE_CREATE")
	m.CacheLookup("prefix", true)
	m.CacheLookup("prefix", false)
	m.ShardLatency(3, 250*time.Millisecond)
	m.ShardReady(3, true)
	mfs := scrape(t, NewServer("", m, nil).Handler())

	tests := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"cogd_commands_total", map[string]string{"command": "ping", "outcome": "ok"}, 2},
		{"cogd_commands_total", map[string]string{"command": "ping", "outcome": "error"}, 0},
		{"cogd_commands_total", map[string]string{"command": "ban", "outcome": "user_error"}, 1},
		{"cogd_command_duration_seconds", map[string]string{"command": "ping"}, 2},
		{"cogd_gateway_events_total", map[string]string{"type": "MESSAGE_CREATE"}, 1},
		{"cogd_gateway_latency_seconds", map[string]string{"shard": "3"}, 0.25},
		{"cogd_cache_requests_total", map[string]string{"cache": "prefix", "result": "hit"}, 1},
		{"cogd_cache_requests_total", map[string]string{"cache": "prefix", "result": "miss"}, 1},
		{"cogd_errors_total", map[string]string{"source": "command"}, 0},
		{"cogd_shards_ready", nil, 1},
	}
	for _, tt := range tests {
		got, ok := value(mfs, tt.name, tt.labels)
		if !ok || got != tt.want {
			t.Errorf("%s%v = %v (present %v), want %v", tt.name, tt.labels, got, ok, tt.want)
		}
	}
	for _, name := range []string{"go_goroutines", "process_start_time_seconds"} {
		if _, ok := mfs[name]; !ok {
			t.Errorf("%s missing from scrape", name)
		}
	}
}

func TestHistogramBuckets(t *testing.T) {
	m := New(Options{LatencyBuckets: []time.Duration{time.Second, 10 * time.Millisecond}})
	m.CommandDone("ping", OutcomeOK, 5*time.Millisecond)
	m.CommandDone("ping", OutcomeOK, 500*time.Millisecond)
	m.CommandDone("ping", OutcomeOK, 5*time.Second)
	mfs := scrape(t, NewServer("", m, nil).Handler())
	h := mfs["cogd_command_duration_seconds"].GetMetric()[0].GetHistogram()
	want := map[float64]uint64{0.01: 1, 1: 2}
	for _, b := range h.GetBucket() {
		if w, ok := want[b.GetUpperBound()]; ok && b.GetCumulativeCount() != w {
			t.Errorf("bucket le=%v: %d, want %d", b.GetUpperBound(), b.GetCumulativeCount(), w)
		}
	}
	if h.GetSampleCount() != 3 || h.GetSampleSum() < 5.5 || h.GetSampleSum() > 5.51 {
		t.Errorf("count %d sum %v", h.GetSampleCount(), h.GetSampleSum())
	}
}

func TestRegistryIsConsistent(t *testing.T) {
	m := New(Options{})
	m.CommandDone("ping", OutcomeOK, time.Millisecond)
	m.GatewayEvent("READY")
	m.CacheLookup("prefix", true)
	m.ShardLatency(0, time.Millisecond)
	m.ErrorOccurred("listener")
	if _, err := m.Registry().Gather(); err != nil {
		t.Fatalf("pedantic Gather: %v", err)
	}
	problems, err := testutil.GatherAndLint(m.Registry(), "cogd_commands_total", "cogd_command_duration_seconds",
		"cogd_gateway_events_total", "cogd_gateway_latency_seconds", "cogd_cache_requests_total",
		"cogd_errors_total", "cogd_shards_ready")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint %s: %s", p.Metric, p.Text)
	}
}
