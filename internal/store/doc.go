// Package store is cogd's database: the handle (gorm over SQLite, the
// embedded default, or PostgreSQL, for scale-out), transactions, the
// migration runner, per-guild settings, and the PostgreSQL coordination of
// several processes (settings-change notifications, identify buckets).
// Cogs own their tables: a cog's store package (cogs/moderation/modstore)
// runs its queries through DB/ReadDB and Tx and ships its own MigrationSet.
//
// # Use
//
//	s, err := store.Open(ctx, store.Config{Driver: "sqlite", Path: "data/cogd.db",
//		Migrations: []store.MigrationSet{store.CoreMigrations(), modstore.Migrations()}})
//	...
//	defer s.Close()
//	if err := s.Migrate(ctx); err != nil { ... } // names the failing set and file
//	set, err := s.UpdateGuildSettings(ctx, g, func(st *store.Settings) error { st.Prefix = "?"; return nil })
//
// # Migration sets
//
// Each MigrationSet is versioned on its own, in its own goose table: the
// core set in goose_db_version, moderation's in goose_moderation_version.
// Migrate runs the sets in order. Core versions 2 and 3 are retired (see
// package migrations): they created moderation's tables before the cog
// owned them, and goose ignores applied versions without a file.
//
// # Several processes on PostgreSQL
//
// UpdateGuildSettings NOTIFYs SettingsChannel with the guild ID on commit;
// WatchSettings LISTENs on a dedicated connection and calls back, so caches
// of other processes drop the guild within a second. IdentifyGate claims
// Discord's identify buckets (one IDENTIFY per bucket per 5 s across all
// processes) with a conditional UPDATE against the database's clock.
//
// Every method takes a context first. Several calls that must succeed or
// fail together go in Tx, which commits, or rolls back on an error or a
// panic, so commands carry no begin/commit/close boilerplate. Missing rows
// are errors wrapping ErrNotFound; refused arguments wrap ErrInvalid. Times
// are stored in UTC at microsecond precision, and the clock is Config.Now.
// storetest opens migrated throwaway stores for other packages' tests.
//
// # SQLite settings, and why
//
// Every connection is opened through mattn/go-sqlite3 DSN options (an option
// already in the caller's DSN wins):
//
//   - _journal_mode=WAL: readers never block the writer nor the writer the
//     readers, and a commit appends to the log instead of rewriting pages.
//   - _synchronous=NORMAL: in WAL mode a commit does not fsync; a power loss
//     can lose the last commits but never corrupts the database. That is
//     the usual trade for a bot (SQLite's own recommendation for WAL) and
//     keeps a commit in the tens of microseconds.
//   - _busy_timeout=5000: a connection that finds the database locked by
//     another process (cogd migrate next to cogd run, a backup) retries for
//     up to 5 s instead of failing at once.
//   - _foreign_keys=1: SQLite ignores REFERENCES unless asked.
//   - _txlock=immediate (writer only): transactions begin with BEGIN
//     IMMEDIATE, taking the write lock up front. With BEGIN DEFERRED a
//     transaction that reads and then writes must upgrade its lock, and
//     when two do so at once SQLite answers "database is locked" at once,
//     busy timeout or not, because waiting could deadlock.
//   - _query_only=1 (readers only): a write sent to the read pool by
//     mistake fails instead of racing the writer.
//
// # Pools
//
// A SQLite file gets two database/sql pools: one writer connection
// (SetMaxOpenConns(1)) for every write and every Tx, and a read pool of
// GOMAXPROCS connections (2 to 8) for reads outside a transaction. SQLite
// runs one write transaction at a time whatever the number of connections,
// so concurrent writers queue in database/sql's pool, in Go, cancellable by
// their context, instead of spinning in SQLite's busy handler. Measured
// with 200 goroutines each running CreateCase then UpdateReason (a read
// then a write) on this 2-core machine (single runs, so ±20%):
//
//	writer conns  BEGIN      wall time  "database is locked"
//	1             IMMEDIATE   92 ms     0
//	1             DEFERRED    66 ms     0
//	4             IMMEDIATE   93 ms     0
//	4             DEFERRED    85 ms     9
//	16            IMMEDIATE  138 ms     0
//	16            DEFERRED   103 ms     64
//	200           IMMEDIATE  384 ms     0 (busy-handler sleeps)
//	200           DEFERRED   134 ms     49
//
// More writer connections buy nothing but lock errors or busy-handler
// sleeps. With one connection DEFERRED does as well inside the process;
// IMMEDIATE is kept because it also keeps read-then-write transactions safe
// against another process writing the same file. The read pool keeps reads
// (a prefix lookup on a cache miss, the warnings list) from queueing behind
// writes. An in-memory database (":memory:") is private to its connection,
// so it gets the single connection for everything.
//
// The catch of one writer connection: inside Tx, work only through the tx
// *Store the callback receives. A write through the outer Store would wait
// for the connection the transaction holds, forever.
//
// # PostgreSQL
//
// One pool of up to 16 connections through pgx. Settings updates read
// their row FOR UPDATE, so they stay correct with many connections and many
// cogd processes. Migrate holds a PostgreSQL advisory
// lock, so two processes starting together migrate once. The migration
// files are shared with SQLite; see package migrations for the one phrase
// rewritten for PostgreSQL. The tests run on both backends: the PostgreSQL
// leg uses COGD_TEST_POSTGRES_URL, one throw-away schema per test (package
// pgtest); without it the leg is skipped, and under CI=true it fails.
package store
