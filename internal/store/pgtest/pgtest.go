// Package pgtest gives each test its own throw-away PostgreSQL schema on
// the server named by COGD_TEST_POSTGRES_URL, so the PostgreSQL leg of the
// store tests runs in parallel with independent tests. Without the
// variable the leg is skipped, except under CI=true, where a skipped
// PostgreSQL leg is a failure. It does not import internal/store, so the
// store's own tests use it too.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Env names the PostgreSQL URL the tests use. Its user must be allowed to
// create schemas in its database (the database's owner is).
const Env = "COGD_TEST_POSTGRES_URL"

// SkipHint is how to run the skipped leg, for the skip message.
const SkipHint = Env + " is not set: PostgreSQL leg skipped (run .ci/run, or set " + Env +
	"=postgres://user:password@127.0.0.1:5432/db?sslmode=disable)"

// URL returns the server URL or skips tb (fails it under CI=true).
func URL(tb testing.TB, getenv func(string) string) string {
	tb.Helper()
	u := getenv(Env)
	if u == "" {
		if getenv("CI") == "true" {
			tb.Fatalf("CI=true but %s is not set: the PostgreSQL leg must run in CI", Env)
		}
		tb.Skip(SkipHint)
	}
	return u
}

// Schema creates a new schema on the server of URL(tb), dropped with
// everything in it when the test ends, and returns a URL whose connections
// use it (search_path). The test fails if the server does not answer.
func Schema(tb testing.TB, getenv func(string) string) string {
	tb.Helper()
	base := URL(tb, getenv)
	name := "t_" + strings.ToLower(rand.Text()[:16])
	db, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("pgtest: open %s: %v", Env, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+name); err != nil {
		db.Close()
		tb.Fatalf("pgtest: PostgreSQL at %s is not usable: create schema: %v", Env, err)
	}
	tb.Cleanup(func() {
		defer db.Close()
		if _, err := db.Exec("DROP SCHEMA " + name + " CASCADE"); err != nil {
			tb.Errorf("pgtest: drop schema %s: %v", name, err)
		}
	})
	return withSearchPath(tb, base, name)
}

// withSearchPath adds search_path=schema to the URL; pgx sends unknown
// query parameters as run-time parameters.
func withSearchPath(tb testing.TB, base, schema string) string {
	tb.Helper()
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("pgtest: %s: %v", Env, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
