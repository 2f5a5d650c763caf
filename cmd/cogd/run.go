package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"cogd/cogs/utility"
	"cogd/internal/bot"
	"cogd/internal/config"
	"cogd/internal/logging"
)

// allCogs is the one list of cogs cogd ships. Adding a cog means adding it
// here.
func allCogs(config.Config) []bot.Cog {
	return []bot.Cog{
		utility.New(),
	}
}

func runCommand(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("run", "Connect to Discord with DISCORD_TOKEN and serve until SIGINT or SIGTERM.", env)
	envFile := fs.String("env", ".env", "dotenv file to read (the real environment wins)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*envFile, env.Lookup)
	if err != nil {
		return err
	}
	if err := cfg.RequireToken(); err != nil {
		return usageError{err}
	}
	log, closeLog, err := openLog(cfg, env)
	if err != nil {
		return err
	}
	defer closeLog.Close()
	b, err := bot.New(botOptions(cfg, log, allCogs(cfg)))
	if err != nil {
		return usageError{err}
	}
	return b.Run(ctx)
}

// loadConfig reads the environment and the dotenv file; a bad value is a
// usage error (exit 2) naming the key.
func loadConfig(envFile string, lookup func(string) (string, bool)) (config.Config, error) {
	merged, err := config.Environment(envFile, lookup)
	if err != nil {
		return config.Config{}, usageError{err}
	}
	cfg, err := config.LoadLookup(merged)
	if err != nil {
		return config.Config{}, usageError{err}
	}
	return cfg, nil
}

// openLog builds the logger: level, format, file, and the token redacted
// from everything, discordgo's own lines included.
func openLog(cfg config.Config, env Env) (*slog.Logger, io.Closer, error) {
	log, closer, err := logging.New(logging.Options{Level: cfg.LogLevel, Format: cfg.LogFormat,
		File: cfg.LogFile, Stderr: env.Stderr, Secrets: cfg.Secrets()})
	if err != nil {
		return nil, nil, usageError{fmt.Errorf("LOG_FILE: %w", err)}
	}
	if env.InstallDiscordLog != nil {
		env.InstallDiscordLog(log)
	}
	return log, closer, nil
}

func botOptions(cfg config.Config, log *slog.Logger, cogs []bot.Cog) bot.Options {
	return bot.Options{
		Token: cfg.Token, APIURL: cfg.APIURL, Prefix: cfg.Prefix, OwnerIDs: cfg.OwnerIDs,
		Cogs: cogs, EnabledCogs: cfg.Cogs, CommandTimeout: cfg.CommandTimeout,
		StartupTimeout: cfg.StartupTimeout, Logger: log, DiscordLog: logging.DiscordgoLevel(cfg.LogLevel),
	}
}
