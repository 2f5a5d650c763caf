package config

import (
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// lookupMap returns an os.LookupEnv-style lookup over m.
func lookupMap(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

// getenvMap returns an os.Getenv-style lookup over m.
func getenvMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// testToken is shaped like a bot token; it is not a real one.
const testToken = "MTAxMjM0NTY3ODkwMTIzNDU2.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789ab"

func TestLoadDefaults(t *testing.T) {
	want := Config{
		Prefix:         "!",
		Database:       Database{Driver: DriverSQLite, DSN: "data/cogd.db", Path: "data/cogd.db"},
		APIURL:         "https://discord.com/api/v9",
		MetricsAddr:    "127.0.0.1:9090",
		LogLevel:       slog.LevelInfo,
		LogFormat:      "text",
		CommandSync:    SyncAuto,
		GeocodingURL:   "https://geocoding-api.open-meteo.com/v1",
		WeatherURL:     "https://api.open-meteo.com/v1",
		CurrencyURL:    "https://api.frankfurter.dev/v1",
		CommandTimeout: 30 * time.Second,
		StartupTimeout: 60 * time.Second,
	}
	tests := []struct {
		name string
		load func() (Config, error)
	}{
		{"Load with nothing set", func() (Config, error) { return Load(getenvMap(nil)) }},
		{"LoadLookup with nothing set", func() (Config, error) { return LoadLookup(lookupMap(nil)) }},
		{"LoadLookup with every key empty but METRICS_ADDR", func() (Config, error) {
			m := map[string]string{}
			for _, k := range Keys() {
				m[k] = " "
			}
			delete(m, KeyMetricsAddr)
			return LoadLookup(lookupMap(m))
		}},
		{"Load with every key empty", func() (Config, error) {
			m := map[string]string{}
			for _, k := range Keys() {
				m[k] = ""
			}
			return Load(getenvMap(m))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.load()
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %#v\nwant %#v", got, want)
			}
		})
	}
}

func TestLoadValid(t *testing.T) {
	tests := []struct {
		key, value string
		field      func(Config) any
		want       any
	}{
		{KeyToken, testToken, func(c Config) any { return c.Token }, "Bot " + testToken},
		{KeyToken, "Bot " + testToken, func(c Config) any { return c.Token }, "Bot " + testToken},
		{KeyToken, "bot  " + testToken, func(c Config) any { return c.Token }, "Bot " + testToken},
		{KeyToken, "  " + testToken + "\n", func(c Config) any { return c.Token }, "Bot " + testToken},
		{KeyPrefix, "?", func(c Config) any { return c.Prefix }, "?"},
		{KeyPrefix, "cogd!", func(c Config) any { return c.Prefix }, "cogd!"},
		{KeyPrefix, "ééééééééé!", func(c Config) any { return c.Prefix }, "ééééééééé!"},
		{KeyPrefix, ">>", func(c Config) any { return c.Prefix }, ">>"},
		{KeyPrefix, " $ ", func(c Config) any { return c.Prefix }, "$"},
		{KeyOwnerIDs, "80351110224678912", func(c Config) any { return c.OwnerIDs }, []string{"80351110224678912"}},
		{KeyOwnerIDs, "80351110224678912, 12345678901234567890", func(c Config) any { return c.OwnerIDs }, []string{"80351110224678912", "12345678901234567890"}},
		{KeyDatabaseURL, "sqlite:/var/lib/cogd/cogd.db", func(c Config) any { return c.Database }, Database{DriverSQLite, "/var/lib/cogd/cogd.db", "/var/lib/cogd/cogd.db"}},
		{KeyDatabaseURL, "sqlite::memory:", func(c Config) any { return c.Database }, Database{DriverSQLite, ":memory:", ":memory:"}},
		{KeyDatabaseURL, "sqlite:cogd.db?_pragma=busy_timeout(5000)", func(c Config) any { return c.Database }, Database{DriverSQLite, "cogd.db?_pragma=busy_timeout(5000)", "cogd.db"}},
		{KeyDatabaseURL, "postgres://cogd:pw@db:5432/cogd?sslmode=disable", func(c Config) any { return c.Database }, Database{DriverPostgres, "postgres://cogd:pw@db:5432/cogd?sslmode=disable", ""}},
		{KeyDatabaseURL, "postgresql:///cogd?host=/run/postgresql", func(c Config) any { return c.Database }, Database{DriverPostgres, "postgresql:///cogd?host=/run/postgresql", ""}},
		{KeyAPIURL, "http://127.0.0.1:4000/api/v10/", func(c Config) any { return c.APIURL }, "http://127.0.0.1:4000/api/v10"},
		{KeyAPIURL, "https://proxy.internal", func(c Config) any { return c.APIURL }, "https://proxy.internal"},
		{KeyMetricsAddr, ":9090", func(c Config) any { return c.MetricsAddr }, ":9090"},
		{KeyMetricsAddr, "[::1]:0", func(c Config) any { return c.MetricsAddr }, "[::1]:0"},
		{KeyMetricsAddr, "", func(c Config) any { return c.MetricsAddr }, ""},
		{KeyLogLevel, "debug", func(c Config) any { return c.LogLevel }, slog.LevelDebug},
		{KeyLogLevel, "INFO", func(c Config) any { return c.LogLevel }, slog.LevelInfo},
		{KeyLogLevel, "Warn", func(c Config) any { return c.LogLevel }, slog.LevelWarn},
		{KeyLogLevel, "error", func(c Config) any { return c.LogLevel }, slog.LevelError},
		{KeyLogFormat, "JSON", func(c Config) any { return c.LogFormat }, "json"},
		{KeyLogFormat, "text", func(c Config) any { return c.LogFormat }, "text"},
		{KeyLogFile, "/var/log/cogd/cogd.log", func(c Config) any { return c.LogFile }, "/var/log/cogd/cogd.log"},
		{KeyShardCount, "AUTO", func(c Config) any { return c.ShardCount }, 0},
		{KeyShardCount, "1", func(c Config) any { return c.ShardCount }, 1},
		{KeyShardCount, "65535", func(c Config) any { return c.ShardCount }, 65535},
		{KeyShardIDs, "all", func(c Config) any { return c.ShardIDs }, []int(nil)},
		{KeyShardIDs, "0-3", func(c Config) any { return c.ShardIDs }, []int{0, 1, 2, 3}},
		{KeyShardIDs, "4,0,2", func(c Config) any { return c.ShardIDs }, []int{0, 2, 4}},
		{KeyShardIDs, "0-3, 8", func(c Config) any { return c.ShardIDs }, []int{0, 1, 2, 3, 8}},
		{KeyShardIDs, "5-5", func(c Config) any { return c.ShardIDs }, []int{5}},
		{KeyShardIDs, "65534", func(c Config) any { return c.ShardIDs }, []int{65534}},
		{KeyCogs, "Moderation, utility", func(c Config) any { return c.Cogs }, []string{"moderation", "utility"}},
		{KeyCogs, "ALL", func(c Config) any { return c.Cogs }, []string(nil)},
		{KeyCogs, "my_cog-2", func(c Config) any { return c.Cogs }, []string{"my_cog-2"}},
		{KeyCommandSync, "always", func(c Config) any { return c.CommandSync }, SyncAlways},
		{KeyCommandSync, "OFF", func(c Config) any { return c.CommandSync }, SyncOff},
		{KeyCommandSync, "auto", func(c Config) any { return c.CommandSync }, SyncAuto},
		{KeyCommandGuildIDs, "80351110224678912", func(c Config) any { return c.CommandGuildIDs }, []string{"80351110224678912"}},
		{KeyCommandGuildIDs, "80351110224678912, 12345678901234567890", func(c Config) any { return c.CommandGuildIDs }, []string{"80351110224678912", "12345678901234567890"}},
		{KeyRequireIntents, "message_content", func(c Config) any { return c.RequireIntents }, discordgo.IntentMessageContent},
		{KeyRequireIntents, "Guild_Members, message_content", func(c Config) any { return c.RequireIntents }, discordgo.IntentGuildMembers | discordgo.IntentMessageContent},
		{KeyRequireIntents, "guild_presences", func(c Config) any { return c.RequireIntents }, discordgo.IntentGuildPresences},
		{KeyGeocodingURL, "http://127.0.0.1:8080/geo/", func(c Config) any { return c.GeocodingURL }, "http://127.0.0.1:8080/geo"},
		{KeyWeatherURL, "http://localhost:1/w", func(c Config) any { return c.WeatherURL }, "http://localhost:1/w"},
		{KeyCurrencyURL, "HTTPS://api.example.com/v1//", func(c Config) any { return c.CurrencyURL }, "HTTPS://api.example.com/v1"},
		{KeyCommandTimeout, "1s", func(c Config) any { return c.CommandTimeout }, time.Second},
		{KeyCommandTimeout, "15m", func(c Config) any { return c.CommandTimeout }, 15 * time.Minute},
		{KeyCommandTimeout, "1m30s", func(c Config) any { return c.CommandTimeout }, 90 * time.Second},
		{KeyStartupTimeout, "5m", func(c Config) any { return c.StartupTimeout }, 5 * time.Minute},
		{KeyStartupTimeout, "1h", func(c Config) any { return c.StartupTimeout }, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			c, err := LoadLookup(lookupMap(map[string]string{tt.key: tt.value}))
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if got := tt.field(c); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestLoadShardIDsWithCount(t *testing.T) {
	c, err := Load(getenvMap(map[string]string{KeyShardCount: "8", KeyShardIDs: "0-3,7"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.ShardCount != 8 || !reflect.DeepEqual(c.ShardIDs, []int{0, 1, 2, 3, 7}) {
		t.Errorf("got count %d ids %v", c.ShardCount, c.ShardIDs)
	}
}

// prefixRule ends every COMMAND_PREFIX error: the rule, as .env.example states it.
const prefixRule = " (a prefix is 1 to 10 characters, no whitespace, not only letters or digits, without @, # or `)"

func TestLoadInvalid(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{KeyToken: "short"}, `config: DISCORD_TOKEN: is too short to be a bot token`},
		{map[string]string{KeyToken: "Bot "}, `config: DISCORD_TOKEN: is too short to be a bot token`},
		{map[string]string{KeyToken: "Bot abcdefghijkl mnop"}, `config: DISCORD_TOKEN: contains whitespace (want the token, optionally prefixed "Bot ")`},
		{map[string]string{KeyPrefix: "a b"}, `config: COMMAND_PREFIX: "a b" contains whitespace` + prefixRule},
		{map[string]string{KeyPrefix: "12345678901"}, `config: COMMAND_PREFIX: "12345678901" is too long` + prefixRule},
		{map[string]string{KeyPrefix: "!!!!!!!!!!!"}, `config: COMMAND_PREFIX: "!!!!!!!!!!!" is too long` + prefixRule},
		{map[string]string{KeyPrefix: "@bot"}, "config: COMMAND_PREFIX: \"@bot\" contains @, # or `" + prefixRule},
		{map[string]string{KeyPrefix: "#"}, "config: COMMAND_PREFIX: \"#\" contains @, # or `" + prefixRule},
		{map[string]string{KeyPrefix: "a"}, `config: COMMAND_PREFIX: "a" is only letters or digits` + prefixRule},
		{map[string]string{KeyPrefix: "ab"}, `config: COMMAND_PREFIX: "ab" is only letters or digits` + prefixRule},
		{map[string]string{KeyPrefix: "12"}, `config: COMMAND_PREFIX: "12" is only letters or digits` + prefixRule},
		{map[string]string{KeyOwnerIDs: "all"}, `config: OWNER_IDS: "all" is not a user ID (want 17 to 20 digits)`},
		{map[string]string{KeyOwnerIDs: "1234"}, `config: OWNER_IDS: "1234" is not a user ID (want 17 to 20 digits)`},
		{map[string]string{KeyOwnerIDs: "123456789012345678901"}, `config: OWNER_IDS: "123456789012345678901" is not a user ID (want 17 to 20 digits)`},
		{map[string]string{KeyOwnerIDs: "8035111022467891x"}, `config: OWNER_IDS: "8035111022467891x" is not a user ID (want 17 to 20 digits)`},
		{map[string]string{KeyOwnerIDs: "80351110224678912,,1"}, `config: OWNER_IDS: "80351110224678912,,1" has an empty entry`},
		{map[string]string{KeyOwnerIDs: "80351110224678912,80351110224678912"}, `config: OWNER_IDS: "80351110224678912,80351110224678912" lists "80351110224678912" twice`},
		{map[string]string{KeyDatabaseURL: "data/cogd.db"}, `config: DATABASE_URL: has no scheme (want sqlite:PATH, sqlite::memory: or postgres://…)`},
		{map[string]string{KeyDatabaseURL: "mysql://root:hunter2@db/cogd"}, `config: DATABASE_URL: has unsupported scheme "mysql" (want sqlite:PATH, sqlite::memory: or postgres://…)`},
		{map[string]string{KeyDatabaseURL: "sqlite:"}, `config: DATABASE_URL: sqlite: needs a path (want e.g. sqlite:data/cogd.db or sqlite::memory:)`},
		{map[string]string{KeyDatabaseURL: "sqlite:?mode=ro"}, `config: DATABASE_URL: sqlite: needs a path (want e.g. sqlite:data/cogd.db or sqlite::memory:)`},
		{map[string]string{KeyDatabaseURL: "postgres:cogd:hunter2@db"}, `config: DATABASE_URL: is not a valid postgres URL (want postgres://user:password@host:5432/db)`},
		{map[string]string{KeyDatabaseURL: "postgres://cogd:hunter2@db:port/x"}, `config: DATABASE_URL: is not a valid postgres URL: invalid port ":port" after host`},
		{map[string]string{KeyAPIURL: "discord.com/api/v9"}, `config: DISCORD_API_URL: "discord.com/api/v9" is not an http or https URL`},
		{map[string]string{KeyAPIURL: "ftp://discord.com"}, `config: DISCORD_API_URL: "ftp://discord.com" is not an http or https URL`},
		{map[string]string{KeyAPIURL: "http://:80/api"}, `config: DISCORD_API_URL: "http://:80/api" has no host`},
		{map[string]string{KeyAPIURL: "https://discord.com/api?v=9"}, `config: DISCORD_API_URL: "https://discord.com/api?v=9" has a query or fragment (want a base URL)`},
		{map[string]string{KeyAPIURL: "https://u:secret@proxy/api#x"}, `config: DISCORD_API_URL: "https://u:xxxxx@proxy/api#x" has a query or fragment (want a base URL)`},
		{map[string]string{KeyAPIURL: "http://[::1"}, `config: DISCORD_API_URL: is not a URL: missing ']' in host`},
		{map[string]string{KeyMetricsAddr: "localhost"}, `config: METRICS_ADDR: "localhost" is not a host:port address (want e.g. 127.0.0.1:9090, or empty to disable)`},
		{map[string]string{KeyMetricsAddr: "localhost:http"}, `config: METRICS_ADDR: "localhost:http" has an invalid port (want 0..65535)`},
		{map[string]string{KeyMetricsAddr: ":65536"}, `config: METRICS_ADDR: ":65536" has an invalid port (want 0..65535)`},
		{map[string]string{KeyLogLevel: "verbose"}, `config: LOG_LEVEL: "verbose" is not a log level (want debug, info, warn or error)`},
		{map[string]string{KeyLogLevel: "warning"}, `config: LOG_LEVEL: "warning" is not a log level (want debug, info, warn or error)`},
		{map[string]string{KeyLogFormat: "xml"}, `config: LOG_FORMAT: "xml" is not a log format (want text or json)`},
		{map[string]string{KeyShardCount: "0"}, `config: SHARD_COUNT: "0" is not a shard count (want auto or 1..65535)`},
		{map[string]string{KeyShardCount: "65536"}, `config: SHARD_COUNT: "65536" is not a shard count (want auto or 1..65535)`},
		{map[string]string{KeyShardCount: "two"}, `config: SHARD_COUNT: "two" is not a shard count (want auto or 1..65535)`},
		{map[string]string{KeyShardIDs: "0-x"}, `config: SHARD_IDS: "0-x" is not a shard list (want e.g. 0-7 or 0,2,4)`},
		{map[string]string{KeyShardIDs: "-1"}, `config: SHARD_IDS: "-1" is not a shard list (want e.g. 0-7 or 0,2,4)`},
		{map[string]string{KeyShardIDs: "0-1-2"}, `config: SHARD_IDS: "0-1-2" is not a shard list (want e.g. 0-7 or 0,2,4)`},
		{map[string]string{KeyShardIDs: "+1"}, `config: SHARD_IDS: "+1" is not a shard list (want e.g. 0-7 or 0,2,4)`},
		{map[string]string{KeyShardIDs: "0,,1"}, `config: SHARD_IDS: "0,,1" has an empty entry`},
		{map[string]string{KeyShardIDs: "7-0"}, `config: SHARD_IDS: "7-0" has a reversed range 7-0`},
		{map[string]string{KeyShardIDs: "0,0"}, `config: SHARD_IDS: "0,0" lists "0" twice`},
		{map[string]string{KeyShardIDs: "0-3,2"}, `config: SHARD_IDS: "0-3,2" lists shard 2 twice`},
		{map[string]string{KeyShardIDs: strings.Repeat("0-9,", 30)}, `config: SHARD_IDS: "0-9,0-9,0-9,0-9,0-9,0-9,0-9,0-9,0-9,0-9,0-9,0-9,0-9,0-9,0-9,0-9,"… (120 bytes) lists "0-9" twice`},
		{map[string]string{KeyShardCount: "8", KeyShardIDs: "0-8"}, `config: SHARD_IDS: shard 8 is out of range for SHARD_COUNT 8 (want 0..7)`},
		{map[string]string{KeyShardIDs: "65535"}, `config: SHARD_IDS: shard 65535 is out of range for SHARD_COUNT auto (want 0..65534)`},
		{map[string]string{KeyShardIDs: "99999999999999999999"}, `config: SHARD_IDS: "99999999999999999999" is not a shard list (want e.g. 0-7 or 0,2,4)`},
		{map[string]string{KeyCogs: "owner,weather!"}, `config: COGS: "weather!" is not a cog name (want letters, digits, - or _)`},
		{map[string]string{KeyCogs: "owner,Owner"}, `config: COGS: "owner,owner" lists "owner" twice`},
		{map[string]string{KeyCogs: "owner,"}, `config: COGS: "owner," has an empty entry`},
		{map[string]string{KeyCommandSync: "sometimes"}, `config: COMMAND_SYNC: "sometimes" is not a sync mode (want auto, always or off)`},
		{map[string]string{KeyCommandGuildIDs: "dev"}, `config: COMMAND_GUILD_IDS: "dev" is not a guild ID (want 17 to 20 digits)`},
		{map[string]string{KeyCommandGuildIDs: "80351110224678912,"}, `config: COMMAND_GUILD_IDS: "80351110224678912," has an empty entry`},
		{map[string]string{KeyCommandGuildIDs: "80351110224678912,80351110224678912"}, `config: COMMAND_GUILD_IDS: "80351110224678912,80351110224678912" lists "80351110224678912" twice`},
		{map[string]string{KeyRequireIntents: "members"}, `config: REQUIRE_INTENTS: "members" is not a privileged intent (want message_content, guild_members, guild_presences)`},
		{map[string]string{KeyRequireIntents: "message_content,message_content"}, `config: REQUIRE_INTENTS: "message_content,message_content" lists "message_content" twice`},
		{map[string]string{KeyRequireIntents: "message_content,"}, `config: REQUIRE_INTENTS: "message_content," has an empty entry`},
		{map[string]string{KeyGeocodingURL: "geocoding-api.open-meteo.com"}, `config: GEOCODING_API_URL: "geocoding-api.open-meteo.com" is not an http or https URL`},
		{map[string]string{KeyWeatherURL: "/v1"}, `config: WEATHER_API_URL: "/v1" is not an http or https URL`},
		{map[string]string{KeyCurrencyURL: "https://"}, `config: CURRENCY_API_URL: "https:" has no host`},
		{map[string]string{KeyCommandTimeout: "30"}, `config: COMMAND_TIMEOUT: "30" is not a duration (want e.g. 30s or 2m)`},
		{map[string]string{KeyCommandTimeout: "999ms"}, `config: COMMAND_TIMEOUT: "999ms" is out of range (want 1s..15m)`},
		{map[string]string{KeyCommandTimeout: "16m"}, `config: COMMAND_TIMEOUT: "16m" is out of range (want 1s..15m)`},
		{map[string]string{KeyStartupTimeout: "-1s"}, `config: STARTUP_TIMEOUT: "-1s" is out of range (want 1s..1h)`},
		{map[string]string{KeyStartupTimeout: "2h"}, `config: STARTUP_TIMEOUT: "2h" is out of range (want 1s..1h)`},
		{map[string]string{KeyPrefix: "a b", KeyLogLevel: "x"}, `config: COMMAND_PREFIX: "a b" contains whitespace` + prefixRule},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, err := LoadLookup(lookupMap(tt.env))
			if err == nil {
				t.Fatal("err = nil")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			var ce *Error
			if !errors.As(err, &ce) || !strings.HasPrefix(tt.want, "config: "+ce.Key+": ") {
				t.Errorf("err = %#v, want *Error naming the key", err)
			}
			if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error leaks a password or spans lines: %q", err)
			}
		})
	}
}

func TestTokenNeverInErrors(t *testing.T) {
	const sentinel = "SENTINELzzzz"
	values := []string{
		sentinel, "Bot " + sentinel + " x", sentinel + "\tx", "x " + sentinel,
		"Bot " + sentinel[:5], sentinel[:9], "bot " + sentinel + "\n" + sentinel,
	}
	for _, v := range values {
		t.Run(strings.ToValidUTF8(v, "?"), func(t *testing.T) {
			c, err := Load(getenvMap(map[string]string{KeyToken: v}))
			if err == nil {
				err = c.RequireToken()
			}
			for _, s := range []string{fmtErr(err), c.String(), c.GoString(), c.LogValue().String()} {
				if strings.Contains(s, sentinel[:5]) {
					t.Errorf("token appears in %q", s)
				}
			}
		})
	}
}

// fmtErr returns err's text, or "" for nil.
func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestRequireToken(t *testing.T) {
	tests := []struct {
		name, token, want string
	}{
		{"unset", "", "config: DISCORD_TOKEN: is not set (cogd run needs the bot token)"},
		{"set", testToken, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(getenvMap(map[string]string{KeyToken: tt.token}))
			if err != nil {
				t.Fatalf("Load must not require the token: %v", err)
			}
			if got := fmtErr(c.RequireToken()); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestKeysAndDefaults(t *testing.T) {
	keys := Keys()
	if len(keys) != 20 || keys[0] != KeyToken || keys[len(keys)-1] != KeyStartupTimeout {
		t.Fatalf("Keys() = %v", keys)
	}
	keys[0] = "mutated"
	if Keys()[0] != KeyToken {
		t.Error("Keys shares its slice between calls")
	}
	if d := Defaults(); len(d) != 20 || d[KeyPrefix] != "!" || d[KeyCommandTimeout] != "30s" {
		t.Errorf("Defaults() = %v", d)
	}
}
