package bot

import (
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
	"cogd/internal/discordtest"
	"cogd/internal/gateway"
	"cogd/internal/metrics"
)

// filterCog answers !echo and, when listen is set, listens to every
// MESSAGE_CREATE.
type filterCog struct {
	listen bool
	seen   atomic.Int64
}

func (c *filterCog) Setup(r *Registrar) error {
	r.Command(&command.Command{Name: "echo", Description: "Echoes.", Run: func(ctx context.Context, cc *command.Context) error {
		return cc.Reply(ctx, "echo")
	}})
	if c.listen {
		r.Listen(On(func(_ context.Context, _ *discordgo.MessageCreate) error {
			c.seen.Add(1)
			return nil
		}))
	}
	return nil
}

// runFilterBot runs a bot serving cog against a fresh demo emulator, sends
// chat and a command, and returns the replies, the messages the shard's
// filter dropped and the MESSAGE_CREATE events counted. With settled, the
// bot's Options.Settled must hear of all six messages (five sent, one
// reply), dropped or dispatched.
func runFilterBot(t *testing.T, cog *filterCog, settled bool) (replies int, filtered int64, counted uint64) {
	t.Helper()
	emu := discordtest.NewTB(t, discordtest.Options{})
	w := emu.SeedDemo()
	m := metrics.New(metrics.Options{})
	opts := Options{Token: emu.Token(), APIURL: emu.APIURL(), Prefix: "!", Metrics: m,
		Cogs:           []CogInfo{{Name: "filter", Description: "The filter cog.", New: func() Cog { return cog }}},
		CommandTimeout: 10 * time.Second, StartupTimeout: 10 * time.Second, Logger: slog.New(slog.DiscardHandler),
		Shard: gateway.Options{Backoff: func(int) time.Duration { return 10 * time.Millisecond }, CheckEvery: 20 * time.Millisecond}}
	tracker := NewTracker()
	if settled {
		opts.Settled = tracker.Settled
	}
	b, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	out, unsubscribe := emu.Subscribe()
	defer unsubscribe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	select {
	case <-b.Ready():
	case err := <-done:
		done <- err
		t.Fatalf("bot did not start: %v", err)
	}
	var sent []*discordgo.Message
	for _, c := range []string{"hello", "echo without the prefix", strings.Repeat("long chat ", 200), "<@1> not the bot", "!echo"} {
		m, err := emu.SendMessage(w.General, w.Alice, c)
		if err != nil {
			t.Fatal(err)
		}
		sent = append(sent, m)
	}
	wait, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	if settled {
		for _, m := range sent { // in order: one shard reads them in order
			if err := tracker.Wait(wait, b, m.ID); err != nil {
				t.Fatalf("message %q never settled: %v", m.Content, err)
			}
		}
	}
	select {
	case <-out:
		replies++
	case <-wait.Done():
		t.Fatal("no reply to !echo")
	}
	if cog.listen {
		if err := poll(wait, func() bool { return cog.seen.Load() == 6 }); err != nil {
			t.Fatalf("listener saw %d of 6 messages (five and the reply)", cog.seen.Load())
		}
	}
	// Six MESSAGE_CREATEs: five from alice, and the bot's own reply.
	if err := poll(wait, func() bool { return m.Snapshot().Events["MESSAGE_CREATE"] == 6 }); err != nil {
		t.Fatalf("MESSAGE_CREATE counted %d times, want 6", m.Snapshot().Events["MESSAGE_CREATE"])
	}
	if err := b.disp.Idle(wait); err != nil {
		t.Fatal(err)
	}
	for len(out) > 0 {
		<-out
		replies++
	}
	return replies, b.shards[0].Watch().Filtered(), m.Snapshot().Events["MESSAGE_CREATE"]
}

// poll waits until cond holds or ctx ends.
func poll(ctx context.Context, cond func() bool) error {
	t := time.NewTicker(2 * time.Millisecond)
	defer t.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

func TestMessageFilterInTheBot(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		listen   bool
		settled  bool
		filtered int64
	}{
		{"chat and the bot's own reply dropped before decoding", false, false, 5},
		{"a MESSAGE_CREATE listener switches it off", true, false, 0},
		{"a Settled hook leaves it on and hears dropped messages too", false, true, 5},
		{"a Settled hook with a listener", true, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			replies, filtered, counted := runFilterBot(t, &filterCog{listen: tt.listen}, tt.settled)
			if replies != 1 || filtered != tt.filtered || counted != 6 {
				t.Fatalf("replies %d, filtered %d, MESSAGE_CREATE counted %d; want 1, %d, 6", replies, filtered, counted, tt.filtered)
			}
		})
	}
}

func TestWantsEveryMessageFollowsTheRoutes(t *testing.T) {
	b := &Bot{}
	if !b.wantsEveryMessage() {
		t.Fatal("no dispatcher yet: the filter must be off")
	}
	b.disp = NewDispatcher(DispatcherOptions{BotID: "1", Prefix: func(string) string { return "!" }})
	if b.wantsEveryMessage() || b.filterBotID() != "1" {
		t.Fatal("no listener: the filter must be on")
	}
	reg, err := setupCog(CogInfo{Name: "l", New: func() Cog { return &filterCog{listen: true} }}, &host{ctx: context.Background(), log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	rt, err := buildRoutes([]*registration{reg}, func(run command.RunFunc) command.RunFunc { return run })
	if err != nil {
		t.Fatal(err)
	}
	old := b.disp.routes.Swap(rt) // a reload that adds a listener
	if !b.wantsEveryMessage() {
		t.Fatal("a MESSAGE_CREATE listener: the filter must be off")
	}
	b.disp.routes.Store(old) // and one that removes it
	if b.wantsEveryMessage() {
		t.Fatal("listener gone: the filter must be on again")
	}
}
