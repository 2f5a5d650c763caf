package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/config"
	"cogd/internal/store"
)

// migrationSets are the migration sets cogd applies, in order: the core
// store's, then each cog's that owns tables.
func migrationSets() []store.MigrationSet {
	return []store.MigrationSet{store.CoreMigrations(), modstore.Migrations()}
}

func migrateCommand(ctx context.Context, env Env, args []string) error {
	fs := newFlagSetArgs("migrate", "[up|status]", "Apply pending database migrations (up, the default) or list every migration and\nwhen it was applied (status; it never creates or changes the database).", env)
	envFile := fs.String("env", ".env", "dotenv file to read")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	action := "up"
	switch len(rest) {
	case 0:
	case 1:
		action = rest[0]
	default:
		return usageError{fmt.Errorf("migrate: too many arguments %q (want up or status)", rest)}
	}
	if action != "up" && action != "status" {
		return usageError{fmt.Errorf("migrate: unknown action %q (want up or status)", action)}
	}
	cfg, err := loadConfig(*envFile, env.Lookup)
	if err != nil {
		return err
	}
	if action == "status" {
		if err := requireDatabase(cfg.Database); err != nil {
			return err
		}
	}
	_, st, closeAll, err := openLogAndStore(ctx, cfg, cfg.LogLevel, env, false)
	if err != nil {
		return err
	}
	defer closeAll()
	if action == "up" {
		return migrateUp(ctx, env, st)
	}
	return printStatus(ctx, env, st)
}

// requireDatabase refuses to go on when the SQLite file does not exist:
// opening it would create it, and a read-only command must not.
func requireDatabase(db config.Database) error {
	if db.Driver != config.DriverSQLite || db.Path == "" || db.Path == ":memory:" || strings.Contains(db.DSN, "mode=memory") {
		return nil
	}
	if _, err := os.Stat(db.Path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("database %s does not exist (DATABASE_URL); `cogd migrate up` creates it", db.Path)
		}
		return fmt.Errorf("database %s: %w", db.Path, err)
	}
	return nil
}

// migrateUp applies the pending migrations and says which.
func migrateUp(ctx context.Context, env Env, st *store.Store) error {
	before, err := st.MigrationStatus(ctx)
	if err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	var applied []string
	for _, m := range before {
		if !m.Applied {
			applied = append(applied, m.Name)
		}
	}
	fmt.Fprintln(env.Stdout, upSummary(applied, len(before)))
	return nil
}

// upSummary is the line `migrate up` prints.
func upSummary(applied []string, total int) string {
	switch len(applied) {
	case 0:
		return fmt.Sprintf("database is up to date (%d migrations)", total)
	case 1:
		return "applied 1 migration: " + applied[0]
	}
	return fmt.Sprintf("applied %d migrations: %s", len(applied), strings.Join(applied, ", "))
}

// printStatus lists every migration of every set and whether it is applied.
func printStatus(ctx context.Context, env Env, st *store.Store) error {
	states, err := st.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SET\tVERSION\tMIGRATION\tAPPLIED")
	for _, m := range states {
		applied := "pending"
		if m.Applied {
			applied = m.AppliedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", m.Set, m.Version, m.Name, applied)
	}
	return tw.Flush()
}
