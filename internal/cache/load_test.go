package cache

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// waitForWaiters blocks until n callers have joined the load of k.
func waitForWaiters(t *testing.T, c *Cache[string, int], k string, n int) {
	t.Helper()
	s := c.shardFor(k)
	for {
		s.mu.Lock()
		cl := s.calls[k]
		joined := cl != nil && cl.waiters >= n
		s.mu.Unlock()
		if joined {
			return
		}
		runtime.Gosched()
	}
}

// blockingLoader returns a loader that counts calls and blocks until
// release is closed, then returns val, err.
func blockingLoader(calls *atomic.Int32, release <-chan struct{}, val int, err error) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		calls.Add(1)
		select {
		case <-release:
			return val, err
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

func TestGetOrLoadSingleFlight(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name      string
		val       int
		err       error
		wantCache bool
	}{
		{"success is shared and cached", 42, nil, true},
		{"error is shared, not cached", 0, errBoom, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const callers = 10
			c := newTestCache(newFakeClock(), 10, time.Minute)
			var calls atomic.Int32
			release := make(chan struct{})
			load := blockingLoader(&calls, release, tt.val, tt.err)
			results := make(chan error, callers)
			var wg sync.WaitGroup
			for range callers {
				wg.Go(func() {
					v, err := c.GetOrLoad(context.Background(), "k", load)
					if err == nil && v != tt.val {
						err = errors.New("wrong value")
					}
					results <- err
				})
			}
			waitForWaiters(t, c, "k", callers-1)
			close(release)
			wg.Wait()
			close(results)
			for err := range results {
				if !errors.Is(err, tt.err) {
					t.Errorf("GetOrLoad error = %v, want %v", err, tt.err)
				}
			}
			if calls.Load() != 1 {
				t.Errorf("loader called %d times, want 1", calls.Load())
			}
			if _, ok := c.Get("k"); ok != tt.wantCache {
				t.Errorf("cached = %v, want %v", ok, tt.wantCache)
			}
		})
	}
}

func TestGetOrLoadHitSkipsLoader(t *testing.T) {
	c := newTestCache(newFakeClock(), 10, time.Minute)
	c.Set("k", 7)
	v, err := c.GetOrLoad(context.Background(), "k", func(context.Context) (int, error) {
		t.Error("loader called on a hit")
		return 0, nil
	})
	if err != nil || v != 7 {
		t.Errorf("GetOrLoad = %d, %v", v, err)
	}
}

func TestGetOrLoadTTL(t *testing.T) {
	clock := newFakeClock()
	c := newTestCache(clock, 10, time.Minute)
	var calls int
	load := func(context.Context) (int, error) { calls++; return calls, nil }
	tests := []struct {
		advance time.Duration
		want    int
	}{
		{0, 1},
		{30 * time.Minute, 1},
		{31 * time.Minute, 2},
	}
	for _, tt := range tests {
		clock.Advance(tt.advance)
		v, err := c.GetOrLoadTTL(context.Background(), "k", time.Hour, load)
		if err != nil || v != tt.want {
			t.Errorf("after %v: GetOrLoadTTL = %d, %v; want %d", tt.advance, v, err, tt.want)
		}
	}
}

func TestGetOrLoadErrorRetries(t *testing.T) {
	c := newTestCache(newFakeClock(), 10, time.Minute)
	var calls int
	load := func(context.Context) (int, error) {
		calls++
		if calls == 1 {
			return 0, errors.New("transient")
		}
		return 5, nil
	}
	if _, err := c.GetOrLoad(context.Background(), "k", load); err == nil {
		t.Fatal("first load: want error")
	}
	if v, err := c.GetOrLoad(context.Background(), "k", load); err != nil || v != 5 {
		t.Fatalf("second load = %d, %v", v, err)
	}
	if calls != 2 {
		t.Errorf("loader called %d times, want 2", calls)
	}
}

func TestGetOrLoadWaiterContext(t *testing.T) {
	c := newTestCache(newFakeClock(), 10, time.Minute)
	var calls atomic.Int32
	release := make(chan struct{})
	leaderDone := make(chan error, 1)
	go func() {
		_, err := c.GetOrLoad(context.Background(), "k", blockingLoader(&calls, release, 1, nil))
		leaderDone <- err
	}()
	for calls.Load() == 0 {
		runtime.Gosched()
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.GetOrLoad(ctx, "k", blockingLoader(&calls, release, 2, nil))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("waiter error = %v, want context.Canceled", err)
	}
	close(release)
	if err := <-leaderDone; err != nil {
		t.Errorf("leader error = %v", err)
	}
}

func TestGetOrLoadLeaderCanceledWaiterRetries(t *testing.T) {
	c := newTestCache(newFakeClock(), 10, time.Minute)
	var calls atomic.Int32
	never := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	leaderDone := make(chan error, 1)
	go func() {
		_, err := c.GetOrLoad(ctx, "k", blockingLoader(&calls, never, 1, nil))
		leaderDone <- err
	}()
	for calls.Load() == 0 {
		runtime.Gosched()
	}
	waiterDone := make(chan int, 1)
	go func() {
		v, _ := c.GetOrLoad(context.Background(), "k", func(context.Context) (int, error) { return 9, nil })
		waiterDone <- v
	}()
	waitForWaiters(t, c, "k", 1)
	cancel()
	if err := <-leaderDone; !errors.Is(err, context.Canceled) {
		t.Errorf("leader error = %v, want context.Canceled", err)
	}
	if v := <-waiterDone; v != 9 {
		t.Errorf("waiter got %d, want 9 from its own load", v)
	}
}

func TestGetOrLoadPanic(t *testing.T) {
	c := newTestCache(newFakeClock(), 10, time.Minute)
	started := make(chan struct{})
	release := make(chan struct{})
	panicked := make(chan any, 1)
	go func() {
		defer func() { panicked <- recover() }()
		_, _ = c.GetOrLoad(context.Background(), "k", func(context.Context) (int, error) {
			close(started)
			<-release
			panic("loader bug")
		})
	}()
	<-started
	waiterErr := make(chan error, 1)
	go func() {
		_, err := c.GetOrLoad(context.Background(), "k", func(context.Context) (int, error) { return 1, nil })
		waiterErr <- err
	}()
	waitForWaiters(t, c, "k", 1)
	close(release)
	if p := <-panicked; p != "loader bug" {
		t.Errorf("leader recovered %v", p)
	}
	if err := <-waiterErr; !errors.Is(err, ErrLoadAborted) {
		t.Errorf("waiter error = %v, want ErrLoadAborted", err)
	}
	if v, err := c.GetOrLoad(context.Background(), "k", func(context.Context) (int, error) { return 3, nil }); err != nil || v != 3 {
		t.Errorf("after panic GetOrLoad = %d, %v", v, err)
	}
}
