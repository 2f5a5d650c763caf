package gateway

import (
	"context"
	"testing"
	"time"
)

// TestStartupBudgetIsTheConfiguredValue: the probe reports the start-up
// timeout that was set, however much of it has passed when it looks (here
// a nearer deadline stands for time spent on a loaded machine).
func TestStartupBudgetIsTheConfiguredValue(t *testing.T) {
	ctx, cancel := StartupContext(context.Background(), time.Second)
	defer cancel()
	later, cancel2 := context.WithTimeout(ctx, 400*time.Millisecond)
	defer cancel2()
	if got := newProbe(later, nil).budget; got != time.Second {
		t.Errorf("budget %s, want the configured 1s", got)
	}
	plain, cancel3 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel3()
	if got := newProbe(plain, nil).budget; got != 10*time.Second {
		t.Errorf("without StartupContext: budget %s, want 10s from the deadline", got)
	}
}
