package cache

import (
	"hash/maphash"
	"math"
	"runtime"
	"time"
)

// DefaultCapacity is the capacity of a Cache whose Options.Capacity is not
// positive.
const DefaultCapacity = 10_000

// maxShards bounds the automatic shard count.
const maxShards = 64

// minPerShard is the smallest shard capacity the automatic shard count
// allows, so small caches keep one exact LRU list.
const minPerShard = 128

// Options configures a Cache.
type Options struct {
	// Name names the cache in metrics and logs ("prefix", "weather").
	Name string
	// Capacity bounds the number of entries; DefaultCapacity if not positive.
	Capacity int
	// TTL is the time to live of entries stored by Set and GetOrLoad.
	// Zero or negative means they expire only by eviction.
	TTL time.Duration
	// Now is the clock; if nil, the real monotonic clock.
	Now func() time.Time
	// OnLookup, if set, is called after every Get with whether it hit.
	// It runs outside the cache's locks and must not block.
	OnLookup func(hit bool)
	// Shards is the number of independently locked parts, rounded up to a
	// power of two. Zero picks one from GOMAXPROCS and Capacity. LRU order
	// is exact within a shard, approximate across shards.
	Shards int
}

// noExpiry is the deadline of entries that never expire.
const noExpiry = math.MaxInt64

// Cache is a bounded map from K to V whose entries expire. The zero value
// is not usable; create one with New. It is safe for concurrent use.
type Cache[K comparable, V any] struct {
	name     string
	ttl      time.Duration
	clock    func() int64 // nanoseconds since the cache's epoch
	onLookup func(hit bool)
	seed     maphash.Seed
	mask     uint64
	shards   []shard[K, V]
}

// New returns an empty cache configured by opts.
func New[K comparable, V any](opts Options) *Cache[K, V] {
	if opts.Capacity <= 0 {
		opts.Capacity = DefaultCapacity
	}
	n := shardCount(opts.Shards, opts.Capacity)
	c := &Cache[K, V]{
		name:     opts.Name,
		ttl:      opts.TTL,
		clock:    newClock(opts.Now),
		onLookup: opts.OnLookup,
		seed:     maphash.MakeSeed(),
		mask:     uint64(n - 1),
		shards:   make([]shard[K, V], n),
	}
	for i := range c.shards {
		c.shards[i].init(splitCapacity(opts.Capacity, n, i))
	}
	return c
}

// newClock returns a reader of the nanoseconds elapsed since its creation on
// the clock now. With the real clock (now == nil) it reads only the
// monotonic clock, which costs about half of time.Now and ignores
// wall-clock jumps.
func newClock(now func() time.Time) func() int64 {
	if now == nil {
		epoch := time.Now()
		return func() int64 { return int64(time.Since(epoch)) }
	}
	epoch := now()
	return func() int64 { return int64(now().Sub(epoch)) }
}

// shardCount returns the number of shards, a power of two no larger than
// capacity: the requested count, or one derived from GOMAXPROCS.
func shardCount(requested, capacity int) int {
	n := requested
	if n <= 0 {
		n = min(4*runtime.GOMAXPROCS(0), maxShards)
		for n > 1 && capacity/n < minPerShard {
			n /= 2
		}
	}
	p := 1
	for p < n && p*2 <= capacity {
		p *= 2
	}
	return p
}

// splitCapacity returns shard i's share of capacity among n shards; the
// shares add up to capacity exactly.
func splitCapacity(capacity, n, i int) int {
	share := capacity / n
	if i < capacity%n {
		share++
	}
	return share
}

// Name returns Options.Name.
func (c *Cache[K, V]) Name() string { return c.name }

// shardFor returns the shard that holds k.
func (c *Cache[K, V]) shardFor(k K) *shard[K, V] {
	if c.mask == 0 {
		return &c.shards[0]
	}
	return &c.shards[maphash.Comparable(c.seed, k)&c.mask]
}

// expiry returns the deadline, on the cache's clock, of an entry stored at
// now with ttl, or noExpiry if ttl is not positive.
func (c *Cache[K, V]) expiry(now int64, ttl time.Duration) int64 {
	if ttl <= 0 || now > noExpiry-int64(ttl) {
		return noExpiry
	}
	return now + int64(ttl)
}

// Get returns the live value stored under k. It does not allocate.
func (c *Cache[K, V]) Get(k K) (V, bool) {
	s := c.shardFor(k)
	s.mu.Lock()
	v, ok := s.get(k, c.clock)
	s.mu.Unlock()
	if c.onLookup != nil {
		c.onLookup(ok)
	}
	return v, ok
}

// Set stores v under k with Options.TTL, evicting the least recently used
// entry if the cache is full.
func (c *Cache[K, V]) Set(k K, v V) { c.SetTTL(k, v, c.ttl) }

// SetTTL stores v under k to expire after ttl (never, if ttl is not
// positive), evicting the least recently used entry if the cache is full.
func (c *Cache[K, V]) SetTTL(k K, v V, ttl time.Duration) {
	now := c.clock()
	s := c.shardFor(k)
	s.mu.Lock()
	s.set(k, v, c.expiry(now, ttl), now)
	s.mu.Unlock()
}

// Delete removes the entry stored under k, if any.
func (c *Cache[K, V]) Delete(k K) {
	s := c.shardFor(k)
	s.mu.Lock()
	s.delete(k)
	s.mu.Unlock()
}

// Clear removes every entry.
func (c *Cache[K, V]) Clear() {
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.Lock()
		s.clear()
		s.mu.Unlock()
	}
}

// Len returns the number of entries held, including expired ones not yet
// removed.
func (c *Cache[K, V]) Len() int {
	n := 0
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.Lock()
		n += len(s.items)
		s.mu.Unlock()
	}
	return n
}

// Stats returns the lookup and eviction counts since New. Hits and misses
// count Get calls (GetOrLoad counts as one Get). Evictions count entries the
// cache removed by itself, to make room or because they expired; Delete,
// Clear and overwrites are not evictions.
func (c *Cache[K, V]) Stats() (hits, misses, evictions uint64) {
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.Lock()
		hits += s.hits
		misses += s.misses
		evictions += s.evictions
		s.mu.Unlock()
	}
	return hits, misses, evictions
}
