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

// SettingsChannel is the PostgreSQL notification channel UpdateGuildSettings
// notifies with the guild ID as payload, and WatchSettings listens on.
const SettingsChannel = "cogd_settings"

// notifySettings tells every process watching that the guild's settings
// changed; PostgreSQL delivers it when the transaction commits. A no-op on
// SQLite.
func (s *Store) notifySettings(ctx context.Context, guildID string) error {
	if s.driver != DriverPostgres {
		return nil
	}
	if err := s.write.WithContext(ctx).Exec("SELECT pg_notify(?, ?)", SettingsChannel, guildID).Error; err != nil {
		return fmt.Errorf("notify settings change: %w", err)
	}
	return nil
}
