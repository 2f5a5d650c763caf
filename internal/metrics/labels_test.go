package metrics

import (
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

func TestLabelSetBound(t *testing.T) {
	tests := []struct {
		name   string
		labels []string
		want   map[string]uint64
	}{
		{"under the bound", []string{"a", "b", "a"}, map[string]uint64{"a": 2, "b": 1}},
		{"overflow to other", []string{"a", "b", "c", "d", "a"}, map[string]uint64{"a": 2, "b": 1, "c": 1, OtherLabel: 1}},
		{"invalid to other", []string{"a", "", "\xff"}, map[string]uint64{"a": 1, OtherLabel: 2}},
		{"other then full", []string{"", "a", "b", "c", "d", "e"}, map[string]uint64{OtherLabel: 3, "a": 1, "b": 1, "c": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLabelSet(3, OtherLabel, validLabel, newCounter)
			for _, s := range tt.labels {
				l.get(s).Add(1)
			}
			got := map[string]uint64{}
			l.each(func(k string, n *atomic.Uint64) { got[k] = n.Load() })
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%q = %d, want %d (all: %v)", k, got[k], v, got)
				}
			}
		})
	}
}

func TestLabelSetConcurrent(t *testing.T) {
	l := newLabelSet(50, OtherLabel, validLabel, newCounter)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 1000 {
				l.get(strconv.Itoa((g + i) % 100)).Add(1)
			}
		})
	}
	wg.Wait()
	var total uint64
	n := 0
	l.each(func(_ string, c *atomic.Uint64) { total += c.Load(); n++ })
	if total != 8000 || n != 51 {
		t.Errorf("total %d over %d labels, want 8000 over 51", total, n)
	}
}
