package metrics

import (
	"maps"
	"sync"
	"sync/atomic"
)

// labelSet maps a bounded set of label values to their stats. Lookups of
// known values are lock-free: they read an immutable map through an atomic
// pointer. Adding a value copies the map under a mutex. Values beyond the
// first max, and values valid rejects, share the stats of the overflow key,
// so a set holds at most max+1 values. Once the overflow key is in use,
// its lookups are lock-free too.
type labelSet[K comparable, T any] struct {
	mu       sync.Mutex
	m        atomic.Pointer[map[K]*T]
	other    atomic.Pointer[T]
	full     atomic.Bool
	max      int
	overflow K
	valid    func(K) bool
	newT     func(K) *T
}

// newLabelSet returns an empty set of at most max values (plus overflow).
func newLabelSet[K comparable, T any](max int, overflow K, valid func(K) bool, newT func(K) *T) *labelSet[K, T] {
	l := &labelSet[K, T]{max: max, overflow: overflow, valid: valid, newT: newT}
	empty := make(map[K]*T)
	l.m.Store(&empty)
	return l
}

// get returns the stats of k, adding them if k is new.
func (l *labelSet[K, T]) get(k K) *T {
	if v, ok := (*l.m.Load())[k]; ok {
		return v
	}
	return l.add(k)
}

// add is get's slow path: k is not in the map (or was not when looked up).
func (l *labelSet[K, T]) add(k K) *T {
	if o := l.other.Load(); o != nil && (l.full.Load() || !l.valid(k)) {
		return o
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	cur := *l.m.Load()
	if v, ok := cur[k]; ok {
		return v
	}
	if !l.valid(k) || l.size(cur) >= l.max {
		k = l.overflow
	}
	v, ok := cur[k]
	if !ok {
		v = l.newT(k)
		next := maps.Clone(cur)
		next[k] = v
		l.m.Store(&next)
	}
	if k == l.overflow {
		l.other.Store(v)
		l.full.Store(l.size(cur) >= l.max)
	}
	return v
}

// size returns the number of values in m, the overflow value not counted.
func (l *labelSet[K, T]) size(m map[K]*T) int {
	if _, ok := m[l.overflow]; ok {
		return len(m) - 1
	}
	return len(m)
}

// each calls f for every value in the set, in no particular order.
func (l *labelSet[K, T]) each(f func(K, *T)) {
	for k, v := range *l.m.Load() {
		f(k, v)
	}
}
