// Command cogd is a Discord bot daemon built from cogs.
//
//	cogd [run]            connect to Discord and serve (needs DISCORD_TOKEN)
//	cogd demo             run the bot against a local emulator with a console
//	cogd migrate [up|status]  apply or list database migrations
//	cogd version          print the version
//
// Configuration comes from the environment and from .env (the real
// environment wins); see .env.example.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/logging"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitConfig  = 2 // bad configuration or usage
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := Env{Args: os.Args[1:], Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Lookup: os.LookupEnv}
	// discordgo logs through a package variable; main is the one place
	// allowed to set it, once, before any session exists.
	env.InstallDiscordLog = func(l *slog.Logger) { discordgo.Logger = logging.DiscordgoLogger(l) }
	code := withProfiles(os.LookupEnv, os.Stderr, func() int { return Main(ctx, env) }) // COGD_CPUPROFILE, COGD_MEMPROFILE
	stop()
	os.Exit(code)
}

// Env is the process environment Main runs in, passed in so tests can run
// Main in-process.
type Env struct {
	Args              []string
	Stdin             io.Reader
	Stdout, Stderr    io.Writer
	Lookup            func(string) (string, bool)
	InstallDiscordLog func(*slog.Logger) // nil: leave discordgo's logger alone
}

// Main runs one cogd subcommand and returns the exit code.
func Main(ctx context.Context, env Env) int {
	name, args := "run", env.Args
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	cmd, ok := subcommands()[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "cogd: unknown subcommand %q (want run, demo, migrate or version; cogd -h for help)\n", name)
		return exitConfig
	}
	err := cmd(ctx, env, args)
	return exitCode(env.Stderr, err)
}

type subcommand func(ctx context.Context, env Env, args []string) error

func subcommands() map[string]subcommand {
	return map[string]subcommand{"run": runCommand, "demo": demoCommand, "migrate": migrateCommand, "version": versionCommand}
}

// usageError is a bad flag or config value: exit 2 after one line.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// errHelp is returned after -h printed the usage.
var errHelp = errors.New("help shown")

func exitCode(stderr io.Writer, err error) int {
	var ue usageError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "cogd: %v\n", err)
		return exitConfig
	}
	fmt.Fprintf(stderr, "cogd: %v\n", err)
	return exitFailure
}

func versionCommand(_ context.Context, env Env, args []string) error {
	fs := newFlagSet("version", "print the version", env)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "cogd %s (discordgo %s)\n", version, discordgo.VERSION)
	return nil
}
