package config

import "time"

// The environment variables Load reads, in the order of DESIGN.md's table.
const (
	// KeyToken holds the bot token.
	KeyToken = "DISCORD_TOKEN"
	// KeyPrefix holds the default command prefix.
	KeyPrefix = "COMMAND_PREFIX"
	// KeyOwnerIDs holds the comma-separated owner user IDs.
	KeyOwnerIDs = "OWNER_IDS"
	// KeyDatabaseURL selects the store.
	KeyDatabaseURL = "DATABASE_URL"
	// KeyAPIURL holds the Discord REST base URL.
	KeyAPIURL = "DISCORD_API_URL"
	// KeyMetricsAddr holds the metrics server address.
	KeyMetricsAddr = "METRICS_ADDR"
	// KeyLogLevel holds the minimum log level.
	KeyLogLevel = "LOG_LEVEL"
	// KeyLogFormat holds the log format.
	KeyLogFormat = "LOG_FORMAT"
	// KeyLogFile holds the log file path.
	KeyLogFile = "LOG_FILE"
	// KeyShardCount holds the total shard count.
	KeyShardCount = "SHARD_COUNT"
	// KeyShardIDs holds the shards this process runs.
	KeyShardIDs = "SHARD_IDS"
	// KeyCogs holds the cogs to load.
	KeyCogs = "COGS"
	// KeyCommandSync holds when application commands are registered.
	KeyCommandSync = "COMMAND_SYNC"
	// KeyCommandGuildIDs holds the guilds application commands go to.
	KeyCommandGuildIDs = "COMMAND_GUILD_IDS"
	// KeyRequireIntents holds the privileged intents that must be on.
	KeyRequireIntents = "REQUIRE_INTENTS"
	// KeyGeocodingURL holds the geocoding API base URL.
	KeyGeocodingURL = "GEOCODING_API_URL"
	// KeyWeatherURL holds the weather API base URL.
	KeyWeatherURL = "WEATHER_API_URL"
	// KeyCurrencyURL holds the currency API base URL.
	KeyCurrencyURL = "CURRENCY_API_URL"
	// KeyCommandTimeout holds the per-command timeout.
	KeyCommandTimeout = "COMMAND_TIMEOUT"
	// KeyStartupTimeout holds the start-up timeout.
	KeyStartupTimeout = "STARTUP_TIMEOUT"
)

// field is one key: its default and how it is parsed into a Config.
type field struct {
	key string
	def string
	// emptyIsValue makes a set-but-empty value count instead of the default.
	emptyIsValue bool
	parse        func(c *Config, v string) error
}

// fields lists every key in table order. SHARD_COUNT precedes SHARD_IDS,
// whose parser checks the IDs against the count.
func fields() []field {
	return []field{
		{key: KeyToken, parse: parseToken},
		{key: KeyPrefix, def: "!", parse: parsePrefix},
		{key: KeyOwnerIDs, parse: parseOwnerIDs},
		{key: KeyDatabaseURL, def: "sqlite:data/cogd.db", parse: parseDatabase},
		{key: KeyAPIURL, def: "https://discord.com/api/v9", parse: urlParser(func(c *Config) *string { return &c.APIURL })},
		{key: KeyMetricsAddr, def: "127.0.0.1:9090", emptyIsValue: true, parse: parseMetricsAddr},
		{key: KeyLogLevel, def: "info", parse: parseLogLevel},
		{key: KeyLogFormat, def: "text", parse: parseLogFormat},
		{key: KeyLogFile, parse: parseLogFile},
		{key: KeyShardCount, def: "auto", parse: parseShardCount},
		{key: KeyShardIDs, parse: parseShardIDs},
		{key: KeyCogs, parse: parseCogs},
		{key: KeyCommandSync, def: SyncAuto, parse: parseCommandSync},
		{key: KeyCommandGuildIDs, parse: parseCommandGuildIDs},
		{key: KeyRequireIntents, parse: parseRequireIntents},
		{key: KeyGeocodingURL, def: "https://geocoding-api.open-meteo.com/v1", parse: urlParser(func(c *Config) *string { return &c.GeocodingURL })},
		{key: KeyWeatherURL, def: "https://api.open-meteo.com/v1", parse: urlParser(func(c *Config) *string { return &c.WeatherURL })},
		{key: KeyCurrencyURL, def: "https://api.frankfurter.dev/v1", parse: urlParser(func(c *Config) *string { return &c.CurrencyURL })},
		{key: KeyCommandTimeout, def: "30s", parse: durationParser(minCommandTimeout, maxCommandTimeout, func(c *Config) *time.Duration { return &c.CommandTimeout })},
		{key: KeyStartupTimeout, def: "60s", parse: durationParser(minStartupTimeout, maxStartupTimeout, func(c *Config) *time.Duration { return &c.StartupTimeout })},
	}
}
