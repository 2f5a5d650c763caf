package cache

import (
	"testing"
	"time"

	"go.uber.org/goleak"

	"cogd/internal/fakeclock"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// fakeClock is a clock tests move by hand.
type fakeClock = fakeclock.Clock

// newFakeClock returns a clock stopped at a fixed instant.
func newFakeClock() *fakeClock {
	return fakeclock.New(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
}

// newTestCache returns a one-shard string cache on clock.
func newTestCache(clock *fakeClock, capacity int, ttl time.Duration) *Cache[string, int] {
	return New[string, int](Options{Name: "test", Capacity: capacity, TTL: ttl, Now: clock.Now, Shards: 1})
}
