// Package modstore is the moderation cog's persistence: numbered cases, the
// escalation policy, scheduled actions (claimed by one process at a time)
// and the cog's view of per-guild settings. It owns its tables and its
// migration set (Migrations, recorded in goose_moderation_version) and
// works through the database handle and transactions of internal/store.
package modstore

import (
	"context"
	"embed"
	"io/fs"
	"time"

	"cogd/internal/store"
)

// VersionTable is goose's version table of moderation's migration set.
const VersionTable = "goose_moderation_version"

// migrationFiles are moderation's goose SQL files.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations is moderation's migration set. Its first two files create the
// tables core migrations 2 and 3 created in the release before the cog owned
// them, with the identical schema and IF NOT EXISTS, so a database of that
// release migrates forward keeping its cases.
func Migrations() store.MigrationSet {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the embedded directory exists: a build without it does not compile
	}
	return store.MigrationSet{Name: "moderation", Table: VersionTable, FS: sub}
}

// ErrNotFound is store.ErrNotFound: a case or scheduled action that does not
// exist.
var ErrNotFound = store.ErrNotFound

// ErrInvalid is store.ErrInvalid: arguments the store refuses.
var ErrInvalid = store.ErrInvalid

// Store is moderation's data over a core store. A Store from New is safe
// for concurrent use; the *Store handed to a Tx callback belongs to that
// transaction and must not outlive it.
type Store struct {
	db *store.Store
}

// New returns moderation's store over db, whose Migrations must include
// Migrations().
func New(db *store.Store) *Store { return &Store{db: db} }

// Core is the underlying core store (inside Tx, its transaction).
func (s *Store) Core() *store.Store { return s.db }

// Tx runs fn in a transaction of the core store; see store.Store.Tx. fn
// must do all its work through tx.
func (s *Store) Tx(ctx context.Context, fn func(tx *Store) error) error {
	return s.db.Tx(ctx, func(tx *store.Store) error { return fn(&Store{db: tx}) })
}

// now reads the store's clock.
func (s *Store) now() time.Time { return s.db.Now() }

// nowUTC reads the store's clock (already UTC).
func (s *Store) nowUTC() time.Time { return s.db.Now() }

// utc is store.UTC.
func utc(t time.Time) time.Time { return store.UTC(t) }

// nullTime is store.NullTime.
func nullTime(t time.Time) *time.Time { return store.NullTime(t) }

// fromNull is store.FromNull.
func fromNull(t *time.Time) time.Time { return store.FromNull(t) }
