package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"cogd/internal/store/pgtest"
)

func TestIdentifyGateNeedsPostgres(t *testing.T) {
	if _, err := mustOpen(t, Config{}).IdentifyGate(IdentifyGateOptions{BotKey: "b"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("IdentifyGate on SQLite: %v, want ErrInvalid", err)
	}
}

// claim is one recorded IdentifyGate claim.
type claim struct {
	gate, shard, bucket int
	at                  time.Time
}

// TestIdentifyGatesShareBuckets: two processes' gates on one PostgreSQL
// database, all Waits at once, max_concurrency 2: per bucket the claims
// are at least one interval apart by the database's clock, and every
// shard got exactly one.
func TestIdentifyGatesShareBuckets(t *testing.T) {
	const interval = 200 * time.Millisecond
	dsn := pgtest.Schema(t, os.Getenv)
	var mu sync.Mutex
	var claims []claim
	gates := make([]*IdentifyGate, 2)
	for i := range gates {
		s := mustOpen(t, Config{Driver: DriverPostgres, DSN: dsn})
		g, err := s.IdentifyGate(IdentifyGateOptions{BotKey: "bot", Interval: interval, Owner: fmt.Sprint("p", i),
			OnClaim: func(shard, bucket int, at time.Time) {
				mu.Lock()
				defer mu.Unlock()
				claims = append(claims, claim{i, shard, bucket, at})
			}})
		if err != nil {
			t.Fatal(err)
		}
		gates[i] = g
	}
	var wg sync.WaitGroup
	for shard := range 8 { // shards 0-3 in process 0, 4-7 in process 1
		wg.Go(func() {
			if err := gates[shard/4].Wait(context.Background(), shard, 2); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if len(claims) != 8 {
		t.Fatalf("%d claims, want 8: %v", len(claims), claims)
	}
	slices.SortFunc(claims, func(a, b claim) int { return a.at.Compare(b.at) })
	last := map[int]claim{}
	for _, c := range claims {
		if c.bucket != c.shard%2 {
			t.Errorf("shard %d claimed bucket %d", c.shard, c.bucket)
		}
		if prev, ok := last[c.bucket]; ok && c.at.Sub(prev.at) < interval {
			t.Errorf("bucket %d claimed %s apart (shard %d by process %d, then shard %d by process %d), want ≥ %s",
				c.bucket, c.at.Sub(prev.at), prev.shard, prev.gate, c.shard, c.gate, interval)
		}
		last[c.bucket] = c
	}
}

func TestIdentifyGateWaitEndsWithContext(t *testing.T) {
	s := mustOpen(t, Config{Driver: DriverPostgres, DSN: pgtest.Schema(t, os.Getenv)})
	g, err := s.IdentifyGate(IdentifyGateOptions{BotKey: "bot", Interval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Wait(context.Background(), 0, 1); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := g.Wait(ctx, 1, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait on a taken bucket with a cancelled context: %v, want context.Canceled", err)
	}
}

// TestIdentifyGateSurvivesADeadProcess: process A claims a bucket and
// dies (its store closes); B's Wait for the bucket returns one interval
// after A's claim.
func TestIdentifyGateSurvivesADeadProcess(t *testing.T) {
	const interval = 100 * time.Millisecond
	dsn := pgtest.Schema(t, os.Getenv)
	var mu sync.Mutex
	var at []time.Time
	record := func(_, _ int, t time.Time) { mu.Lock(); at = append(at, t); mu.Unlock() }
	a, err := Open(context.Background(), Config{Driver: DriverPostgres, DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	ga, _ := a.IdentifyGate(IdentifyGateOptions{BotKey: "bot", Interval: interval, OnClaim: record})
	if err := ga.Wait(context.Background(), 0, 1); err != nil {
		t.Fatal(err)
	}
	a.Close()
	gb, _ := mustOpen(t, Config{Driver: DriverPostgres, DSN: dsn}).IdentifyGate(IdentifyGateOptions{BotKey: "bot", Interval: interval, OnClaim: record})
	if err := gb.Wait(context.Background(), 1, 1); err != nil {
		t.Fatal(err)
	}
	if len(at) != 2 || at[1].Sub(at[0]) < interval {
		t.Errorf("claims at %v, want two at least %s apart", at, interval)
	}
}
