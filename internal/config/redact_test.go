package config

import (
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestRedacted(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want map[string]string // keys checked
	}{
		{"defaults", nil, map[string]string{
			KeyToken: "unset", KeyOwnerIDs: "application owner", KeyDatabaseURL: "sqlite:data/cogd.db",
			KeyMetricsAddr: "127.0.0.1:9090", KeyLogLevel: "info", KeyLogFile: "stderr", KeyShardCount: "auto",
			KeyShardIDs: "all", KeyCogs: "all", KeyCommandSync: "auto", KeyCommandGuildIDs: "global", KeyRequireIntents: "none", KeyCommandTimeout: "30s", KeyStartupTimeout: "1m",
		}},
		{"set values", map[string]string{
			KeyToken: testToken, KeyOwnerIDs: "80351110224678912,80351110224678913", KeyMetricsAddr: "",
			KeyLogLevel: "DEBUG", KeyShardCount: "16", KeyShardIDs: "8,0-3,5,6", KeyCogs: "owner,utility",
			KeyStartupTimeout: "1h", KeyCommandSync: "OFF", KeyCommandGuildIDs: "80351110224678912",
			KeyRequireIntents: "guild_members,message_content",
		}, map[string]string{
			KeyToken: "set", KeyOwnerIDs: "80351110224678912,80351110224678913", KeyMetricsAddr: "disabled",
			KeyLogLevel: "debug", KeyShardCount: "16", KeyShardIDs: "0-3,5-6,8", KeyCogs: "owner,utility",
			KeyStartupTimeout: "1h", KeyCommandSync: "off", KeyCommandGuildIDs: "80351110224678912",
			KeyRequireIntents: "message_content,guild_members",
		}},
		{"postgres password in user info", map[string]string{KeyDatabaseURL: "postgres://cogd:hunter2@db/cogd"},
			map[string]string{KeyDatabaseURL: "postgres://cogd:xxxxx@db/cogd"}},
		{"postgres password in query", map[string]string{KeyDatabaseURL: "postgres://db/cogd?password=hunter2&sslmode=disable"},
			map[string]string{KeyDatabaseURL: "postgres://db/cogd?password=xxxxx&sslmode=disable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := LoadLookup(lookupMap(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			r := c.Redacted()
			if !slices.Equal(sortedKeys(r), sortedKeys(Defaults())) {
				t.Errorf("Redacted keys = %v", sortedKeys(r))
			}
			for k, want := range tt.want {
				if r[k] != want {
					t.Errorf("%s = %q, want %q", k, r[k], want)
				}
			}
		})
	}
}

// sortedKeys returns m's keys in order.
func sortedKeys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func TestConfigPrintingHidesSecrets(t *testing.T) {
	c, err := LoadLookup(lookupMap(map[string]string{KeyToken: testToken, KeyDatabaseURL: "postgres://u:hunter2@db/x"}))
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "config", c)
	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", c), "%+v": fmt.Sprintf("%+v", c), "%#v": fmt.Sprintf("%#v", c),
		"%s": fmt.Sprintf("%s", c), "pointer %v": fmt.Sprintf("%v", &c), "slog json": logged.String(),
	}
	for name, out := range outputs {
		t.Run(name, func(t *testing.T) {
			if strings.Contains(out, testToken[:20]) || strings.Contains(out, "hunter2") {
				t.Errorf("secret in %s", out)
			}
			if !strings.Contains(out, "DISCORD_TOKEN") {
				t.Errorf("settings missing from %s", out)
			}
		})
	}
}

func TestString(t *testing.T) {
	c, _ := LoadLookup(lookupMap(map[string]string{KeyPrefix: "?", KeyMetricsAddr: ""}))
	got := c.String()
	for _, want := range []string{"DISCORD_TOKEN=unset COMMAND_PREFIX=? ", "METRICS_ADDR=disabled", " STARTUP_TIMEOUT=1m"} {
		if !strings.Contains(got, want) {
			t.Errorf("String() = %s\nwant it to contain %s", got, want)
		}
	}
}

func TestSecrets(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"none", nil, nil},
		{"token", map[string]string{KeyToken: testToken}, []string{"Bot " + testToken}},
		{"token and user info password", map[string]string{KeyToken: testToken, KeyDatabaseURL: "postgres://u:p%40ss@db/x"},
			[]string{"Bot " + testToken, "p@ss"}},
		{"query password", map[string]string{KeyDatabaseURL: "postgres://db/x?password=pw"}, []string{"pw"}},
		{"postgres without password", map[string]string{KeyDatabaseURL: "postgres://u@db/x"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := LoadLookup(lookupMap(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Secrets(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Secrets() = %q, want %q", got, tt.want)
			}
		})
	}
}
