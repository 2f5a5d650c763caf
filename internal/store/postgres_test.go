package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

// postgresEnv names a PostgreSQL server URL whose user may create
// databases; TestPostgres skips without it. Each test gets a new database,
// dropped afterwards.
const postgresEnv = "COGD_TEST_POSTGRES_URL"

func TestPostgres(t *testing.T) {
	admin := os.Getenv(postgresEnv)
	if admin == "" {
		t.Skipf("set %s=postgres://user@host:port/postgres to run the PostgreSQL tests", postgresEnv)
	}
	open := postgresOpener(admin)
	for name, fn := range sharedTests() {
		t.Run(name, func(t *testing.T) { fn(t, open) })
	}
	t.Run("MigrateTwiceAndStatus", func(t *testing.T) {
		s := open(t, Config{})
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		for _, st := range mustStatus(t, s) {
			if !st.Applied {
				t.Errorf("%s not applied", st.Name)
			}
		}
	})
	t.Run("BrokenMigrationRollsBack", func(t *testing.T) {
		s := open(t, Config{Migrations: fstest.MapFS{"00001_broken.sql": {Data: []byte(
			"-- +goose Up\nCREATE TABLE b (id INTEGER PRIMARY KEY AUTOINCREMENT);\nSELECT * FROM no_such_table;\n")}}})
		err := s.Migrate(context.Background())
		if err == nil || !strings.Contains(err.Error(), "00001_broken.sql") {
			t.Fatalf("Migrate error = %v, want one naming 00001_broken.sql", err)
		}
		var n int64
		s.read.Raw("SELECT count(*) FROM information_schema.tables WHERE table_name = 'b'").Scan(&n)
		if n != 0 {
			t.Error("table b of the failed migration exists")
		}
	})
}

// postgresOpener returns an opener that creates a new database on the
// server at admin for each store. Opening with Migrations set does not
// migrate, so a test can watch Migrate fail.
func postgresOpener(admin string) opener {
	var seq atomic.Int64
	return func(tb testing.TB, cfg Config) *Store {
		tb.Helper()
		name := fmt.Sprintf("cogd_test_%d_%d", time.Now().UnixNano(), seq.Add(1))
		dsn := createDatabase(tb, admin, name)
		cfg.Driver, cfg.DSN = DriverPostgres, dsn
		migrate := cfg.Migrations == nil
		s, err := Open(context.Background(), cfg)
		if err != nil {
			tb.Fatalf("open: %v", err)
		}
		tb.Cleanup(func() { s.Close() })
		if migrate {
			if err := s.Migrate(context.Background()); err != nil {
				tb.Fatalf("migrate: %v", err)
			}
		}
		return s
	}
}

// createDatabase creates a database, dropped when the test ends, and
// returns its URL.
func createDatabase(tb testing.TB, admin, name string) string {
	tb.Helper()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		db.Close()
		tb.Fatalf("create database: %v", err)
	}
	tb.Cleanup(func() {
		defer db.Close()
		if _, err := db.Exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
			tb.Errorf("drop database: %v", err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
