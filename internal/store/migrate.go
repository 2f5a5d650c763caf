package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"path"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"cogd/migrations"
)

// CoreVersionTable is goose's version table of the core migration set.
const CoreVersionTable = "goose_db_version"

// MigrationSet is one independently versioned set of goose SQL files: the
// core set (package migrations) or a cog's own. Each set records what it
// applied in its own version table, so version numbers of different sets
// never collide.
type MigrationSet struct {
	// Name identifies the set in status output and errors, e.g. "core".
	Name string
	// Table is the set's goose version table, e.g. "goose_db_version".
	Table string
	// FS holds the NNNNN_name.sql files in its root.
	FS fs.FS
}

// CoreMigrations is the store's own set: guild settings and identify
// buckets, recorded in goose_db_version. Versions 2 and 3 are retired: they
// created moderation's tables before the moderation cog owned them, and a
// database from that release still lists them as applied; the next core
// migration is numbered 5 or above (see package migrations).
func CoreMigrations() MigrationSet {
	return MigrationSet{Name: "core", Table: CoreVersionTable, FS: migrations.FS}
}

// MigrationState is one migration file and whether it has been applied, as
// `cogd migrate status` prints it.
type MigrationState struct {
	// Set is the name of the MigrationSet the file belongs to.
	Set string
	// Version is the number the file name starts with.
	Version int64
	// Name is the file name, e.g. "00001_guild_settings.sql".
	Name string
	// Applied reports whether the database has run the migration.
	Applied bool
	// AppliedAt is when it ran; zero when pending.
	AppliedAt time.Time
}

// Migrate applies every pending migration of each set of Config.Migrations,
// set after set, each file in its own transaction, recording it in the set's
// version table. Running it again is a no-op. A migration that fails is
// rolled back, leaving the database as the migrations before it left it,
// and the error names the set and the file.
func (s *Store) Migrate(ctx context.Context) error {
	for _, set := range s.migs {
		p, err := s.provider(ctx, set)
		if err != nil {
			return fmt.Errorf("migrate %s: %w", set.Name, err)
		}
		if _, err := p.Up(ctx); err != nil {
			return fmt.Errorf("migrate %s: %w", set.Name, migrationError(err))
		}
	}
	return nil
}

// MigrationStatus lists every known migration, set by set in the order of
// Config.Migrations, oldest first within a set, with whether it has been
// applied.
func (s *Store) MigrationStatus(ctx context.Context) ([]MigrationState, error) {
	var states []MigrationState
	for _, set := range s.migs {
		p, err := s.provider(ctx, set)
		if err != nil {
			return nil, fmt.Errorf("migration status of %s: %w", set.Name, err)
		}
		list, err := p.Status(ctx)
		if err != nil {
			return nil, fmt.Errorf("migration status of %s: %w", set.Name, err)
		}
		for _, m := range list {
			states = append(states, MigrationState{
				Set:       set.Name,
				Version:   m.Source.Version,
				Name:      path.Base(m.Source.Path),
				Applied:   m.State == goose.StateApplied,
				AppliedAt: m.AppliedAt,
			})
		}
	}
	return states, nil
}

// migrationError puts the failing file's name in front of goose's error.
func migrationError(err error) error {
	var pe *goose.PartialError
	if errors.As(err, &pe) && pe.Failed != nil && pe.Failed.Source != nil {
		return fmt.Errorf("%s: %w", path.Base(pe.Failed.Source.Path), pe.Err)
	}
	return err
}

// provider builds a goose provider for one set over the write pool. It
// ignores goose's global registry of Go migrations: cogd's migrations are
// SQL files only.
func (s *Store) provider(ctx context.Context, set MigrationSet) (*goose.Provider, error) {
	if s.inTx {
		return nil, errors.New("called inside a transaction")
	}
	db, err := s.write.DB()
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{
		goose.WithDisableGlobalRegistry(true),
		goose.WithSlog(s.log),
		goose.WithTableName(set.Table),
	}
	fsys := set.FS
	if s.driver == DriverPostgres {
		locker, err := s.migrationLocker(ctx, set)
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker)) // one migrating process at a time
		fsys = postgresFS{set.FS}
	}
	return goose.NewProvider(s.dialect, db, fsys, opts...)
}

// migrationLocker is the PostgreSQL advisory lock held while a set
// migrates. Its ID hashes the schema and the version table, so processes
// migrating the same schema wait for each other while other schemas (tests
// run one per schema) do not.
func (s *Store) migrationLocker(ctx context.Context, set MigrationSet) (lock.SessionLocker, error) {
	var schema string
	if err := s.write.WithContext(ctx).Raw("SELECT current_schema()").Scan(&schema).Error; err != nil {
		return nil, fmt.Errorf("current schema: %w", err)
	}
	h := fnv.New64a()
	h.Write([]byte(schema + "." + set.Table))
	return lock.NewPostgresSessionLocker(
		lock.WithLockID(int64(h.Sum64()>>1)),
		lock.WithLockTimeout(1, 300), // retry every second for 5 minutes
	)
}

// The one phrase migrations may not write portably: SQLite's generated
// primary key and PostgreSQL's equivalent (see package migrations).
const (
	sqliteIdentity   = "INTEGER PRIMARY KEY AUTOINCREMENT"
	postgresIdentity = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
)

// postgresFS serves the migration files with sqliteIdentity rewritten to
// postgresIdentity; directory listings pass through unchanged.
type postgresFS struct{ fs.FS }

// ReadDir lists a directory of the underlying file system.
func (f postgresFS) ReadDir(name string) ([]fs.DirEntry, error) {
	return fs.ReadDir(f.FS, name)
}

// Open opens a file; a .sql file reads back rewritten.
func (f postgresFS) Open(name string) (fs.File, error) {
	file, err := f.FS.Open(name)
	if err != nil || path.Ext(name) != ".sql" {
		return file, err
	}
	src, err := io.ReadAll(file)
	if err != nil {
		_ = file.Close()
		return nil, err
	}
	out := bytes.ReplaceAll(src, []byte(sqliteIdentity), []byte(postgresIdentity))
	return &rewrittenFile{File: file, Reader: bytes.NewReader(out)}, nil
}

// rewrittenFile is an open file whose content was replaced. Stat still
// describes the original file.
type rewrittenFile struct {
	fs.File
	*bytes.Reader
}

// Read reads the rewritten content.
func (f *rewrittenFile) Read(p []byte) (int, error) { return f.Reader.Read(p) }
