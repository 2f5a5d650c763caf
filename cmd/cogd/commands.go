package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/appcmd"
	"cogd/internal/bot"
	"cogd/internal/config"
	"cogd/internal/logging"
	"cogd/internal/store"
)

// commandsTimeout bounds one `cogd commands` or `cogd invite` run.
const commandsTimeout = time.Minute

const commandsSummary = `List the bot's slash commands as Discord has them (list), or register them
(sync): one bulk overwrite per scope, built from the loaded cogs exactly as
` + "`cogd run`" + ` builds them. Without --guild the scopes are COMMAND_GUILD_IDS, or
global when it is empty. --dry-run prints what sync would add, change and
remove without registering anything. Discord allows 200 command creates per
day per guild; a 429 is reported with its retry time, never retried.`

// commandsFlags are the flags of `cogd commands`.
type commandsFlags struct {
	envFile string
	guild   string
	dryRun  bool
}

func commandsCommand(ctx context.Context, env Env, args []string) error {
	fs := newFlagSetArgs("commands", "sync|list", commandsSummary, env)
	var f commandsFlags
	fs.StringVar(&f.envFile, "env", ".env", "dotenv file to read (the real environment wins)")
	fs.StringVar(&f.guild, "guild", "", "register in or list this guild only (instant; for development)")
	fs.BoolVar(&f.dryRun, "dry-run", false, "sync: print what would change, register nothing")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	action, err := commandsAction(rest, f)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(f.envFile, env.Lookup)
	if err != nil {
		return err
	}
	if err := cfg.RequireToken(); err != nil {
		return usageError{err}
	}
	ctx, cancel := context.WithTimeout(ctx, commandsTimeout)
	defer cancel()
	scopes := commandScopes(cfg, f.guild)
	if action == "list" {
		return listCommands(ctx, env, cfg, scopes)
	}
	return withDefinitions(ctx, env, cfg, func(b *bot.Bot, defs bot.Definitions) error {
		if f.dryRun {
			return dryRunCommands(ctx, env.Stdout, b.CommandSyncer(), scopes, defs.Payload)
		}
		return syncCommands(ctx, env.Stdout, b.CommandSyncer(), scopes, defs.Payload)
	})
}

// commandsAction checks the operands: exactly one of sync or list, and
// --dry-run only with sync; --guild must be a guild ID.
func commandsAction(rest []string, f commandsFlags) (string, error) {
	if len(rest) != 1 || (rest[0] != "sync" && rest[0] != "list") {
		return "", usageError{fmt.Errorf("commands: want sync or list, got %q (cogd commands -h for help)", strings.Join(rest, " "))}
	}
	if f.dryRun && rest[0] != "sync" {
		return "", usageError{errors.New("commands: --dry-run goes with sync")}
	}
	if f.guild != "" && !isGuildID(f.guild) {
		return "", usageError{fmt.Errorf("commands: --guild %q is not a guild ID (want 17 to 20 digits)", f.guild)}
	}
	return rest[0], nil
}

// isGuildID reports whether s is a snowflake: 17 to 20 digits.
func isGuildID(s string) bool {
	return len(s) >= 17 && len(s) <= 20 && strings.Trim(s, "0123456789") == ""
}

// commandScopes are the scopes a command works on: the --guild one, else
// those `cogd run` registers in.
func commandScopes(cfg config.Config, guild string) []appcmd.Scope {
	if guild != "" {
		return []appcmd.Scope{{GuildID: guild}}
	}
	return appcmd.Scopes(cfg.CommandGuildIDs)
}

// withDefinitions opens the database (migrated, as `cogd run` does: the
// cogs' set-up needs it and the hashes live there), builds the bot from
// the configuration and its definitions, and calls fn.
func withDefinitions(ctx context.Context, env Env, cfg config.Config, fn func(*bot.Bot, bot.Definitions) error) error {
	log, st, closeAll, err := openLogAndStore(ctx, cfg, cfg.LogLevel, env, true)
	if err != nil {
		return err
	}
	defer closeAll()
	b, err := bot.New(definitionOptions(cfg, log, st))
	if err != nil {
		return usageError{err}
	}
	defs, err := b.ApplicationCommands(ctx)
	if err != nil {
		return err
	}
	return fn(b, defs)
}

// definitionOptions are `cogd run`'s bot options, without the parts that
// only matter once connected to the gateway.
func definitionOptions(cfg config.Config, log *slog.Logger, st *store.Store) bot.Options {
	opts := botOptions(cfg, log, st)
	opts.IdentifyGate, opts.WatchSettings = nil, nil
	return opts
}

// syncCommands registers payload in every scope (mode always) and prints
// what was registered.
func syncCommands(ctx context.Context, w io.Writer, s *appcmd.Syncer, scopes []appcmd.Scope, payload []*discordgo.ApplicationCommand) error {
	for _, scope := range scopes {
		res, err := s.Sync(ctx, scope, payload, appcmd.ModeAlways)
		if err != nil {
			return commandsError("sync", scope, err)
		}
		fmt.Fprintf(w, "%s: registered %d commands\n", scope, res.Commands)
		for _, c := range payload {
			fmt.Fprintf(w, "  %s\n", appcmd.DisplayName(c))
		}
	}
	return nil
}

// dryRunCommands prints, per scope, what a sync would add (+), change (~)
// and remove (-); it sends no PUT.
func dryRunCommands(ctx context.Context, w io.Writer, s *appcmd.Syncer, scopes []appcmd.Scope, payload []*discordgo.ApplicationCommand) error {
	for _, scope := range scopes {
		d, err := s.DryRun(ctx, scope, payload)
		if err != nil {
			return commandsError("sync --dry-run", scope, err)
		}
		if d.Empty() {
			fmt.Fprintf(w, "%s: up to date (%d commands); nothing to register\n", scope, len(payload))
			continue
		}
		fmt.Fprintf(w, "%s: %d to add, %d to change, %d to remove (dry run: nothing registered)\n",
			scope, len(d.Added), len(d.Changed), len(d.Removed))
		printNames(w, "+", d.Added)
		printNames(w, "~", d.Changed)
		printNames(w, "-", d.Removed)
	}
	return nil
}

func printNames(w io.Writer, mark string, names []string) {
	for _, n := range names {
		fmt.Fprintf(w, "  %s %s\n", mark, n)
	}
}

// listCommands prints what Discord has registered in each scope (one GET
// each): name, type and description.
func listCommands(ctx context.Context, env Env, cfg config.Config, scopes []appcmd.Scope) error {
	b, err := bot.New(bot.Options{Token: cfg.Token, APIURL: cfg.APIURL, Logger: slog.New(slog.DiscardHandler),
		DiscordLog: logging.DiscordgoLevel(cfg.LogLevel)})
	if err != nil {
		return usageError{err}
	}
	if _, err := b.ApplicationID(ctx); err != nil {
		return err
	}
	s := b.CommandSyncer()
	for _, scope := range scopes {
		cmds, err := s.List(ctx, scope)
		if err != nil {
			return commandsError("list", scope, err)
		}
		printCommandList(env.Stdout, scope, cmds)
	}
	return nil
}

// printCommandList writes one scope's commands as a table.
func printCommandList(w io.Writer, scope appcmd.Scope, cmds []*discordgo.ApplicationCommand) {
	fmt.Fprintf(w, "%s: %d commands\n", scope, len(cmds))
	if len(cmds) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  NAME\tTYPE\tDESCRIPTION")
	for _, c := range cmds {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", c.Name, commandType(c.Type), c.Description)
	}
	_ = tw.Flush()
}

// commandType names an application command type as Discord's docs do.
func commandType(t discordgo.ApplicationCommandType) string {
	switch t {
	case discordgo.UserApplicationCommand:
		return "user"
	case discordgo.MessageApplicationCommand:
		return "message"
	}
	return "chat_input"
}

// commandsError says what failed; a 429 says when to try again.
func commandsError(step string, scope appcmd.Scope, err error) error {
	var rl *appcmd.RateLimitedError
	if errors.As(err, &rl) {
		return fmt.Errorf("commands %s %s: Discord is rate-limiting command requests; retry after %s (nothing was registered)",
			step, scope, rl.RetryAfter.Round(time.Second))
	}
	return fmt.Errorf("commands %s: %w", step, err)
}

func inviteCommand(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("invite", "Print the OAuth2 link that adds the bot to a server, with the scopes bot and\napplications.commands and the permissions the loaded cogs' commands need.", env)
	cfg, _, err := tokenConfig(fs, env, args)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, commandsTimeout)
	defer cancel()
	return withDefinitions(ctx, env, cfg, func(_ *bot.Bot, defs bot.Definitions) error {
		fmt.Fprintln(env.Stdout, defs.InviteURL())
		return nil
	})
}
