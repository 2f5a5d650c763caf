package cache

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrLoadAborted is returned to callers waiting on a load whose loader
// panicked or called runtime.Goexit. The caller that ran the loader sees the
// panic itself.
var ErrLoadAborted = errors.New("cache: load aborted")

// call is one in-flight load that concurrent misses for a key wait on.
type call[V any] struct {
	done chan struct{}
	val  V
	err  error
	// waiters counts the callers that joined this load (under the shard lock).
	waiters int
	// canceled is set when the loader failed after its caller's context
	// ended: waiters with live contexts load again instead of sharing it.
	canceled bool
}

// GetOrLoad returns the value under k, calling load to fill it on a miss
// and storing a successful result with Options.TTL. Concurrent misses for
// the same key call load once and share its result; errors are returned,
// not cached. load runs on the first caller's goroutine with its ctx; a
// caller that waits stops waiting when its own ctx ends.
func (c *Cache[K, V]) GetOrLoad(ctx context.Context, k K, load func(context.Context) (V, error)) (V, error) {
	return c.GetOrLoadTTL(ctx, k, c.ttl, load)
}

// GetOrLoadTTL is GetOrLoad storing the loaded value with ttl (never
// expiring if ttl is not positive) instead of Options.TTL.
func (c *Cache[K, V]) GetOrLoadTTL(ctx context.Context, k K, ttl time.Duration, load func(context.Context) (V, error)) (V, error) {
	for {
		if v, ok := c.Get(k); ok {
			return v, nil
		}
		s := c.shardFor(k)
		v, cl, found, leader := c.join(s, k)
		switch {
		case found:
			return v, nil
		case leader:
			return c.lead(ctx, s, k, ttl, cl, load)
		}
		v, retry, err := c.wait(ctx, cl)
		if !retry {
			return v, err
		}
	}
}

// join looks k up again under the shard lock. If it is still missing, it
// joins the load in flight or registers a new one, which the caller leads.
func (c *Cache[K, V]) join(s *shard[K, V], k K) (v V, cl *call[V], found, leader bool) {
	now := c.clock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.peek(k, now); ok {
		return v, nil, true, false
	}
	if cl, ok := s.calls[k]; ok {
		cl.waiters++
		return v, cl, false, false
	}
	if s.calls == nil {
		s.calls = make(map[K]*call[V])
	}
	cl = &call[V]{done: make(chan struct{})}
	s.calls[k] = cl
	return v, cl, false, true
}

// lead runs load for the waiters of cl and publishes its result. If load
// panics, waiters get ErrLoadAborted and the panic continues.
func (c *Cache[K, V]) lead(ctx context.Context, s *shard[K, V], k K, ttl time.Duration,
	cl *call[V], load func(context.Context) (V, error)) (V, error) {
	finished := false
	defer func() {
		if !finished {
			cl.err = ErrLoadAborted
			c.finish(s, k, ttl, cl)
		}
	}()
	v, err := load(ctx)
	finished = true
	cl.val, cl.err = v, err
	cl.canceled = err != nil && ctx.Err() != nil
	c.finish(s, k, ttl, cl)
	return v, err
}

// finish stores a successful result, retires cl and wakes its waiters.
func (c *Cache[K, V]) finish(s *shard[K, V], k K, ttl time.Duration, cl *call[V]) {
	now := c.clock()
	s.mu.Lock()
	if cl.err == nil {
		s.set(k, cl.val, c.expiry(now, ttl), now)
	}
	delete(s.calls, k)
	s.mu.Unlock()
	close(cl.done)
}

// wait waits for cl or ctx. It asks for a retry when the load failed only
// because its leader's context ended while this caller's is live.
func (c *Cache[K, V]) wait(ctx context.Context, cl *call[V]) (v V, retry bool, err error) {
	select {
	case <-cl.done:
		if cl.canceled && ctx.Err() == nil {
			return v, true, nil
		}
		return cl.val, false, cl.err
	case <-ctx.Done():
		return v, false, fmt.Errorf("cache %q: wait for load: %w", c.name, ctx.Err())
	}
}
