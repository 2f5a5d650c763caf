package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"cogd/internal/config"
)

// TestLogRedactsConfiguredSecrets: the logger `cogd run` builds is given
// the configuration's secrets: the token (not shaped like a real one, so
// only the configured value can catch it) and the database password never
// reach the log, even when a line quotes them.
func TestLogRedactsConfiguredSecrets(t *testing.T) {
	const password = "pw-do-not-print-42"
	cfg, err := config.LoadLookup(func(k string) (string, bool) {
		v, ok := map[string]string{"DISCORD_TOKEN": sentinel, "DATABASE_URL": "postgres://cogd:" + password + "@127.0.0.1:5432/cogd"}[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	level := &slog.LevelVar{}
	log, closer, err := openLog(cfg, level, Env{Stderr: &out})
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	log.Error("quoting secrets "+sentinel, "dsn", "postgres://cogd:"+password+"@127.0.0.1/cogd", "token", cfg.Token)
	got := out.String()
	if strings.Contains(got, "do-not-print") || !strings.Contains(got, "quoting secrets") {
		t.Fatalf("log line %q", got)
	}
}
