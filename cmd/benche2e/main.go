// Command benche2e is `make bench-e2e`: cogd and a bare discordgo bot
// (cmd/barebot), each a child process against the Discord emulator that
// runs in this process, over real sockets. It prints one table: CPU per
// 1,000 commands and per 1,000 ordinary chat messages, memory per cached
// member and the time to load 100 guilds × 1,000 members, idle memory —
// medians of interleaved rounds, with the cogd/bare ratio.
//
//	go run ./cmd/benche2e -cogd bin/cogd -bare bin/barebot [-rounds 2]
//	go run ./cmd/benche2e -profile bin/profile   # cogd only, with CPU and heap profiles
//
// CPU is utime+stime of the bot process from /proc/<pid>/stat over the
// measurement window; RSS is its resident set from the same file.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"cogd/internal/discordtest"
)

// config is the benchmark's size and the bots to run.
type config struct {
	cogd, bare       string
	rounds           int
	warmup, pings    int
	window, chat     int
	guilds, members  int
	settle           time.Duration
	profile, workDir string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("benche2e", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.cogd, "cogd", "bin/cogd", "cogd binary")
	fs.StringVar(&c.bare, "bare", "bin/barebot", "bare discordgo bot binary")
	fs.IntVar(&c.rounds, "rounds", 3, "interleaved rounds (the table shows medians)")
	fs.IntVar(&c.warmup, "warmup", 300, "!ping commands before measuring")
	fs.IntVar(&c.pings, "pings", 3000, "!ping commands measured")
	fs.IntVar(&c.window, "window", 32, "!ping commands in flight at most")
	fs.IntVar(&c.chat, "chat", 10000, "ordinary chat messages measured")
	fs.IntVar(&c.guilds, "guilds", 100, "guilds of the member-cache run")
	fs.IntVar(&c.members, "members", 1000, "members per guild of the member-cache run")
	fs.DurationVar(&c.settle, "settle", 2*time.Second, "pause before reading an RSS")
	fs.StringVar(&c.profile, "profile", "", "directory: run cogd once with COGD_CPUPROFILE/COGD_MEMPROFILE set, write the profiles there")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if c.rounds < 1 || c.pings < 1 || c.chat < 1 || c.guilds < 1 || c.members < 1 || c.window < 1 {
		return c, fmt.Errorf("rounds, pings, window, chat, guilds and members must be positive")
	}
	return c, nil
}

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if err == flag.ErrHelp {
		return
	}
	if err == nil {
		err = run(cfg, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench-e2e:", err)
		os.Exit(1)
	}
}

func run(cfg config, out io.Writer) error {
	start := time.Now()
	dir, err := os.MkdirTemp("", "bench-e2e-")
	if err != nil {
		return fmt.Errorf("work dir: %w", err)
	}
	defer os.RemoveAll(dir)
	cfg.workDir = dir
	b, err := newBench(cfg)
	if err != nil {
		return err
	}
	defer b.close()
	fmt.Fprintf(out, "bench-e2e: emulator ready (%d guilds × %d members built in %s)\n", cfg.guilds, cfg.members, b.built.Round(time.Millisecond))
	if cfg.profile != "" {
		return b.profileRun(out)
	}
	results := map[string][]result{}
	for r := range cfg.rounds {
		for _, k := range b.order(r) {
			res, err := b.measure(k)
			if err != nil {
				return fmt.Errorf("round %d, %s: %w", r+1, k.Name, err)
			}
			fmt.Fprintf(out, "  round %d %-4s %s\n", r+1, k.Name, res)
			results[k.Name] = append(results[k.Name], res)
		}
	}
	fmt.Fprintln(out)
	printTable(out, cfg, results["cogd"], results["bare"], time.Since(start))
	return nil
}

// bench holds the two emulators: a small world for commands and chat, and
// a big one for the member cache.
type bench struct {
	cfg        config
	small, big *discordtest.Server
	smallW     *world
	bigW       *world
	built      time.Duration
	runs       int
}

func newBench(cfg config) (*bench, error) {
	for _, bin := range []*string{&cfg.cogd, &cfg.bare} {
		abs, err := filepath.Abs(*bin) // the bots run in their own directories
		if err == nil {
			_, err = os.Stat(abs)
		}
		if err != nil && (cfg.profile == "" || bin == &cfg.cogd) {
			return nil, fmt.Errorf("bot binary: %w (make bench-e2e builds it)", err)
		}
		*bin = abs
	}
	b := &bench{cfg: cfg}
	var err error
	if b.small, err = discordtest.New(discordtest.Options{NoRecord: true, FullMemberList: true}); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	if b.big, err = discordtest.New(discordtest.Options{NoRecord: true, FullMemberList: true}); err != nil {
		b.small.Close()
		return nil, fmt.Errorf("emulator: %w", err)
	}
	sw := b.small.AddBulkGuild(discordtest.BulkGuild{Name: "bench", Channels: 8, Roles: 4, Members: 64})
	b.smallW = &world{emu: b.small, channels: sw.Channels, authors: sw.Members, replies: countReplies(b.small)}
	t0 := time.Now()
	var first discordtest.BulkWorld
	for i := range cfg.guilds {
		w := b.big.AddBulkGuild(discordtest.BulkGuild{Name: fmt.Sprintf("guild %d", i+1), Channels: 8, Roles: 4, Members: cfg.members - 2})
		if i == 0 {
			first = w
		}
	}
	b.built = time.Since(t0)
	b.bigW = &world{emu: b.big, channels: first.Channels, authors: first.Members, replies: countReplies(b.big)}
	return b, nil
}

func (b *bench) close() {
	b.smallW.replies.cancel()
	b.bigW.replies.cancel()
	b.small.Close()
	b.big.Close()
}

// kinds are the two bots.
func (b *bench) kinds() (cogd, bare botKind) {
	return botKind{Name: "cogd", Bin: b.cfg.cogd, Args: []string{"run"}}, botKind{Name: "bare", Bin: b.cfg.bare}
}

// order interleaves the bots: cogd first in odd rounds, bare first in even ones.
func (b *bench) order(round int) []botKind {
	cogd, bare := b.kinds()
	if round%2 == 0 {
		return []botKind{cogd, bare}
	}
	return []botKind{bare, cogd}
}

// runDir is a fresh directory for one bot process (its database and log).
func (b *bench) runDir() (string, error) {
	b.runs++
	dir := filepath.Join(b.cfg.workDir, fmt.Sprintf("run-%d", b.runs))
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("run dir: %w", err)
	}
	return dir, nil
}

// measure runs both phases of one bot.
func (b *bench) measure(k botKind) (result, error) {
	var res result
	if err := b.smallRun(k, &res); err != nil {
		return res, err
	}
	runtime.GC() // the emulator's garbage from one run does not slow the next
	if err := b.bigRun(k, &res); err != nil {
		return res, err
	}
	runtime.GC()
	return res, nil
}
