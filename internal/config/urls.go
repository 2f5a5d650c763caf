package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// parseDatabase accepts sqlite:PATH, sqlite::memory:, postgres://… and
// postgresql://…. Its errors never quote the URL, which may hold a password.
func parseDatabase(c *Config, v string) error {
	scheme, rest, ok := strings.Cut(v, ":")
	if !ok || scheme == "" {
		return errors.New("has no scheme (want sqlite:PATH, sqlite::memory: or postgres://…)")
	}
	switch strings.ToLower(scheme) {
	case "sqlite":
		return parseSQLite(c, rest)
	case "postgres", "postgresql":
		return parsePostgres(c, v)
	}
	return fmt.Errorf("has unsupported scheme %q (want sqlite:PATH, sqlite::memory: or postgres://…)", scheme)
}

// parseSQLite accepts a path with an optional ?query of driver options.
func parseSQLite(c *Config, dsn string) error {
	path, _, _ := strings.Cut(dsn, "?")
	if path == "" {
		return errors.New("sqlite: needs a path (want e.g. sqlite:data/cogd.db or sqlite::memory:)")
	}
	c.Database = Database{Driver: DriverSQLite, DSN: dsn, Path: path}
	return nil
}

// parsePostgres checks that v parses as a URL with a // authority part.
func parsePostgres(c *Config, v string) error {
	u, err := url.Parse(v)
	if err != nil {
		return fmt.Errorf("is not a valid postgres URL: %s", urlProblem(err))
	}
	if u.Opaque != "" || !strings.Contains(v, "://") {
		return errors.New("is not a valid postgres URL (want postgres://user:password@host:5432/db)")
	}
	c.Database = Database{Driver: DriverPostgres, DSN: v}
	return nil
}

// urlProblem returns the cause of a url.Parse error without the URL itself.
func urlProblem(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// urlParser returns a parser for an absolute http or https base URL without
// query or fragment; a trailing slash is trimmed.
func urlParser(dst func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error {
		u, err := url.Parse(v)
		if err != nil {
			return fmt.Errorf("is not a URL: %s", urlProblem(err))
		}
		shown := u.Redacted()
		switch {
		case u.Scheme != "http" && u.Scheme != "https":
			return fmt.Errorf("%q is not an http or https URL", shown)
		case u.Hostname() == "":
			return fmt.Errorf("%q has no host", shown)
		case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
			return fmt.Errorf("%q has a query or fragment (want a base URL)", shown)
		}
		*dst(c) = strings.TrimRight(v, "/")
		return nil
	}
}
