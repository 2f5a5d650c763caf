package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/pressly/goose/v3"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Database drivers accepted by Open, the same names as cogd's config.
const (
	// DriverSQLite is the embedded default store (mattn/go-sqlite3).
	DriverSQLite = "sqlite"
	// DriverPostgres is the scale-out store (pgx through gorm.io/driver/postgres).
	DriverPostgres = "postgres"
)

// slowQuery is the duration above which gorm logs a statement as slow.
const slowQuery = 200 * time.Millisecond

// Config says which database Open connects to and what the store uses.
// Driver, DSN and Path mirror cogd's config.Database.
type Config struct {
	// Driver is DriverSQLite or DriverPostgres.
	Driver string
	// DSN is what the driver opens: for SQLite a path with an optional
	// ?query of mattn/go-sqlite3 options (ours are added unless given), for
	// PostgreSQL the whole URL. Empty for SQLite means Path.
	DSN string
	// Path is the SQLite file without any ?query (":memory:" for an
	// in-memory database); its directory is created. Empty means the DSN up
	// to its "?". Unused for PostgreSQL.
	Path string
	// Now is the clock for created, edited, revoked and done times; nil
	// means time.Now.
	Now func() time.Time
	// Logger receives migration progress and slow or failed queries; nil
	// discards them.
	Logger *slog.Logger
	// Migrations are the sets Migrate applies, in order; nil means the core
	// set alone. cogd passes the core set followed by each cog's.
	Migrations []MigrationSet
}

// withDefaults returns c with nil fields filled in.
func (c Config) withDefaults() Config {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Migrations == nil {
		c.Migrations = []MigrationSet{CoreMigrations()}
	}
	return c
}

// Store is cogd's persistence: guild settings, moderation cases and
// scheduled actions. A Store from Open is safe for concurrent use; the
// *Store handed to a Tx callback belongs to that transaction and must not
// outlive it.
type Store struct {
	// write runs writes and transactions; inside Tx it is the transaction.
	write *gorm.DB
	// read runs reads outside a transaction; inside Tx it is the transaction.
	read *gorm.DB
	// conns are the pools Close closes (write first); nil inside Tx.
	conns   []*sql.DB
	driver  string
	dialect goose.Dialect
	inTx    bool
	now     func() time.Time
	log     *slog.Logger
	migs    []MigrationSet
	// dsn is what Open connected to; WatchSettings opens its own
	// connection with it.
	dsn string
}

// pools is what a driver-specific opener hands back to Open.
type pools struct {
	write, read *sql.DB
	dialector   func(*sql.DB) gorm.Dialector
	dialect     goose.Dialect
}

// Open connects to the database cfg names and checks that it answers. It
// does not migrate; call Migrate before using the store.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	cfg = cfg.withDefaults()
	p, err := openPools(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s store: %w", cfg.Driver, err)
	}
	s, err := newStore(cfg, p)
	if err != nil {
		closePools(p)
		return nil, fmt.Errorf("open %s store: %w", cfg.Driver, err)
	}
	return s, nil
}

// openPools dispatches on the driver.
func openPools(ctx context.Context, cfg Config) (pools, error) {
	switch cfg.Driver {
	case DriverSQLite:
		return openSQLite(ctx, cfg)
	case DriverPostgres:
		return openPostgres(ctx, cfg)
	}
	return pools{}, fmt.Errorf("unknown driver %q (want %q or %q): %w",
		cfg.Driver, DriverSQLite, DriverPostgres, ErrInvalid)
}

// newStore wraps the pools in gorm.
func newStore(cfg Config, p pools) (*Store, error) {
	write, err := openGorm(cfg, p.dialector(p.write))
	if err != nil {
		return nil, err
	}
	read := write
	conns := []*sql.DB{p.write}
	if p.read != p.write {
		if read, err = openGorm(cfg, p.dialector(p.read)); err != nil {
			return nil, err
		}
		conns = append(conns, p.read)
	}
	return &Store{
		write: write, read: read, conns: conns,
		driver: cfg.Driver, dialect: p.dialect,
		now: cfg.Now, log: cfg.Logger, migs: cfg.Migrations, dsn: cfg.DSN,
	}, nil
}

// openGorm opens gorm over an existing pool. Transactions are explicit
// (Tx), so gorm's implicit per-statement transaction is off.
func openGorm(cfg Config, d gorm.Dialector) (*gorm.DB, error) {
	db, err := gorm.Open(d, &gorm.Config{
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return utc(cfg.Now()) },
		Logger: logger.NewSlogLogger(cfg.Logger, logger.Config{
			SlowThreshold:             slowQuery,
			LogLevel:                  logger.Warn,
			IgnoreRecordNotFoundError: true,
			ParameterizedQueries:      true, // never log reasons or other user text
		}),
	})
	if err != nil {
		return nil, fmt.Errorf("gorm: %w", err)
	}
	return db, nil
}

// closePools closes what openPools opened.
func closePools(p pools) {
	_ = p.write.Close()
	if p.read != p.write {
		_ = p.read.Close()
	}
}

// Driver returns DriverSQLite or DriverPostgres.
func (s *Store) Driver() string { return s.driver }

// Ping checks that the database answers, for /readyz. It uses the read
// pool, so a long write transaction does not make the bot look unready.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.read.WithContext(ctx).Raw("SELECT 1").Scan(&one).Error; err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Close closes the connection pools. It is an error to call it on the
// *Store of a transaction.
func (s *Store) Close() error {
	if s.inTx {
		return errors.New("close store: called inside a transaction")
	}
	var errs []error
	for _, db := range s.conns {
		if err := db.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close database: %w", err))
		}
	}
	return errors.Join(errs...)
}

// utc is how every time is written and compared: UTC, microseconds (the
// precision of PostgreSQL's TIMESTAMP), so SQLite's text encoding sorts in
// time order.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nowUTC reads the store's clock.
func (s *Store) nowUTC() time.Time { return utc(s.now()) }

// nullTime maps the zero time to NULL.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = utc(t)
	return &t
}

// fromNull maps NULL to the zero time.
func fromNull(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
