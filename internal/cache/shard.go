package cache

import "sync"

// sweepLimit bounds how many least recently used entries a Set inspects
// for expiry.
const sweepLimit = 8

// entry is one cached value, linked into its shard's LRU list.
type entry[K comparable, V any] struct {
	key        K
	val        V
	expires    int64 // on the cache's clock; noExpiry = never
	prev, next *entry[K, V]
}

// expired reports whether e is past its deadline at now.
func (e *entry[K, V]) expired(now int64) bool {
	return now >= e.expires
}

// shard is an exact LRU cache behind one mutex. root.next is the most
// recently used entry, root.prev the least.
type shard[K comparable, V any] struct {
	mu        sync.Mutex
	items     map[K]*entry[K, V]
	root      entry[K, V]
	capacity  int
	calls     map[K]*call[V]
	hits      uint64
	misses    uint64
	evictions uint64
	_         [64]byte // keep neighbouring shards' locks on separate cache lines
}

// init prepares an empty shard holding at most capacity entries.
func (s *shard[K, V]) init(capacity int) {
	s.capacity = max(capacity, 1)
	s.items = make(map[K]*entry[K, V])
	s.root.next, s.root.prev = &s.root, &s.root
}

// get returns the live value under k, dropping it if expired, and counts
// the lookup. The clock is read only for entries that can expire.
func (s *shard[K, V]) get(k K, clock func() int64) (V, bool) {
	e, ok := s.items[k]
	if ok && e.expires != noExpiry && e.expired(clock()) {
		s.remove(e)
		s.evictions++
		ok = false
	}
	if !ok {
		s.misses++
		var zero V
		return zero, false
	}
	s.hits++
	s.moveToFront(e)
	return e.val, true
}

// peek returns the live value under k without counting or reordering.
func (s *shard[K, V]) peek(k K, now int64) (V, bool) {
	e, ok := s.items[k]
	if !ok || e.expired(now) {
		var zero V
		return zero, false
	}
	return e.val, true
}

// set stores v under k with deadline expires, making room if full.
func (s *shard[K, V]) set(k K, v V, expires, now int64) {
	if e, ok := s.items[k]; ok {
		e.val, e.expires = v, expires
		s.moveToFront(e)
		return
	}
	s.sweep(now)
	var e *entry[K, V]
	if len(s.items) >= s.capacity {
		e = s.root.prev
		s.remove(e)
		s.evictions++
	} else {
		e = new(entry[K, V])
	}
	*e = entry[K, V]{key: k, val: v, expires: expires}
	s.items[k] = e
	s.pushFront(e)
}

// sweep removes expired entries among the sweepLimit least recently used.
func (s *shard[K, V]) sweep(now int64) {
	e := s.root.prev
	for i := 0; i < sweepLimit && e != &s.root; i++ {
		prev := e.prev
		if e.expired(now) {
			s.remove(e)
			s.evictions++
		}
		e = prev
	}
}

// delete removes the entry under k, if any.
func (s *shard[K, V]) delete(k K) {
	if e, ok := s.items[k]; ok {
		s.remove(e)
	}
}

// clear removes every entry.
func (s *shard[K, V]) clear() {
	clear(s.items)
	s.root.next, s.root.prev = &s.root, &s.root
}

// remove unlinks e and drops it from the map.
func (s *shard[K, V]) remove(e *entry[K, V]) {
	e.prev.next, e.next.prev = e.next, e.prev
	e.prev, e.next = nil, nil
	delete(s.items, e.key)
}

// pushFront links e as the most recently used entry.
func (s *shard[K, V]) pushFront(e *entry[K, V]) {
	e.prev, e.next = &s.root, s.root.next
	s.root.next.prev = e
	s.root.next = e
}

// moveToFront marks e as the most recently used entry.
func (s *shard[K, V]) moveToFront(e *entry[K, V]) {
	if s.root.next == e {
		return
	}
	e.prev.next, e.next.prev = e.next, e.prev
	s.pushFront(e)
}
