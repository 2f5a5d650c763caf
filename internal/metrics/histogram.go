package metrics

import (
	"slices"
	"sync/atomic"
	"time"
)

// defaultLatencyBuckets returns the upper bounds of the command latency
// histogram: from 1 ms (a cached reply) to 30 s (a slow upstream).
func defaultLatencyBuckets() []time.Duration {
	return []time.Duration{
		time.Millisecond, 2500 * time.Microsecond, 5 * time.Millisecond,
		10 * time.Millisecond, 25 * time.Millisecond, 50 * time.Millisecond,
		100 * time.Millisecond, 250 * time.Millisecond, 500 * time.Millisecond,
		time.Second, 2500 * time.Millisecond, 5 * time.Second,
		10 * time.Second, 30 * time.Second,
	}
}

// histogram counts durations into fixed buckets with atomic adds. counts[i]
// counts observations ≤ bounds[i] (and > bounds[i-1]); the last count is
// the +Inf bucket.
type histogram struct {
	bounds []time.Duration // shared, never modified
	counts []atomic.Uint64
	sum    atomic.Int64 // nanoseconds
}

// newHistogram returns an empty histogram over sorted bounds.
func newHistogram(bounds []time.Duration) *histogram {
	return &histogram{bounds: bounds, counts: make([]atomic.Uint64, len(bounds)+1)}
}

// observe records d.
func (h *histogram) observe(d time.Duration) {
	i, _ := slices.BinarySearch(h.bounds, d)
	h.counts[i].Add(1)
	h.sum.Add(int64(d))
}

// read returns the per-bucket counts (not cumulative), their total and the
// sum of observations. Buckets are read one by one, so a read racing with
// observations may be off by those observations.
func (h *histogram) read() (counts []uint64, total uint64, sum time.Duration) {
	counts = make([]uint64, len(h.counts))
	for i := range h.counts {
		counts[i] = h.counts[i].Load()
		total += counts[i]
	}
	return counts, total, time.Duration(h.sum.Load())
}

// addCounts adds h's per-bucket counts into acc, which has len(h.counts).
func (h *histogram) addCounts(acc []uint64) {
	for i := range h.counts {
		acc[i] += h.counts[i].Load()
	}
}

// quantile estimates the q-quantile (0 ≤ q ≤ 1) of per-bucket counts over
// bounds the way Prometheus's histogram_quantile does: find the bucket
// holding rank q·total and interpolate linearly inside it, the first
// bucket starting at 0. A rank in the +Inf bucket returns the largest
// bound. An empty histogram returns 0.
func quantile(q float64, bounds []time.Duration, counts []uint64) time.Duration {
	var total uint64
	for _, c := range counts {
		total += c
	}
	if total == 0 || len(bounds) == 0 {
		return 0
	}
	rank := min(max(q, 0), 1) * float64(total)
	var below uint64
	for i, c := range counts {
		if c > 0 && float64(below+c) >= rank {
			return interpolate(bounds, i, rank-float64(below), c)
		}
		below += c
	}
	return bounds[len(bounds)-1]
}

// interpolate returns the duration at position pos (0 ≤ pos ≤ n) among the
// n observations of bucket i, assuming they spread evenly across it.
func interpolate(bounds []time.Duration, i int, pos float64, n uint64) time.Duration {
	if i == len(bounds) {
		return bounds[len(bounds)-1]
	}
	var lower time.Duration
	if i > 0 {
		lower = bounds[i-1]
	}
	width := float64(bounds[i] - lower)
	return lower + time.Duration(width*pos/float64(n))
}
