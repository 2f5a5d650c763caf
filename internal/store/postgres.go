package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// PostgreSQL pool limits: enough for concurrent commands on a few shards
// without exhausting a shared server's max_connections (default 100) when
// several cogd processes run.
const (
	pgMaxOpen     = 16
	pgMaxIdle     = 4
	pgMaxLifetime = 30 * time.Minute
)

// openPostgres opens one pool used for reads and writes.
func openPostgres(ctx context.Context, cfg Config) (pools, error) {
	if cfg.DSN == "" {
		return pools{}, fmt.Errorf("postgres needs a DSN: %w", ErrInvalid)
	}
	db, err := sql.Open("pgx", cfg.DSN)
	if err != nil {
		return pools{}, fmt.Errorf("open: %w", err)
	}
	db.SetMaxOpenConns(pgMaxOpen)
	db.SetMaxIdleConns(pgMaxIdle)
	db.SetConnMaxLifetime(pgMaxLifetime)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return pools{}, fmt.Errorf("connect: %w", err)
	}
	return pools{write: db, read: db, dialector: postgresDialector, dialect: goose.DialectPostgres}, nil
}

// postgresDialector wraps an open pool for gorm.
func postgresDialector(db *sql.DB) gorm.Dialector {
	return postgres.New(postgres.Config{Conn: db})
}
