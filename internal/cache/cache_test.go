package cache

import (
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"
)

func TestExpiry(t *testing.T) {
	tests := []struct {
		name    string
		ttl     time.Duration // Options.TTL
		setTTL  time.Duration // -1: use Set
		advance time.Duration
		want    bool
	}{
		{"fresh", time.Minute, -1, 59 * time.Second, true},
		{"at deadline", time.Minute, -1, time.Minute, false},
		{"past deadline", time.Minute, -1, time.Hour, false},
		{"no ttl never expires", 0, -1, 1000 * time.Hour, true},
		{"SetTTL overrides longer", time.Minute, time.Hour, 30 * time.Minute, true},
		{"SetTTL overrides shorter", time.Hour, time.Second, 2 * time.Second, false},
		{"SetTTL zero never expires", time.Second, 0, time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			c := newTestCache(clock, 10, tt.ttl)
			if tt.setTTL < 0 {
				c.Set("k", 1)
			} else {
				c.SetTTL("k", 1, tt.setTTL)
			}
			clock.Advance(tt.advance)
			v, ok := c.Get("k")
			if ok != tt.want || (ok && v != 1) {
				t.Fatalf("Get = %d, %v; want hit %v", v, ok, tt.want)
			}
			if !tt.want && c.Len() != 0 {
				t.Errorf("expired entry not removed on Get: Len = %d", c.Len())
			}
		})
	}
}

func TestOverwriteRefreshesTTL(t *testing.T) {
	clock := newFakeClock()
	c := newTestCache(clock, 10, time.Minute)
	c.Set("k", 1)
	clock.Advance(50 * time.Second)
	c.Set("k", 2)
	clock.Advance(50 * time.Second)
	if v, ok := c.Get("k"); !ok || v != 2 {
		t.Fatalf("Get = %d, %v; want 2, true", v, ok)
	}
	if c.Len() != 1 {
		t.Errorf("Len = %d, want 1", c.Len())
	}
}

func TestCapacityAndLRU(t *testing.T) {
	tests := []struct {
		name    string
		ops     []string // "s:k" set, "g:k" get, "d:k" delete
		want    []string // keys present afterwards
		evicted uint64
	}{
		{"fills to capacity", []string{"s:a", "s:b", "s:c"}, []string{"a", "b", "c"}, 0},
		{"oldest evicted", []string{"s:a", "s:b", "s:c", "s:d"}, []string{"b", "c", "d"}, 1},
		{"get protects", []string{"s:a", "s:b", "s:c", "g:a", "s:d"}, []string{"a", "c", "d"}, 1},
		{"overwrite protects", []string{"s:a", "s:b", "s:c", "s:a", "s:d", "s:e"}, []string{"a", "d", "e"}, 2},
		{"delete makes room", []string{"s:a", "s:b", "s:c", "d:b", "s:d"}, []string{"a", "c", "d"}, 0},
		{"miss does not reorder", []string{"s:a", "s:b", "s:c", "g:x", "s:d"}, []string{"b", "c", "d"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCache(newFakeClock(), 3, 0)
			for i, op := range tt.ops {
				applyOp(c, op, i)
			}
			assertKeys(t, c, tt.want)
			if _, _, ev := c.Stats(); ev != tt.evicted {
				t.Errorf("evictions = %d, want %d", ev, tt.evicted)
			}
		})
	}
}

// applyOp runs one "s:k", "g:k" or "d:k" operation on c.
func applyOp(c *Cache[string, int], op string, i int) {
	k := op[2:]
	switch op[0] {
	case 's':
		c.Set(k, i)
	case 'g':
		c.Get(k)
	case 'd':
		c.Delete(k)
	}
}

// assertKeys checks that c holds exactly keys, peeking without counting.
func assertKeys(t *testing.T, c *Cache[string, int], keys []string) {
	t.Helper()
	if c.Len() != len(keys) {
		t.Errorf("Len = %d, want %d", c.Len(), len(keys))
	}
	for _, k := range keys {
		s := c.shardFor(k)
		if _, ok := s.items[k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
}

func TestDeleteAndClear(t *testing.T) {
	c := newTestCache(newFakeClock(), 10, 0)
	c.Set("a", 1)
	c.Set("b", 2)
	c.Delete("a")
	c.Delete("missing")
	if _, ok := c.Get("a"); ok {
		t.Error("deleted key still present")
	}
	if v, ok := c.Get("b"); !ok || v != 2 {
		t.Errorf("Get(b) = %d, %v", v, ok)
	}
	c.Clear()
	if c.Len() != 0 {
		t.Errorf("Len after Clear = %d", c.Len())
	}
	c.Set("c", 3)
	assertKeys(t, c, []string{"c"})
}

func TestStats(t *testing.T) {
	tests := []struct {
		name                    string
		run                     func(c *Cache[string, int], clock *fakeClock)
		hits, misses, evictions uint64
	}{
		{"empty", func(*Cache[string, int], *fakeClock) {}, 0, 0, 0},
		{"miss", func(c *Cache[string, int], _ *fakeClock) { c.Get("x") }, 0, 1, 0},
		{"hit", func(c *Cache[string, int], _ *fakeClock) { c.Set("x", 1); c.Get("x"); c.Get("x") }, 2, 0, 0},
		{"expired is miss and eviction", func(c *Cache[string, int], clock *fakeClock) {
			c.Set("x", 1)
			clock.Advance(time.Hour)
			c.Get("x")
		}, 0, 1, 1},
		{"capacity eviction", func(c *Cache[string, int], _ *fakeClock) {
			for i := range 5 {
				c.Set(strconv.Itoa(i), i)
			}
		}, 0, 0, 3},
		{"delete is not eviction", func(c *Cache[string, int], _ *fakeClock) { c.Set("x", 1); c.Delete("x") }, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			c := newTestCache(clock, 2, time.Minute)
			tt.run(c, clock)
			h, m, e := c.Stats()
			if h != tt.hits || m != tt.misses || e != tt.evictions {
				t.Errorf("Stats = %d/%d/%d, want %d/%d/%d", h, m, e, tt.hits, tt.misses, tt.evictions)
			}
		})
	}
}

func TestSweepOnSet(t *testing.T) {
	clock := newFakeClock()
	c := newTestCache(clock, 100, time.Minute)
	for i := range 5 {
		c.Set(strconv.Itoa(i), i)
	}
	clock.Advance(2 * time.Minute)
	c.Set("fresh", 1)
	if c.Len() != 1 {
		t.Errorf("Len = %d, want 1 after sweep", c.Len())
	}
	if _, _, e := c.Stats(); e != 5 {
		t.Errorf("evictions = %d, want 5", e)
	}
}

func TestSweepIsBounded(t *testing.T) {
	clock := newFakeClock()
	c := newTestCache(clock, 100, time.Minute)
	for i := range 3 * sweepLimit {
		c.Set(strconv.Itoa(i), i)
	}
	clock.Advance(2 * time.Minute)
	c.Set("fresh", 1)
	if want := 2*sweepLimit + 1; c.Len() != want {
		t.Errorf("Len = %d, want %d", c.Len(), want)
	}
}

func TestOnLookup(t *testing.T) {
	var hits, misses int
	c := New[int, string](Options{Capacity: 4, OnLookup: func(hit bool) {
		if hit {
			hits++
		} else {
			misses++
		}
	}})
	c.Set(1, "one")
	c.Get(1)
	c.Get(2)
	c.Get(1)
	if hits != 2 || misses != 1 {
		t.Errorf("hook saw %d hits, %d misses; want 2, 1", hits, misses)
	}
}

func TestDefaults(t *testing.T) {
	c := New[string, int](Options{Name: "prefix"})
	if c.Name() != "prefix" {
		t.Errorf("Name = %q", c.Name())
	}
	total := 0
	for i := range c.shards {
		total += c.shards[i].capacity
	}
	if total != DefaultCapacity {
		t.Errorf("capacity = %d, want %d", total, DefaultCapacity)
	}
	c.Set("a", 1)
	if v, ok := c.Get("a"); !ok || v != 1 {
		t.Errorf("Get = %d, %v", v, ok)
	}
}

func TestShardCount(t *testing.T) {
	tests := []struct {
		requested, capacity int
		check               func(n int) bool
	}{
		{1, 1000, func(n int) bool { return n == 1 }},
		{3, 1000, func(n int) bool { return n == 4 }},
		{8, 1000, func(n int) bool { return n == 8 }},
		{16, 5, func(n int) bool { return n == 4 }},
		{0, 10, func(n int) bool { return n == 1 }},
		{0, 100_000, func(n int) bool { return n >= 1 && n <= maxShards && n&(n-1) == 0 }},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d_%d", tt.requested, tt.capacity), func(t *testing.T) {
			if n := shardCount(tt.requested, tt.capacity); !tt.check(n) {
				t.Errorf("shardCount = %d", n)
			}
		})
	}
}

func TestShardedCapacityBound(t *testing.T) {
	for _, capacity := range []int{1, 7, 100, 1000} {
		t.Run(strconv.Itoa(capacity), func(t *testing.T) {
			c := New[int, int](Options{Capacity: capacity, Shards: 8})
			for i := range 10 * capacity {
				c.Set(i, i)
			}
			if c.Len() > capacity {
				t.Errorf("Len = %d > capacity %d", c.Len(), capacity)
			}
			if _, ok := c.Get(10*capacity - 1); !ok {
				t.Error("latest key missing")
			}
		})
	}
}

func TestSplitCapacity(t *testing.T) {
	for _, tt := range []struct{ capacity, n int }{{10, 4}, {7, 8}, {1024, 16}} {
		sum := 0
		for i := range tt.n {
			sum += splitCapacity(tt.capacity, tt.n, i)
		}
		if sum != tt.capacity {
			t.Errorf("splitCapacity(%d, %d) sums to %d", tt.capacity, tt.n, sum)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	clock := newFakeClock()
	c := New[int, int](Options{Capacity: 256, TTL: time.Second, Now: clock.Now, Shards: 4})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				k := (g*31 + i) % 512
				switch i % 4 {
				case 0:
					c.Set(k, i)
				case 3:
					c.Delete(k)
				default:
					c.Get(k)
				}
				if i%500 == 0 {
					clock.Advance(time.Second)
				}
			}
		})
	}
	wg.Wait()
	if c.Len() > 256 {
		t.Errorf("Len = %d > 256", c.Len())
	}
	h, m, _ := c.Stats()
	if h+m != 8*1000 {
		t.Errorf("lookups = %d, want 8000", h+m)
	}
}
