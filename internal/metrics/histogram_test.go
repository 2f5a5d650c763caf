package metrics

import (
	"testing"
	"time"
)

func TestQuantile(t *testing.T) {
	ms := time.Millisecond
	bounds := []time.Duration{10 * ms, 100 * ms, time.Second}
	tests := []struct {
		name   string
		q      float64
		counts []uint64 // per bucket, last is +Inf
		want   time.Duration
	}{
		{"empty", 0.5, []uint64{0, 0, 0, 0}, 0},
		{"median of first bucket", 0.5, []uint64{10, 0, 0, 0}, 5 * ms},
		{"p99 of first bucket", 0.99, []uint64{100, 0, 0, 0}, 9900 * time.Microsecond},
		{"median in second bucket", 0.5, []uint64{0, 4, 0, 0}, 55 * ms},
		{"median at bucket edge", 0.5, []uint64{5, 5, 0, 0}, 10 * ms},
		{"p99 in tail bucket", 0.99, []uint64{90, 0, 10, 0}, 910 * ms},
		{"skips empty buckets", 0.5, []uint64{0, 0, 2, 0}, 550 * ms},
		{"+Inf bucket gives largest bound", 0.99, []uint64{1, 0, 0, 99}, time.Second},
		{"q clamped above 1", 2, []uint64{1, 1, 0, 0}, 100 * ms},
		{"q 0 is lowest bound of first used bucket", 0, []uint64{0, 3, 0, 0}, 10 * ms},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := quantile(tt.q, bounds, tt.counts); got != tt.want {
				t.Errorf("quantile(%v) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

func TestHistogramObserve(t *testing.T) {
	bounds := []time.Duration{time.Millisecond, time.Second}
	tests := []struct {
		d      time.Duration
		bucket int
	}{
		{0, 0},
		{time.Millisecond, 0}, // upper bounds are inclusive (le)
		{time.Millisecond + 1, 1},
		{time.Second, 1},
		{time.Minute, 2},
	}
	for _, tt := range tests {
		h := newHistogram(bounds)
		h.observe(tt.d)
		counts, total, sum := h.read()
		if counts[tt.bucket] != 1 || total != 1 || sum != tt.d {
			t.Errorf("observe(%v): counts %v total %d sum %v; want bucket %d", tt.d, counts, total, sum, tt.bucket)
		}
	}
}

func TestSnapshotLatencyQuantiles(t *testing.T) {
	tests := []struct {
		name     string
		observed map[time.Duration]int // duration → times
		p50, p99 time.Duration
	}{
		{"none", nil, 0, 0},
		{"all fast", map[time.Duration]int{500 * time.Microsecond: 100}, 500 * time.Microsecond, 990 * time.Microsecond},
		{"slow tail", map[time.Duration]int{3 * time.Millisecond: 50, 20 * time.Millisecond: 48, 2 * time.Second: 2},
			5 * time.Millisecond, 1750 * time.Millisecond},
		{"beyond last bucket", map[time.Duration]int{time.Minute: 10}, 30 * time.Second, 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(Options{})
			for d, n := range tt.observed {
				for range n {
					m.CommandDone("ping", OutcomeOK, d)
				}
			}
			s := m.Snapshot()
			if s.LatencyP50 != tt.p50 || s.LatencyP99 != tt.p99 {
				t.Errorf("p50, p99 = %v, %v; want %v, %v", s.LatencyP50, s.LatencyP99, tt.p50, tt.p99)
			}
		})
	}
}
