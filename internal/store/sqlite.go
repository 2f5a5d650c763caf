package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/pressly/goose/v3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// sqliteParam is one mattn/go-sqlite3 DSN option the store sets unless the
// DSN already sets it (under its name or its alias).
type sqliteParam struct {
	name, alias, value string
}

// commonParams are the SQLite options on every connection; doc.go explains
// each choice.
func commonParams() []sqliteParam {
	return []sqliteParam{
		{"_busy_timeout", "_timeout", "5000"},
		{"_foreign_keys", "_fk", "1"},
		{"_synchronous", "_sync", "NORMAL"},
	}
}

// writerParams are the options of the single writer connection.
func writerParams() []sqliteParam {
	return []sqliteParam{
		{"_journal_mode", "_journal", "WAL"},
		{"_txlock", "", "immediate"},
	}
}

// readerParams are the options of the read pool.
func readerParams() []sqliteParam {
	return []sqliteParam{{"_query_only", "", "1"}}
}

// openSQLite opens a single-connection writer pool and, for a file, a
// read-only reader pool on the same file.
func openSQLite(ctx context.Context, cfg Config) (pools, error) {
	base, path := sqliteDSNAndPath(cfg)
	if path == "" {
		return pools{}, fmt.Errorf("sqlite needs a path: %w", ErrInvalid)
	}
	memory := isMemory(base, path)
	if !memory {
		if err := makeParentDir(path); err != nil {
			return pools{}, err
		}
	}
	write, err := openSQLitePool(ctx, withParams(base, commonParams(), writerParams()), 1)
	if err != nil {
		return pools{}, fmt.Errorf("writer: %w", err)
	}
	p := pools{write: write, read: write, dialector: sqliteDialector, dialect: goose.DialectSQLite3}
	if memory {
		return p, nil // every connection to :memory: is a new database
	}
	if p.read, err = openSQLitePool(ctx, withParams(base, commonParams(), readerParams()), readerConns()); err != nil {
		_ = write.Close()
		return pools{}, fmt.Errorf("readers: %w", err)
	}
	return p, nil
}

// sqliteDialector wraps an open pool for gorm.
func sqliteDialector(db *sql.DB) gorm.Dialector {
	return sqlite.New(sqlite.Config{Conn: db})
}

// sqliteDSNAndPath returns the DSN to extend and the file it names.
func sqliteDSNAndPath(cfg Config) (dsn, path string) {
	dsn, path = cfg.DSN, cfg.Path
	if dsn == "" {
		dsn = path
	}
	if path == "" {
		path, _, _ = strings.Cut(dsn, "?")
	}
	return dsn, strings.TrimPrefix(path, "file:")
}

// isMemory reports whether the DSN names an in-memory database.
func isMemory(dsn, path string) bool {
	return path == ":memory:" || strings.Contains(dsn, "mode=memory")
}

// makeParentDir creates the directory holding the database file.
func makeParentDir(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("create database directory: %w", err)
	}
	return nil
}

// readerConns sizes the read pool: one connection per CPU, 2 to 8. WAL
// readers never block each other or the writer, so more only costs memory
// (each connection has its own page cache).
func readerConns() int {
	return min(max(runtime.GOMAXPROCS(0), 2), 8)
}

// openSQLitePool opens a pool of at most n long-lived connections and
// checks that one opens (which applies the DSN's pragmas).
func openSQLitePool(ctx context.Context, dsn string, n int) (*sql.DB, error) {
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	return db, nil
}

// withParams adds each option the DSN does not already set.
func withParams(dsn string, sets ...[]sqliteParam) string {
	base, rawQuery, _ := strings.Cut(dsn, "?")
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		q = url.Values{} // mattn ignores what it cannot parse; so do we
		base = dsn
	}
	for _, set := range sets {
		for _, p := range set {
			if !q.Has(p.name) && (p.alias == "" || !q.Has(p.alias)) {
				q.Set(p.name, p.value)
			}
		}
	}
	return base + "?" + q.Encode()
}
