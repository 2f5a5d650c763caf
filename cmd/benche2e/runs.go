package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"cogd/internal/discordtest"
)

// result is one bot's figures from one round.
type result struct {
	PingCPU   time.Duration // CPU per 1,000 !ping
	ChatCPU   time.Duration // CPU per 1,000 chat messages
	IdleRSS   int64         // bytes after READY
	IdleSplit rssSplit      // IdleRSS by origin: private memory and pages mapped from files
	LoadedRSS int64         // bytes after the big GUILD_CREATE load
	PerMember float64       // (LoadedRSS - IdleRSS) / members
	LoadTime  time.Duration // connection (IDENTIFY) to the sentinel reply
	LoadCPU   time.Duration // CPU over the same window
}

func (r result) String() string {
	return fmt.Sprintf("ping %s/1k · chat %s/1k · idle %s · %.0f B/member · load %s (CPU %s)",
		ms(r.PingCPU), ms(r.ChatCPU), mib(r.IdleRSS), r.PerMember, secs(r.LoadTime), secs(r.LoadCPU))
}

// smallRun starts the bot in the small world and measures idle RSS, the
// !ping path and the chat path.
func (b *bench) smallRun(k botKind, res *result, env ...string) error {
	beats := b.small.Heartbeats()
	c, err := b.start(k, b.small, env...)
	if err != nil {
		return err
	}
	err = waitFor(b.small, 60*time.Second, "first heartbeat", func() bool { return b.small.Heartbeats() > beats })
	if err == nil {
		err = b.smallLoad(c, res)
	}
	if err == nil {
		err = snapshotHeap(c, env)
	}
	return errors.Join(err, b.stop(c, b.small, err))
}

func (b *bench) smallLoad(c *child, res *result) error {
	w, cfg := b.smallW, b.cfg
	time.Sleep(cfg.settle) // READY has been handled; let start-up work finish
	idle, err := c.usage()
	if err != nil {
		return err
	}
	res.IdleRSS = idle.RSS
	if res.IdleSplit, err = readRSSSplit(c.pid()); err != nil {
		return err
	}
	if err := w.probe(5); err != nil {
		return err
	}
	if err := w.pings(cfg.warmup, cfg.window); err != nil {
		return fmt.Errorf("warm-up: %w", err)
	}
	cpu, err := b.cpuOver(c, func() error { return w.pings(cfg.pings, cfg.window) })
	if err != nil {
		return err
	}
	res.PingCPU = cpu * 1000 / time.Duration(cfg.pings)
	cpu, err = b.cpuOver(c, func() error { return w.chat(cfg.chat) })
	if err != nil {
		return err
	}
	res.ChatCPU = max(cpu-res.PingCPU/1000, 0) * 1000 / time.Duration(cfg.chat) // minus the sentinel
	return nil
}

// bigRun starts the bot in the 100-guild world and measures the time and
// memory it takes to load every GUILD_CREATE.
func (b *bench) bigRun(k botKind, res *result, env ...string) error {
	conns, idents := b.big.Connections(), b.big.Identifies()
	c, err := b.start(k, b.big, env...)
	if err != nil {
		return err
	}
	err = b.bigLoad(c, res, conns, idents)
	if err == nil {
		err = snapshotHeap(c, env)
	}
	return errors.Join(err, b.stop(c, b.big, err))
}

func (b *bench) bigLoad(c *child, res *result, conns, idents int) error {
	emu, w := b.big, b.bigW
	if err := waitFor(emu, 60*time.Second, "gateway connection", func() bool { return emu.Connections() > conns }); err != nil {
		return err
	}
	t0 := time.Now() // HELLO is on its way; IDENTIFY follows within a round trip
	u0, err := c.usage()
	if err != nil {
		return err
	}
	if err := waitFor(emu, 60*time.Second, "IDENTIFY", func() bool { return emu.Identifies() > idents }); err != nil {
		return err
	}
	// Every GUILD_CREATE is queued: the sentinel's MESSAGE_CREATE comes after them.
	if err := w.post(0, "!ping"); err != nil {
		return err
	}
	if err := w.replies.wait(1, 120*time.Second); err != nil {
		return fmt.Errorf("sentinel after GUILD_CREATE: %w", err)
	}
	res.LoadTime = time.Since(t0)
	u1, err := c.usage()
	if err != nil {
		return err
	}
	res.LoadCPU = u1.CPU - u0.CPU
	time.Sleep(b.cfg.settle)
	loaded, err := c.usage()
	if err != nil {
		return err
	}
	res.LoadedRSS = loaded.RSS
	res.PerMember = float64(res.LoadedRSS-res.IdleRSS) / float64(b.cfg.guilds*b.cfg.members)
	return nil
}

// cpuOver returns the bot's CPU time spent while load runs.
func (b *bench) cpuOver(c *child, load func() error) (time.Duration, error) {
	before, err := c.usage()
	if err != nil {
		return 0, err
	}
	if err := load(); err != nil {
		return 0, err
	}
	after, err := c.usage()
	if err != nil {
		return 0, err
	}
	return after.CPU - before.CPU, nil
}

// start runs the bot against emu in a fresh directory.
func (b *bench) start(k botKind, emu *discordtest.Server, env ...string) (*child, error) {
	dir, err := b.runDir()
	if err != nil {
		return nil, err
	}
	return startChild(k, emu, dir, env...)
}

// stop ends the bot and waits until the emulator has seen its connection
// go; failed is the run's error, which adds the bot's log to the report.
func (b *bench) stop(c *child, emu *discordtest.Server, failed error) error {
	err := c.stop()
	if failed != nil || err != nil {
		err = fmt.Errorf("%w\n--- bot log (end) ---\n%s", errors.Join(err, errors.New("bot stopped")), c.tail())
	}
	return errors.Join(err, waitFor(emu, 10*time.Second, "connection close", func() bool { return emu.Connections() == 0 }))
}

// snapshotHeap asks a bot started with COGD_MEMPROFILE in env for its heap
// profile now (SIGUSR1), while it still holds its state, and waits for it.
func snapshotHeap(c *child, env []string) error {
	var path string
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "COGD_MEMPROFILE="); ok {
			path = v
		}
	}
	if path == "" {
		return nil
	}
	_ = os.Remove(path)
	if err := c.cmd.Process.Signal(syscall.SIGUSR1); err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return nil
		}
	}
	return fmt.Errorf("heap profile %s not written within 30 s of SIGUSR1", path)
}

// profileRun runs cogd once in each world with its profiles switched on.
func (b *bench) profileRun(out io.Writer) error {
	dir, err := filepath.Abs(b.cfg.profile)
	if err == nil {
		err = os.MkdirAll(dir, 0o750)
	}
	if err != nil {
		return fmt.Errorf("profile dir: %w", err)
	}
	cogd, _ := b.kinds()
	var res result
	files := []string{"cpu-commands.pprof", "heap-commands.pprof", "cpu-guilds.pprof", "heap-guilds.pprof"}
	env := func(cpu, heap string) []string {
		return []string{"COGD_CPUPROFILE=" + filepath.Join(dir, cpu), "COGD_MEMPROFILE=" + filepath.Join(dir, heap)}
	}
	if err := b.smallRun(cogd, &res, env(files[0], files[1])...); err != nil {
		return err
	}
	if err := b.bigRun(cogd, &res, env(files[2], files[3])...); err != nil {
		return err
	}
	fmt.Fprintf(out, "cogd under load (profiling on): %s\n", res)
	fmt.Fprintf(out, "profiles (commands + chat run, then the %d-guild GUILD_CREATE run):\n", b.cfg.guilds)
	for _, f := range files {
		fmt.Fprintf(out, "  %s\n", filepath.Join(dir, f))
	}
	fmt.Fprintf(out, "heap profiles are taken at the end of each load, before shutdown (SIGUSR1)\n")
	fmt.Fprintf(out, "read them with: go tool pprof -top %s %s\n", b.cfg.cogd, filepath.Join(dir, files[0]))
	return nil
}
