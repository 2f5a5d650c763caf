package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/store"
)

// migrationSets are the migration sets cogd applies, in order: the core
// store's, then each cog's that owns tables.
func migrationSets() []store.MigrationSet {
	return []store.MigrationSet{store.CoreMigrations(), modstore.Migrations()}
}

func migrateCommand(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("migrate", "Apply pending database migrations (up, the default) or list them (status).\n\nusage: cogd migrate [-env FILE] [up|status]", env)
	envFile := fs.String("env", ".env", "dotenv file to read")
	if err := fs.Parse(args); err != nil {
		return parseFlags(fs, args) // reports -h and bad flags the usual way
	}
	action := "up"
	if fs.NArg() > 1 {
		return usageError{fmt.Errorf("migrate: too many arguments (want up or status)")}
	}
	if fs.NArg() == 1 {
		action = fs.Arg(0)
	}
	if action != "up" && action != "status" {
		return usageError{fmt.Errorf("migrate: unknown action %q (want up or status)", action)}
	}
	cfg, err := loadConfig(*envFile, env.Lookup)
	if err != nil {
		return err
	}
	log, closeLog, err := openLog(cfg, cfg.LogLevel, env)
	if err != nil {
		return err
	}
	defer closeLog.Close()
	st, err := openStore(ctx, cfg, log, action == "up")
	if err != nil {
		return err
	}
	defer st.Close()
	return printStatus(ctx, env, st, action)
}

// printStatus lists every migration of every set and whether it is applied.
func printStatus(ctx context.Context, env Env, st *store.Store, action string) error {
	states, err := st.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	if action == "up" {
		fmt.Fprintln(env.Stdout, "database is up to date")
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
