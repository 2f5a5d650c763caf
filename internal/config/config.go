package config

import (
	"log/slog"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Config is cogd's validated configuration. The zero value is not useful;
// obtain one from Load, LoadLookup or LoadEnvironment.
type Config struct {
	// Token is the bot token with its "Bot " prefix; empty when
	// DISCORD_TOKEN is unset (see RequireToken).
	Token string
	// Prefix is the default command prefix (command.ValidPrefix's rule).
	Prefix string
	// OwnerIDs are the users allowed to run owner commands; nil means the
	// application's owner or team, as reported by Discord.
	OwnerIDs []string
	// Database says which store to open.
	Database Database
	// APIURL is the Discord REST base including the version, without a
	// trailing slash.
	APIURL string
	// MetricsAddr is the host:port of the metrics and health server; empty
	// disables it.
	MetricsAddr string
	// LogLevel is the minimum level logged.
	LogLevel slog.Level
	// LogFormat is "text" or "json".
	LogFormat string
	// LogFile is the file logs are appended to; empty means stderr.
	LogFile string
	// ShardCount is the total number of shards; 0 means ask Discord.
	ShardCount int
	// ShardIDs are the shards this process runs, in ascending order; nil
	// means all of them.
	ShardIDs []int
	// Cogs are the lowercase names of the cogs to load; nil means all. The
	// names are checked against the known cogs by the bot, not here.
	Cogs []string
	// CommandSync is when application commands are registered: SyncAuto
	// (only when their hash changed), SyncAlways or SyncOff.
	CommandSync string
	// CommandGuildIDs are the guilds application commands are registered
	// in (instantly, for development); nil means globally.
	CommandGuildIDs []string
	// RequireIntents are the privileged intents the application must have
	// (start-up fails without them); 0 means use what it has.
	RequireIntents discordgo.Intent
	// GeocodingURL is the Open-Meteo geocoding API base.
	GeocodingURL string
	// WeatherURL is the Open-Meteo forecast API base.
	WeatherURL string
	// CurrencyURL is the Frankfurter exchange-rate API base.
	CurrencyURL string
	// CommandTimeout bounds one command's run, 1s to 15m.
	CommandTimeout time.Duration
	// StartupTimeout bounds connecting every shard at start-up, 1s to 1h.
	StartupTimeout time.Duration
}

// Database describes the store selected by DATABASE_URL.
type Database struct {
	// Driver is "sqlite" or "postgres".
	Driver string
	// DSN is what the driver opens: the text after "sqlite:" for SQLite,
	// the whole URL for PostgreSQL.
	DSN string
	// Path is the SQLite file (":memory:" for an in-memory database), without
	// any "?query"; empty for PostgreSQL.
	Path string
}

// Database drivers.
const (
	// DriverSQLite is the embedded default store.
	DriverSQLite = "sqlite"
	// DriverPostgres is the scale-out store.
	DriverPostgres = "postgres"
)

// Load reads every key through getenv, applies defaults and validates the
// values. With a plain getenv an empty value cannot be told from an unset
// one, so every empty value means "use the default"; to disable the metrics
// server with METRICS_ADDR= use LoadLookup (or LoadEnvironment).
//
// Load reports the first bad value, in the order of Keys, as an *Error. It
// does not require DISCORD_TOKEN (cogd demo and cogd version run without
// one) but validates it when set; call RequireToken before connecting.
func Load(getenv func(string) string) (Config, error) {
	return LoadLookup(func(key string) (string, bool) {
		v := getenv(key)
		return v, v != ""
	})
}

// LoadLookup is Load with a lookup that, like os.LookupEnv, tells an unset
// key from an empty one. A key that is set but empty means "use the
// default", except METRICS_ADDR, where it disables the metrics server.
func LoadLookup(lookup func(string) (string, bool)) (Config, error) {
	var c Config
	for _, f := range fields() {
		if err := f.load(&c, lookup); err != nil {
			return Config{}, err
		}
	}
	return c, nil
}

// RequireToken returns an *Error for DISCORD_TOKEN when no token is set.
// cogd run calls it; cogd demo and cogd version do not need a token.
func (c Config) RequireToken() error {
	if c.Token == "" {
		return &Error{Key: KeyToken, Problem: "is not set (cogd run needs the bot token)"}
	}
	return nil
}

// Keys returns every key Load reads, in the order of DESIGN.md's table, each
// time in a new slice.
func Keys() []string {
	fs := fields()
	keys := make([]string, len(fs))
	for i, f := range fs {
		keys[i] = f.key
	}
	return keys
}

// Defaults returns each key's default as it would be written in a .env file;
// an empty string means the key's zero meaning (unset, all, stderr, ...).
func Defaults() map[string]string {
	m := make(map[string]string)
	for _, f := range fields() {
		m[f.key] = f.def
	}
	return m
}

// load reads one field, falling back to its default, and parses it into c.
func (f field) load(c *Config, lookup func(string) (string, bool)) error {
	v, ok := lookup(f.key)
	v = strings.TrimSpace(v)
	if !ok || (v == "" && !f.emptyIsValue) {
		v = f.def
	}
	if err := f.parse(c, v); err != nil {
		return &Error{Key: f.key, Problem: err.Error()}
	}
	return nil
}
