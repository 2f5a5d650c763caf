// Command cogd is a Discord bot daemon built from cogs.
//
//	cogd [run]                connect to Discord and serve (needs DISCORD_TOKEN)
//	cogd demo [--keep]        run the bot against a local emulator with a console
//	cogd migrate [up|status]  apply or list database migrations
//	cogd commands sync|list   register or list the slash commands
//	cogd invite               print the link that adds the bot to a server
//	cogd version              print the version
//	cogd help [command]       list the subcommands, or one's flags
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
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"

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
	cmds := subcommands()
	switch {
	case len(env.Args) > 0 && isHelpFlag(env.Args[0]):
		name = "help" // plain `cogd -h`: the subcommands, not only run's flags
	case name == "help" && len(args) > 0:
		name, args = args[0], []string{"-h"} // `cogd help migrate` is `cogd migrate -h`
	}
	if name == "help" {
		printHelp(env.Stdout, cmds)
		return exitOK
	}
	cmd, ok := cmds[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "cogd: unknown subcommand %q (want %s; cogd help lists them)\n", name, strings.Join(commandNames(cmds), ", "))
		return exitConfig
	}
	err := cmd(ctx, env, args)
	return exitCode(env.Stderr, err)
}

type subcommand func(ctx context.Context, env Env, args []string) error

func subcommands() map[string]subcommand {
	return map[string]subcommand{"run": runCommand, "demo": demoCommand, "migrate": migrateCommand,
		"commands": commandsCommand, "invite": inviteCommand, "version": versionCommand}
}

// summary is a subcommand's line in `cogd help`.
type summary struct{ name, line string }

// summaries are the one-line descriptions `cogd help` shows, in the order
// it shows them; a subcommand that is not registered is not listed.
func summaries() []summary {
	return []summary{
		{"run", "connect to Discord with DISCORD_TOKEN and serve (the default)"},
		{"demo", "run the bot against a local emulator and talk to it in a console"},
		{"migrate", "apply pending database migrations (up) or list them (status)"},
		{"commands", "list or sync the bot's slash commands with Discord"},
		{"invite", "print the link that adds the bot to a server"},
		{"version", "print the version"},
	}
}

// commandNames lists the registered subcommands, in help order.
func commandNames(cmds map[string]subcommand) []string {
	var names []string
	known := map[string]bool{}
	for _, s := range summaries() {
		known[s.name] = true
		if cmds[s.name] != nil {
			names = append(names, s.name)
		}
	}
	var extra []string
	for n := range cmds {
		if !known[n] {
			extra = append(extra, n)
		}
	}
	sort.Strings(extra)
	return append(names, extra...)
}

// printHelp lists the subcommands, one line each.
func printHelp(w io.Writer, cmds map[string]subcommand) {
	lines := map[string]string{}
	for _, s := range summaries() {
		lines[s.name] = s.line
	}
	fmt.Fprintln(w, "usage: cogd <command> [flags]")
	fmt.Fprintln(w, "\ncommands:")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, n := range commandNames(cmds) {
		fmt.Fprintf(tw, "  %s\t%s\n", n, lines[n])
	}
	_ = tw.Flush()
	fmt.Fprintln(w, "\ncogd <command> -h shows a command's flags. Configuration is read from the")
	fmt.Fprintln(w, "environment and .env (the real environment wins); see .env.example.")
}

func isHelpFlag(a string) bool {
	switch a {
	case "-h", "-help", "--help", "--h":
		return true
	}
	return false
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
