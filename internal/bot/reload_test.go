package bot_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"cogd/cogs/owner"
	"cogd/internal/bot"
	"cogd/internal/bot/bottest"
	"cogd/internal/command"
	"cogd/internal/discordtest"
)

// versionCog answers !ver with its version; !slow blocks until released.
type versionCog struct {
	version  int
	failLoad bool
	running  chan struct{}
	release  chan struct{}
	unloaded *atomic.Int32 // versions unloaded, as a bit set
}

func (c *versionCog) Setup(r *bot.Registrar) error {
	if c.failLoad {
		return errors.New("config file is broken")
	}
	r.Cleanup(func(context.Context) error {
		c.unloaded.Or(1 << c.version)
		return nil
	})
	r.Command(c.commands()...)
	return nil
}

func (c *versionCog) commands() []*command.Command {
	return []*command.Command{
		{Name: "ver", Description: "Version.", Run: func(ctx context.Context, cx *command.Context) error {
			return cx.Reply(ctx, fmt.Sprintf("v%d", c.version))
		}},
		{Name: "slow", Description: "Slow.", Run: func(ctx context.Context, cx *command.Context) error {
			c.running <- struct{}{}
			<-c.release
			return cx.Reply(ctx, fmt.Sprintf("slow v%d done", c.version))
		}},
	}
}

// reloadHarness runs a bot whose "versioned" cog gets a new version on
// every reload; versions listed in failing fail to load.
func reloadHarness(t *testing.T, failing ...int) (*harness, *atomic.Int32, chan struct{}, chan struct{}) {
	t.Helper()
	emu := discordtest.NewTB(t, discordtest.Options{})
	unloaded, running, release := &atomic.Int32{}, make(chan struct{}, 4), make(chan struct{})
	version := 1
	mk := func() bot.Cog {
		v := &versionCog{version: version, running: running, release: release, unloaded: unloaded}
		for _, f := range failing {
			v.failLoad = v.failLoad || f == version
		}
		version++
		return v
	}
	h := startWith(t, emu, emu.SeedDemo(), func(*bot.Options) {}, owner.Info,
		bot.CogInfo{Name: "versioned", Description: "Knows its version.", New: mk})
	return h, unloaded, running, release
}

func TestReloadWhileASlowCommandRuns(t *testing.T) {
	t.Parallel()
	h, unloaded, running, release := reloadHarness(t)
	if _, err := h.emu.SendMessage(h.world.General, h.world.Alice, "!slow"); err != nil {
		t.Fatal(err)
	}
	<-running
	if got := h.reply(h.world.Owner, "!reload versioned"); got != "✓ versioned: reloaded" {
		t.Fatalf("reload = %q", got)
	}
	if got := h.reply(h.world.Alice, "!ver"); got != "v2" {
		t.Fatalf("after reload, ver = %q", got)
	}
	if unloaded.Load()&(1<<1) != 0 {
		t.Fatal("v1 unloaded while its command still ran")
	}
	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.emu.WaitFor(ctx, func() bool {
		for _, m := range h.emu.Messages(h.world.General) {
			if m.Content == "slow v1 done" {
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatal("the slow command did not finish on its old registration")
	}
	deadline := time.Now().Add(5 * time.Second)
	for unloaded.Load()&(1<<1) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if unloaded.Load()&(1<<1) == 0 {
		t.Fatal("v1 was never unloaded")
	}
}

func TestReloadFailureKeepsThePreviousInstance(t *testing.T) {
	t.Parallel()
	h, unloaded, _, _ := reloadHarness(t, 2)
	got := h.one(h.world.Owner, "!reload")
	if !strings.Contains(got, "✗ versioned: failed — config file is broken") || !strings.Contains(got, "✓ owner: reloaded") ||
		!strings.Contains(got, "✓ utility: reloaded") {
		t.Fatalf("reload report = %q", got)
	}
	if got := h.one(h.world.Alice, "!ver"); got != "v1" {
		t.Fatalf("ver = %q, want the old v1", got)
	}
	if unloaded.Load() != 0 {
		t.Fatalf("unloaded %b, want nothing", unloaded.Load())
	}
	if got := h.one(h.world.Owner, "!reload versioned"); got != "✓ versioned: reloaded" {
		t.Fatalf("second reload = %q", got)
	}
	if got := h.one(h.world.Alice, "!ver"); got != "v3" {
		t.Fatalf("ver = %q, want v3", got)
	}
}

func TestOwnerCommandsRefuseOthers(t *testing.T) {
	t.Parallel()
	h, _, _, _ := reloadHarness(t)
	for _, c := range []string{"!reload", "!reload all", "!cogs", "!load versioned", "!unload versioned", "!shutdown"} {
		if got := h.one(h.world.Alice, c); !strings.Contains(got, "Only the bot's owners") {
			t.Errorf("%s by a member: %q", c, got)
		}
	}
	if got := h.one(h.world.Alice, "!ver"); got != "v1" {
		t.Fatalf("nothing should have changed: %q", got)
	}
}

func TestLoadUnloadAndCogs(t *testing.T) {
	t.Parallel()
	h, _, _, _ := reloadHarness(t)
	if got := h.one(h.world.Owner, "!unload versioned"); got != "Unloaded versioned." {
		t.Fatalf("unload = %q", got)
	}
	if got := h.one(h.world.Alice, "<@"+h.emu.BotID()+"> ver"); !strings.Contains(got, "don't know the command") {
		t.Fatalf("ver after unload = %q", got)
	}
	if got := h.one(h.world.Owner, "!cogs"); !strings.Contains(got, "**versioned** — not loaded") || !strings.Contains(got, "**utility** — loaded") {
		t.Fatalf("cogs = %q", got)
	}
	if got := h.one(h.world.Owner, "!unload owner"); !strings.Contains(got, "cannot be unloaded") {
		t.Fatalf("unload owner = %q", got)
	}
	if got := h.one(h.world.Owner, "!load nosuch"); !strings.Contains(got, "no cog called") {
		t.Fatalf("load nosuch = %q", got)
	}
	if got := h.one(h.world.Owner, "!load versioned"); got != "Loaded versioned." {
		t.Fatalf("load = %q", got)
	}
	if got := h.one(h.world.Alice, "!ver"); got != "v2" {
		t.Fatalf("ver after load = %q", got)
	}
}

func TestReloadAllRereadsSettings(t *testing.T) {
	t.Parallel()
	emu := discordtest.NewTB(t, discordtest.Options{})
	w := emu.SeedDemo()
	level := &slog.LevelVar{}
	h := startWith(t, emu, w, func(o *bot.Options) {
		o.LogLevel = level
		o.Settings = func() (bot.Settings, error) {
			return bot.Settings{Prefix: "?", OwnerIDs: []string{w.Alice}, EnabledCogs: []string{"owner"}, LogLevel: slog.LevelWarn}, nil
		}
	}, owner.Info)
	if got := h.one(h.world.Owner, "!reload"); !strings.Contains(got, "✓ utility: unloaded (COGS changed)") {
		t.Fatalf("reload = %q", got)
	}
	if got := h.one(h.world.Alice, "?cogs"); !strings.Contains(got, "**utility** — not loaded") {
		t.Fatalf("new prefix, new owner, utility disabled: %q", got)
	}
	if rs := h.say(h.world.Alice, "!cogs"); len(rs) != 0 {
		t.Fatalf("old prefix still answers: %v", texts(rs))
	}
	if level.Level() != slog.LevelWarn {
		t.Errorf("log level = %v", level.Level())
	}
}

func TestShutdownCommandStopsTheBot(t *testing.T) {
	t.Parallel()
	h, _, _, _ := reloadHarness(t)
	if got := h.reply(h.world.Owner, "!shutdown"); !strings.HasPrefix(got, "Shutting down") {
		t.Fatalf("shutdown = %q", got)
	}
	select {
	case err := <-h.done:
		if err != nil {
			t.Fatalf("Run = %v", err)
		}
		h.done <- nil
	case <-time.After(15 * time.Second):
		t.Fatal("bot still running after shutdown")
	}
}

func TestStopLetsARunningCommandFinish(t *testing.T) {
	t.Parallel()
	emu := discordtest.NewTB(t, discordtest.Options{})
	w := emu.SeedDemo()
	running, release := make(chan struct{}, 1), make(chan struct{})
	opts := newOptions(emu, bottest.Fixed("versioned", &versionCog{version: 1, running: running, release: release, unloaded: &atomic.Int32{}}))
	b, err := bot.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	<-b.Ready()
	if _, err := emu.SendMessage(w.General, w.Alice, "!slow"); err != nil {
		t.Fatal(err)
	}
	<-running
	stop() // what SIGTERM does in cogd run
	time.Sleep(50 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("Run returned (%v) while a command was running", err)
	default:
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
	found := false
	for _, m := range emu.Messages(w.General) {
		found = found || m.Content == "slow v1 done"
	}
	if !found {
		t.Fatal("the running command's reply was lost")
	}
}

func TestMetricsCommand(t *testing.T) {
	t.Parallel()
	h, _, _, _ := reloadHarness(t)
	h.one(h.world.Alice, "!ver")
	h.one(h.world.Alice, "<@"+h.emu.BotID()+"> nosuch")
	got := h.one(h.world.Owner, "!metrics")
	for _, want := range []string{"cogd metrics", "Uptime", "Commands run: 1", "Errors", "Command latency: p50", "Goroutines",
		"Memory: heap", "Gateway events", "MESSAGE_CREATE", "Cache hit rate", "Shards", "shard 0:"} {
		if !strings.Contains(got, want) {
			t.Errorf("metrics embed lacks %q:\n%s", want, got)
		}
	}
	if got := h.one(h.world.Alice, "!metrics"); !strings.Contains(got, "Only the bot's owners") {
		t.Errorf("non-owner: %q", got)
	}
}
