package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"cogd/internal/appcmd"
	"cogd/internal/bot"
	"cogd/internal/config"
	"cogd/internal/logging"
	"cogd/internal/metrics"
	"cogd/internal/store"
)

func runCommand(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("run", "Connect to Discord with DISCORD_TOKEN and serve until SIGINT or SIGTERM.", env)
	cfg, envFile, err := tokenConfig(fs, env, args)
	if err != nil {
		return err
	}
	level := logLevel(cfg)
	log, st, closeAll, err := openLogAndStore(ctx, cfg, level, env, true)
	if err != nil {
		return err
	}
	defer closeAll() // last: after the bot and the metrics server
	m := metrics.New(metrics.Options{})
	opts := botOptions(cfg, log, st)
	opts.LogLevel, opts.Metrics = level, m
	opts.Settings = func() (bot.Settings, error) { return reloadSettings(envFile, env.Lookup) }
	b, err := bot.New(opts)
	if err != nil {
		return usageError{err}
	}
	stopMetrics, err := serveMetrics(ctx, cfg.MetricsAddr, m, b.CheckReady, log)
	if err != nil {
		return err
	}
	defer stopMetrics()
	return b.Run(ctx)
}

// openLogAndStore opens the logger and then the database (migrated when
// migrate is set), as every subcommand that touches the database does.
// closeAll closes the store, then the log.
func openLogAndStore(ctx context.Context, cfg config.Config, level slog.Leveler, env Env, migrate bool) (*slog.Logger, *store.Store, func(), error) {
	log, closeLog, err := openLog(cfg, level, env)
	if err != nil {
		return nil, nil, nil, err
	}
	st, err := openStore(ctx, cfg, log, migrate)
	if err != nil {
		_ = closeLog.Close()
		return nil, nil, nil, err
	}
	return log, st, func() { _ = st.Close(); _ = closeLog.Close() }, nil
}

// openStore opens the database of DATABASE_URL and, when migrate is set,
// applies pending migrations (a failure leaves the database as it was).
func openStore(ctx context.Context, cfg config.Config, log *slog.Logger, migrate bool) (*store.Store, error) {
	st, err := store.Open(ctx, storeConfig(cfg, log))
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	if !migrate {
		return st, nil
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("database: %w", err)
	}
	return st, nil
}

// storeConfig is the store DATABASE_URL names, with cogd's migrations.
func storeConfig(cfg config.Config, log *slog.Logger) store.Config {
	return store.Config{Driver: cfg.Database.Driver, DSN: cfg.Database.DSN,
		Path: cfg.Database.Path, Logger: log, Migrations: migrationSets()}
}

// serveMetrics starts /metrics, /healthz and /readyz on addr (nothing when
// addr is empty) and returns the function that stops it.
func serveMetrics(ctx context.Context, addr string, m *metrics.Metrics, ready func(context.Context) error, log *slog.Logger) (func(), error) {
	if addr == "" {
		return func() {}, nil
	}
	srv := metrics.NewServer(addr, m, ready)
	if err := srv.Start(ctx); err != nil {
		return nil, fmt.Errorf("METRICS_ADDR: %w", err)
	}
	log.Info("metrics server listening", "addr", srv.Addr())
	return func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}, nil
}

// tokenConfig adds the -env flag to fs, parses args and loads the
// configuration, which must have DISCORD_TOKEN; it returns the dotenv file
// read, for reloads.
func tokenConfig(fs *flagSet, env Env, args []string) (config.Config, string, error) {
	envFile := fs.String("env", ".env", "dotenv file to read (the real environment wins)")
	if err := parseFlags(fs, args); err != nil {
		return config.Config{}, "", err
	}
	cfg, err := loadConfig(*envFile, env.Lookup)
	if err != nil {
		return config.Config{}, "", err
	}
	if err := cfg.RequireToken(); err != nil {
		return config.Config{}, "", usageError{err}
	}
	return cfg, *envFile, nil
}

// reloadSettings re-reads the settings `reload all` applies without a
// restart.
func reloadSettings(envFile string, lookup func(string) (string, bool)) (bot.Settings, error) {
	cfg, err := loadConfig(envFile, lookup)
	if err != nil {
		return bot.Settings{}, err
	}
	return bot.Settings{Prefix: cfg.Prefix, OwnerIDs: cfg.OwnerIDs, EnabledCogs: cfg.Cogs, LogLevel: cfg.LogLevel}, nil
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
func openLog(cfg config.Config, level slog.Leveler, env Env) (*slog.Logger, io.Closer, error) {
	log, closer, err := logging.New(logOptions(cfg, level, env.Stderr))
	if err != nil {
		return nil, nil, usageError{fmt.Errorf("LOG_FILE: %w", err)}
	}
	if env.InstallDiscordLog != nil {
		env.InstallDiscordLog(log)
	}
	return log, closer, nil
}

// logLevel is LOG_LEVEL as a variable `reload all` can change.
func logLevel(cfg config.Config) *slog.LevelVar {
	level := &slog.LevelVar{}
	level.Set(cfg.LogLevel)
	return level
}

// logOptions are the logger's options: LOG_LEVEL (through level),
// LOG_FORMAT, LOG_FILE, and the secrets to redact.
func logOptions(cfg config.Config, level slog.Leveler, stderr io.Writer) logging.Options {
	return logging.Options{Level: level, Format: cfg.LogFormat, File: cfg.LogFile, Stderr: stderr, Secrets: cfg.Secrets()}
}

// botOptions maps the configuration onto the bot's options, with st as
// the database (guild prefixes, readiness, the cogs' resource).
func botOptions(cfg config.Config, log *slog.Logger, st *store.Store) bot.Options {
	return bot.Options{
		Token: cfg.Token, APIURL: cfg.APIURL, Prefix: cfg.Prefix, OwnerIDs: cfg.OwnerIDs,
		Cogs: cogList(), EnabledCogs: cfg.Cogs, CommandTimeout: cfg.CommandTimeout,
		StartupTimeout: cfg.StartupTimeout, Logger: log, DiscordLog: logging.DiscordgoLevel(cfg.LogLevel),
		ShardCount: cfg.ShardCount, ShardIDs: cfg.ShardIDs,
		Setting: cogSettings(cfg),
		LoadPrefix: func(ctx context.Context, guildID string) (string, error) {
			s, err := st.GuildSettings(ctx, guildID)
			return s.Prefix, err
		},
		LoadUnknownPolicy: func(ctx context.Context, guildID string) (string, error) {
			s, err := st.GuildSettings(ctx, guildID)
			return s.UnknownCommands, err
		},
		Ping: st.Ping, Resources: []any{st},
		IdentifyGate: identifyGate(cfg, st, log), WatchSettings: st.WatchSettings,
		CommandSync: appcmd.Mode(cfg.CommandSync), CommandGuildIDs: cfg.CommandGuildIDs,
		CommandHashes: commandHashes{st}, RequireIntents: cfg.RequireIntents,
	}
}

// cogSettings are the configuration values cogs read through
// Registrar.Setting, by environment key.
func cogSettings(cfg config.Config) func(key string) string {
	m := map[string]string{
		"GEOCODING_API_URL": cfg.GeocodingURL,
		"WEATHER_API_URL":   cfg.WeatherURL,
		"CURRENCY_API_URL":  cfg.CurrencyURL,
	}
	return func(key string) string { return m[key] }
}
