package cache

import (
	"context"
	"strconv"
	"testing"
	"time"
)

// benchKeys returns n snowflake-like guild IDs.
func benchKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = strconv.FormatUint(1_100_000_000_000_000_000+uint64(i)*7919, 10)
	}
	return keys
}

// newBenchCache returns a prefix-like cache holding keys.
func newBenchCache(keys []string, shards int) *Cache[string, string] {
	c := New[string, string](Options{Name: "prefix", Capacity: 2 * len(keys), TTL: time.Hour, Shards: shards})
	for _, k := range keys {
		c.Set(k, "!")
	}
	return c
}

func BenchmarkGetHit(b *testing.B) {
	keys := benchKeys(1024)
	c := newBenchCache(keys, 0)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, ok := c.Get(keys[i&1023]); !ok {
			b.Fatal("miss")
		}
		i++
	}
}

func BenchmarkGetMiss(b *testing.B) {
	keys := benchKeys(1024)
	c := newBenchCache(keys[:512], 0)
	missing := keys[512:]
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, ok := c.Get(missing[i&511]); ok {
			b.Fatal("hit")
		}
		i++
	}
}

func BenchmarkGetParallel(b *testing.B) {
	for _, shards := range []int{1, 0} {
		name := "shards=auto"
		if shards == 1 {
			name = "shards=1"
		}
		b.Run(name, func(b *testing.B) {
			keys := benchKeys(1024)
			c := newBenchCache(keys, shards)
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					c.Get(keys[i&1023])
					i += 7
				}
			})
		})
	}
}

func BenchmarkSet(b *testing.B) {
	keys := benchKeys(4096)
	c := New[string, string](Options{Capacity: 1024, TTL: time.Hour})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.Set(keys[i&4095], "!")
		i++
	}
}

func BenchmarkGetOrLoadHit(b *testing.B) {
	keys := benchKeys(1)
	c := newBenchCache(keys, 0)
	ctx := context.Background()
	load := func(context.Context) (string, error) { return "!", nil }
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetOrLoad(ctx, keys[0], load); err != nil {
			b.Fatal(err)
		}
	}
}
