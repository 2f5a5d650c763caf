package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"cogd/internal/bot"
	"cogd/internal/config"
	"cogd/internal/discordtest"
	"cogd/internal/logging"
	"cogd/internal/store/storetest"
)

// TestShardIDsReachTheGateway runs the real `cogd run` path with
// SHARD_COUNT=4 SHARD_IDS=0-1 against a 4-shard emulator: only shards 0
// and 1 identify, each once.
func TestShardIDsReachTheGateway(t *testing.T) {
	emu := discordtest.NewTB(t, discordtest.Options{Shards: 4, MaxConcurrency: 2})
	emu.SeedDemo()
	stop, stderr := runAgainst(t, emu, map[string]string{"SHARD_COUNT": "4", "SHARD_IDS": "0-1", "METRICS_ADDR": ""})
	defer stop()
	waitLog(t, stderr, "msg=\"bot ready\"", stop)
	if code := stop(); code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
	got := identifiedShards(emu)
	slices.Sort(got)
	if !slices.Equal(got, []int{0, 1}) {
		t.Fatalf("identified shards %v, want [0 1]\n%s", got, stderr.String())
	}
	if !strings.Contains(stderr.String(), "shards=0-1/4") {
		t.Errorf("the logs do not carry the process's shard range (shards=0-1/4):\n%s", stderr.String())
	}
}

// waitLog waits until the log holds want; on a timeout it stops cogd and
// fails with the log.
func waitLog(t *testing.T, log *lockedBuffer, want string, stop func() int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(log.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the log (exit %d):\n%s", want, stop(), log.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// identifiedShards lists the shard IDs of the IDENTIFYs emu received, in
// order.
func identifiedShards(emu *discordtest.Server) []int {
	var order []int
	for _, f := range emu.Frames() {
		if f.Out || f.Op != 2 {
			continue
		}
		var p struct {
			D struct {
				Shard [2]int `json:"shard"`
			} `json:"d"`
		}
		if json.Unmarshal(f.Raw, &p) == nil {
			order = append(order, p.D.Shard[0])
		}
	}
	return order
}

// wiringRow is one key of .env.example: a value other than the default,
// and what `cogd run` derives from the configuration that the key should
// change.
type wiringRow struct {
	value  string
	effect func(t *testing.T, cfg config.Config) any
}

// wiringRows has one row per key of .env.example. Effects are computed
// with the same functions runCommand wires with: botOptions, cogSettings,
// storeConfig, logLevel and logOptions (through a real logger).
func wiringRows(t *testing.T) map[string]wiringRow {
	st := storetest.MustOpen(t)
	opt := func(get func(o bot.Options) any) func(*testing.T, config.Config) any {
		return func(t *testing.T, cfg config.Config) any { return get(botOptions(cfg, nil, st)) }
	}
	setting := func(key string) func(*testing.T, config.Config) any {
		return func(_ *testing.T, cfg config.Config) any { return cogSettings(cfg)(key) }
	}
	return map[string]wiringRow{
		"DISCORD_TOKEN":     {"wiring-test-token-0123456789", opt(func(o bot.Options) any { return o.Token })},
		"COMMAND_PREFIX":    {"?", opt(func(o bot.Options) any { return o.Prefix })},
		"OWNER_IDS":         {"123456789012345678", opt(func(o bot.Options) any { return o.OwnerIDs })},
		"DATABASE_URL":      {"postgres://u:p@127.0.0.1:5432/db", storeEffect},
		"DISCORD_API_URL":   {"http://127.0.0.1:1/api/v10", opt(func(o bot.Options) any { return o.APIURL })},
		"METRICS_ADDR":      {"", func(_ *testing.T, cfg config.Config) any { return cfg.MetricsAddr }}, // runCommand: serveMetrics(ctx, cfg.MetricsAddr, …)
		"LOG_LEVEL":         {"debug", logEffect},
		"LOG_FORMAT":        {"json", logEffect},
		"LOG_FILE":          {filepath.Join(t.TempDir(), "cogd.log"), logEffect},
		"SHARD_COUNT":       {"4", opt(func(o bot.Options) any { return o.ShardCount })},
		"SHARD_IDS":         {"0-1", opt(func(o bot.Options) any { return o.ShardIDs })},
		"COGS":              {"utility", opt(func(o bot.Options) any { return o.EnabledCogs })},
		"COMMAND_SYNC":      {"off", opt(func(o bot.Options) any { return o.CommandSync })},
		"COMMAND_GUILD_IDS": {"123456789012345678", opt(func(o bot.Options) any { return o.CommandGuildIDs })},
		"REQUIRE_INTENTS":   {"message_content", opt(func(o bot.Options) any { return o.RequireIntents })},
		"GEOCODING_API_URL": {"http://127.0.0.1:1/geo", setting("GEOCODING_API_URL")},
		"WEATHER_API_URL":   {"http://127.0.0.1:1/weather", setting("WEATHER_API_URL")},
		"CURRENCY_API_URL":  {"http://127.0.0.1:1/fx", setting("CURRENCY_API_URL")},
		"COMMAND_TIMEOUT":   {"5s", opt(func(o bot.Options) any { return o.CommandTimeout })},
		"STARTUP_TIMEOUT":   {"5s", opt(func(o bot.Options) any { return o.StartupTimeout })},
	}
}

// storeEffect is the database the store opens.
func storeEffect(_ *testing.T, cfg config.Config) any {
	c := storeConfig(cfg, nil)
	return [3]string{c.Driver, c.DSN, c.Path}
}

// logEffect logs a debug and an info line through the logger runCommand
// builds and reports what came out on stderr: how many lines, whether as
// JSON, and whether anything reached stderr at all (not a LOG_FILE).
func logEffect(t *testing.T, cfg config.Config) any {
	var stderr lockedBuffer
	log, closer, err := logging.New(logOptions(cfg, logLevel(cfg), &stderr))
	if err != nil {
		t.Fatal(err)
	}
	log.Debug("debug line")
	log.Info("info line")
	closer.Close()
	out := stderr.String()
	return [3]any{strings.Count(out, "\n"), strings.HasPrefix(out, "{"), out != ""}
}

// TestEveryEnvKeyChangesBehaviour: each key of .env.example, set to a
// value other than its default, changes something `cogd run` wires. A key
// added to .env.example without a row (and wiring) fails here.
func TestEveryEnvKeyChangesBehaviour(t *testing.T) {
	keys := envExampleKeys(t)
	rows := wiringRows(t)
	base := loadWith(t, nil)
	for _, key := range keys {
		t.Run(key, func(t *testing.T) {
			row, ok := rows[key]
			if !ok {
				t.Fatalf("%s is in .env.example but nothing checks that it is wired: wire it in cmd/cogd and add a row to wiringRows", key)
			}
			cfg := loadWith(t, map[string]string{key: row.value})
			if def, got := row.effect(t, base), row.effect(t, cfg); reflect.DeepEqual(def, got) {
				t.Fatalf("%s=%q changes nothing: %v both ways", key, row.value, got)
			}
		})
	}
	for key := range rows {
		if !slices.Contains(keys, key) {
			t.Errorf("wiringRows has a row for %s, which .env.example does not list", key)
		}
	}
}

// loadWith loads the configuration from vars alone.
func loadWith(t *testing.T, vars map[string]string) config.Config {
	t.Helper()
	cfg, err := config.LoadLookup(func(k string) (string, bool) { v, ok := vars[k]; return v, ok })
	if err != nil {
		t.Fatalf("config %v: %v", vars, err)
	}
	return cfg
}

// envExampleKeys lists the keys .env.example sets, in order.
func envExampleKeys(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var keys []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if key, _, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			keys = append(keys, strings.TrimSpace(key))
		}
	}
	if err := sc.Err(); err != nil || len(keys) < 10 {
		t.Fatalf(".env.example: %d keys, %v", len(keys), err)
	}
	return keys
}
