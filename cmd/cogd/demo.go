package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"cogd/internal/bot"
	"cogd/internal/demo"
	"cogd/internal/discordtest"
)

func demoCommand(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("demo", "Run the bot against a local Discord emulator and talk to it: each line you type is a message in #general.", env)
	envFile := fs.String("env", ".env", "dotenv file to read (DISCORD_TOKEN is not needed)")
	dataDir := fs.String("data", filepath.Join("data", "demo"), "directory for the demo's database and log")
	keep := fs.Bool("keep", false, "keep the database of the last demo run (by default each run starts empty)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*envFile, env.Lookup)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*dataDir, 0o750); err != nil {
		return fmt.Errorf("demo data dir: %w", err)
	}
	if cfg.LogFile == "" {
		cfg.LogFile = filepath.Join(*dataDir, "cogd.log")
	}
	db := filepath.Join(*dataDir, "cogd.db")
	if !*keep {
		// The emulator's world is new each run: cases, bans and timers of
		// an earlier run would point at guilds that no longer exist.
		if err := removeDatabase(db); err != nil {
			return err
		}
	}
	cfg.Database.Driver, cfg.Database.DSN, cfg.Database.Path = "sqlite", db, db
	log, st, closeAll, err := openLogAndStore(ctx, cfg, cfg.LogLevel, env, true)
	if err != nil {
		return err
	}
	defer closeAll()

	emu, err := discordtest.New(discordtest.Options{HeartbeatInterval: 5 * time.Second})
	if err != nil {
		return fmt.Errorf("start emulator: %w", err)
	}
	defer emu.Close()
	world := emu.SeedDemo()
	replies, unsubscribe := emu.Subscribe()
	defer unsubscribe()

	tracker := bot.NewTracker()
	opts := botOptions(cfg, log, st)
	opts.Token, opts.APIURL, opts.OwnerIDs, opts.Settled = emu.Token(), emu.APIURL(), nil, tracker.Settled
	opts.ShardCount, opts.ShardIDs = 0, nil // the emulator's one shard
	b, err := bot.New(opts)
	if err != nil {
		return usageError{err}
	}
	return runDemo(ctx, b, demo.Console{Server: emu, World: world, In: env.Stdin, Out: env.Stdout,
		Replies: replies, Handled: func(ctx context.Context, id string) error { return tracker.Wait(ctx, b, id) }})
}

// removeDatabase deletes the SQLite file db and its -wal and -shm files.
func removeDatabase(db string) error {
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("demo: start from an empty database: %w", err)
		}
	}
	return nil
}

// runDemo runs the bot until the console ends, and the console until the
// bot stops (!shutdown) or ctx ends (Ctrl-C).
func runDemo(ctx context.Context, b *bot.Bot, console demo.Console) error {
	botCtx, stop := context.WithCancel(ctx)
	defer stop()
	consoleCtx, stopConsole := context.WithCancel(ctx)
	defer stopConsole()
	done := make(chan error, 1)
	go func() {
		err := b.Run(botCtx)
		stopConsole()
		done <- err
	}()
	select {
	case <-b.Ready():
	case err := <-done:
		return fmt.Errorf("bot did not start: %w", err)
	}
	err := console.Run(consoleCtx)
	botStopped := consoleCtx.Err() != nil && ctx.Err() == nil
	stop()
	if berr := <-done; berr != nil && !errors.Is(berr, context.Canceled) {
		return berr
	}
	if botStopped {
		fmt.Fprintln(console.Out, "the bot has stopped; demo over")
	}
	return err
}
