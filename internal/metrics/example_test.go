package metrics_test

import (
	"context"
	"fmt"
	"time"

	"cogd/internal/metrics"
)

func Example() {
	m := metrics.New(metrics.Options{})
	m.CommandDone("ping", metrics.OutcomeOK, 4*time.Millisecond)
	m.CommandDone("weather", metrics.OutcomeTimeout, 5*time.Second)
	m.GatewayEvent("MESSAGE_CREATE")
	hook := m.CacheHook("prefix") // for cache.Options.OnLookup
	hook(true)
	hook(false)

	s := m.Snapshot()
	fmt.Println(s.CommandsTotal, s.Errors, s.Events["MESSAGE_CREATE"], s.Caches["prefix"].HitRate())

	srv := metrics.NewServer("127.0.0.1:0", m, func(context.Context) error { return nil })
	if err := srv.Start(context.Background()); err != nil {
		panic(err)
	}
	defer func() { _ = srv.Shutdown(context.Background()) }()
	// Output: 2 1 1 0.5
}
