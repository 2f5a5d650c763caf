package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"
	"unicode"

	"cogd/internal/command"
)

// Limits on values.
const (
	minTokenLen       = 10
	maxShardCount     = 65535
	minCommandTimeout = time.Second
	maxCommandTimeout = 15 * time.Minute
	minStartupTimeout = time.Second
	maxStartupTimeout = time.Hour
	botPrefix         = "Bot "
)

// parseToken normalises the token to "Bot <token>". Its errors never quote
// the value.
func parseToken(c *Config, v string) error {
	if v == "" {
		return nil
	}
	bare := v
	if len(v) >= len(botPrefix) && strings.EqualFold(v[:len(botPrefix)], botPrefix) {
		bare = strings.TrimSpace(v[len(botPrefix):])
	}
	switch {
	case strings.IndexFunc(bare, unicode.IsSpace) >= 0:
		return errors.New(`contains whitespace (want the token, optionally prefixed "Bot ")`)
	case len(bare) < minTokenLen:
		return errors.New("is too short to be a bot token")
	}
	c.Token = botPrefix + bare
	return nil
}

// parsePrefix applies the one prefix rule, command.ValidPrefix.
func parsePrefix(c *Config, v string) error {
	if err := command.ValidPrefix(v); err != nil {
		return err
	}
	c.Prefix = v
	return nil
}

// parseOwnerIDs accepts a comma list of distinct snowflakes.
func parseOwnerIDs(c *Config, v string) error {
	ids, err := splitList(v)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if !isSnowflake(id) {
			return fmt.Errorf("%q is not a user ID (want 17 to 20 digits)", id)
		}
	}
	c.OwnerIDs = ids
	return nil
}

// isSnowflake reports whether s is 17 to 20 ASCII digits.
func isSnowflake(s string) bool {
	if len(s) < 17 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// parseMetricsAddr accepts host:port with a numeric port, or empty.
func parseMetricsAddr(c *Config, v string) error {
	if v == "" {
		c.MetricsAddr = ""
		return nil
	}
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Errorf("%s is not a host:port address (want e.g. 127.0.0.1:9090, or empty to disable)", quoted(v))
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || n > 65535 {
		return fmt.Errorf("%s has an invalid port (want 0..65535)", quoted(v))
	}
	c.MetricsAddr = v
	return nil
}

// parseLogLevel accepts debug, info, warn or error in any case.
func parseLogLevel(c *Config, v string) error {
	levels := map[string]slog.Level{
		"debug": slog.LevelDebug, "info": slog.LevelInfo,
		"warn": slog.LevelWarn, "error": slog.LevelError,
	}
	l, ok := levels[strings.ToLower(v)]
	if !ok {
		return fmt.Errorf("%s is not a log level (want debug, info, warn or error)", quoted(v))
	}
	c.LogLevel = l
	return nil
}

// parseLogFormat accepts text or json in any case.
func parseLogFormat(c *Config, v string) error {
	f := strings.ToLower(v)
	if f != "text" && f != "json" {
		return fmt.Errorf("%s is not a log format (want text or json)", quoted(v))
	}
	c.LogFormat = f
	return nil
}

// parseLogFile accepts any path; empty means stderr.
func parseLogFile(c *Config, v string) error {
	c.LogFile = v
	return nil
}

// durationParser returns a parser for a Go duration within [lo, hi].
func durationParser(lo, hi time.Duration, dst func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%s is not a duration (want e.g. 30s or 2m)", quoted(v))
		}
		if d < lo || d > hi {
			return fmt.Errorf("%s is out of range (want %s..%s)", quoted(v), shortDuration(lo), shortDuration(hi))
		}
		*dst(c) = d
		return nil
	}
}

// shortDuration formats d without trailing zero units: 15m, not 15m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
