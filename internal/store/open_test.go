package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenSQLiteCreatesDirectoryAndSetsPragmas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "dir", "cogd.db")
	s := mustOpen(t, Config{Path: path, DSN: path})
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file: %v", err)
	}
	want := map[string]string{"journal_mode": "wal", "busy_timeout": "5000", "foreign_keys": "1", "synchronous": "1"}
	for name, db := range map[string]*Store{"writer": {read: s.write}, "reader": s} {
		for pragma, value := range want {
			var got string
			if err := db.read.Raw("PRAGMA " + pragma).Scan(&got).Error; err != nil {
				t.Fatalf("%s PRAGMA %s: %v", name, pragma, err)
			}
			if got != value {
				t.Errorf("%s PRAGMA %s = %q, want %q", name, pragma, got, value)
			}
		}
	}
	if err := s.read.Exec("DELETE FROM mod_cases").Error; err == nil {
		t.Error("the read pool accepted a write; want query_only")
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

func TestOpenKeepsCallerOptions(t *testing.T) {
	tests := []struct {
		dsn      string
		want     []string
		wantNone []string
	}{
		{dsn: "a.db", want: []string{"a.db?", "_busy_timeout=5000", "_txlock=immediate", "_journal_mode=WAL"}},
		{dsn: "a.db?_busy_timeout=100", want: []string{"_busy_timeout=100"}, wantNone: []string{"_busy_timeout=5000"}},
		{dsn: "a.db?_timeout=100&_sync=FULL", want: []string{"_timeout=100", "_sync=FULL"}, wantNone: []string{"_busy_timeout", "_synchronous"}},
		{dsn: "file:a.db?mode=rwc", want: []string{"file:a.db?", "mode=rwc", "_txlock=immediate"}},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			got := withParams(tt.dsn, commonParams(), writerParams())
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("withParams(%q) = %q, want it to contain %q", tt.dsn, got, w)
				}
			}
			for _, w := range tt.wantNone {
				if strings.Contains(got, w) {
					t.Errorf("withParams(%q) = %q, want no %q", tt.dsn, got, w)
				}
			}
		})
	}
}

func TestOpenRefusesBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"unknown driver", Config{Driver: "mysql", DSN: "x"}, `unknown driver "mysql"`},
		{"empty driver", Config{DSN: "x"}, `unknown driver ""`},
		{"sqlite without path", Config{Driver: DriverSQLite}, "sqlite needs a path"},
		{"postgres without DSN", Config{Driver: DriverPostgres}, "postgres needs a DSN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(context.Background(), tt.cfg)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open error = %v, want ErrInvalid saying %q", err, tt.want)
			}
		})
	}
}

func TestOpenInMemory(t *testing.T) {
	s := mustOpen(t, Config{Path: ":memory:", DSN: ":memory:"})
	if s.read != s.write {
		t.Fatal("an in-memory store must use one connection for reads and writes")
	}
	if _, err := s.UpdateGuildSettings(context.Background(), "g", setPrefix("?")); err != nil {
		t.Fatal(err)
	}
	got, err := s.GuildSettings(context.Background(), "g")
	if err != nil || got.Prefix != "?" {
		t.Fatalf("GuildSettings = %+v, %v", got, err)
	}
}

func TestCloseInsideTxFails(t *testing.T) {
	s := mustOpen(t, Config{})
	err := s.Tx(context.Background(), func(tx *Store) error { return tx.Close() })
	if err == nil {
		t.Fatal("Close inside Tx succeeded")
	}
}
