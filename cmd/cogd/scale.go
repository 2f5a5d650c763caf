package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"time"

	"cogd/internal/bot"
	"cogd/internal/config"
	"cogd/internal/store"
)

// identifyGate is the bot's identify gate on PostgreSQL, shared by every
// cogd process of the bot on the database; nil on SQLite (one process,
// which paces its own shards).
//
// The processes agree on the bot through its token: the key is a hash of
// it, known before the first request (the application ID is only known
// after the preflight, and the gate is needed by the first IDENTIFY). A
// token reset changes the key, which at worst lets one wave of the new
// token overlap one of the old.
func identifyGate(cfg config.Config, st *store.Store, log *slog.Logger) bot.IdentifyGate {
	return identifyGateEvery(cfg, st, log, store.DefaultIdentifyInterval)
}

// identifyGateEvery is identifyGate with Discord's 5 s per bucket replaced
// by interval (tests run against an emulator with a shorter window).
func identifyGateEvery(cfg config.Config, st *store.Store, log *slog.Logger, interval time.Duration) bot.IdentifyGate {
	if st.Driver() != store.DriverPostgres {
		return nil
	}
	gate, err := st.IdentifyGate(store.IdentifyGateOptions{BotKey: botKey(cfg.Token), Owner: processName(), Interval: interval})
	if err != nil { // not reached: PostgreSQL and a key
		log.Warn("identify gate unavailable; this process paces only its own shards", "err", err)
		return nil
	}
	return gate
}

// botKey names the bot in the identify buckets without storing its token.
func botKey(token string) string {
	sum := sha256.Sum256([]byte("cogd identify gate\x00" + token))
	return "token-sha256:" + hex.EncodeToString(sum[:12])
}

// processName names this process in the identify buckets' claimed_by.
func processName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}
