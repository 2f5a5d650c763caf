package config

import (
	"log/slog"
	"net/url"
	"strconv"
	"strings"
)

// Redacted returns every key with a display form of its value that is safe
// to log or show: DISCORD_TOKEN is "set" or "unset" and a password in
// DATABASE_URL is replaced by "xxxxx".
func (c Config) Redacted() map[string]string {
	return map[string]string{
		KeyToken:           tokenState(c.Token),
		KeyPrefix:          c.Prefix,
		KeyOwnerIDs:        orText(strings.Join(c.OwnerIDs, ","), "application owner"),
		KeyDatabaseURL:     c.Database.display(),
		KeyAPIURL:          c.APIURL,
		KeyMetricsAddr:     orText(c.MetricsAddr, "disabled"),
		KeyLogLevel:        strings.ToLower(c.LogLevel.String()),
		KeyLogFormat:       c.LogFormat,
		KeyLogFile:         orText(c.LogFile, "stderr"),
		KeyShardCount:      countText(c.ShardCount),
		KeyShardIDs:        orText(formatShardIDs(c.ShardIDs), "all"),
		KeyCogs:            orText(strings.Join(c.Cogs, ","), "all"),
		KeyCommandSync:     c.CommandSync,
		KeyCommandGuildIDs: orText(strings.Join(c.CommandGuildIDs, ","), "global"),
		KeyRequireIntents:  orText(formatIntents(c.RequireIntents), "none"),
		KeyGeocodingURL:    c.GeocodingURL,
		KeyWeatherURL:      c.WeatherURL,
		KeyCurrencyURL:     c.CurrencyURL,
		KeyCommandTimeout:  shortDuration(c.CommandTimeout),
		KeyStartupTimeout:  shortDuration(c.StartupTimeout),
	}
}

// String returns the redacted settings as KEY=value pairs in the order of
// Keys, so printing a Config with %v or %+v never shows the token.
func (c Config) String() string {
	r := c.Redacted()
	var b strings.Builder
	for i, k := range Keys() {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(k + "=" + quoteIfNeeded(r[k]))
	}
	return b.String()
}

// GoString returns String, so %#v does not show the token either.
func (c Config) GoString() string {
	return "config.Config{" + c.String() + "}"
}

// LogValue returns the redacted settings as a slog group, in key order.
func (c Config) LogValue() slog.Value {
	r := c.Redacted()
	keys := Keys()
	attrs := make([]slog.Attr, len(keys))
	for i, k := range keys {
		attrs[i] = slog.String(k, r[k])
	}
	return slog.GroupValue(attrs...)
}

// Secrets returns the values a log must never show: the token (with its
// "Bot " prefix) and the database password, when set. Pass them to the
// logging package's redacting handler.
func (c Config) Secrets() []string {
	var s []string
	if c.Token != "" {
		s = append(s, c.Token)
	}
	if p := c.Database.password(); p != "" {
		s = append(s, p)
	}
	return s
}

// display returns the DSN with any password replaced by "xxxxx".
func (d Database) display() string {
	if d.Driver == DriverSQLite {
		return "sqlite:" + d.DSN
	}
	u, err := url.Parse(d.DSN)
	if err != nil {
		return d.Driver + "://[unparsable]"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// password returns the PostgreSQL URL's password, from its user info or its
// password query parameter, or "".
func (d Database) password() string {
	if d.Driver != DriverPostgres {
		return ""
	}
	u, err := url.Parse(d.DSN)
	if err != nil {
		return ""
	}
	if p, ok := u.User.Password(); ok {
		return p
	}
	return u.Query().Get("password")
}

// tokenState reports whether a token is configured without showing it.
func tokenState(token string) string {
	if token == "" {
		return "unset"
	}
	return "set"
}

// orText returns s, or alt when s is empty.
func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// quoteIfNeeded quotes s when it is empty or holds spaces or quotes.
func quoteIfNeeded(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\"'=") {
		return strconv.Quote(s)
	}
	return s
}
