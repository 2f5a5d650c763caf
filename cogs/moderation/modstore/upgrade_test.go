package modstore

import (
	"context"
	"embed"
	"io/fs"
	"testing"
	"time"

	"cogd/internal/store"
	"cogd/internal/store/storetest"
)

// previousRelease are the core migrations of the release before
// moderation owned its tables (00001 settings, 00002 cases, 00003
// scheduled actions), copied verbatim.
//
//go:embed testdata/previous/*.sql
var previousRelease embed.FS

// TestUpgradeFromPreviousReleaseKeepsCases builds a database the previous
// release would have (its three migrations in goose_db_version, cases, a
// pending unban, settings), then opens it as cogd does now (core set, then
// moderation's) and reads everything back.
func TestUpgradeFromPreviousReleaseKeepsCases(t *testing.T) {
	storetest.Run(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := b.NewDatabase(t)
		seedPreviousRelease(t, b, db)

		s := New(storetest.MustOpenConfig(t, b.On(t, Config{Migrations: sets()}, db)))
		for _, st := range mustStatus(t, s.Core()) {
			if !st.Applied {
				t.Errorf("%s/%s pending after Migrate", st.Set, st.Name)
			}
		}
		c, err := s.Case(ctx, "g", 2)
		if err != nil || c.Reason != "second" || c.Action != ActionTempban || c.Duration != time.Hour {
			t.Fatalf("case 2 after upgrade = %+v, %v", c, err)
		}
		next, err := s.CreateCase(ctx, Case{GuildID: "g", Action: ActionWarn, TargetID: "u", Points: 1})
		if err != nil || next.Number != 3 {
			t.Fatalf("next case after upgrade = %+v, %v; want number 3", next, err)
		}
		due, err := s.ClaimDueActions(ctx, "p", epoch.Add(2*time.Hour), time.Minute, 10)
		if err != nil || len(due) != 1 || due[0].CaseID != c.ID {
			t.Fatalf("pending unban after upgrade = %+v, %v", due, err)
		}
		set, err := s.GuildSettings(ctx, "g")
		if err != nil || set.Prefix != "?" || len(set.Escalation) != 1 || set.Escalation[0].Action != ActionKick {
			t.Errorf("settings after upgrade = %+v, %v", set, err)
		}
	})
}

// seedPreviousRelease migrates db with the previous release's files and
// writes what that release wrote.
func seedPreviousRelease(t *testing.T, b storetest.Backend, db store.Config) {
	t.Helper()
	files, err := fs.Sub(previousRelease, "testdata/previous")
	if err != nil {
		t.Fatal(err)
	}
	old := storetest.MustOpenConfig(t, b.On(t, Config{Migrations: []store.MigrationSet{
		{Name: "previous", Table: store.CoreVersionTable, FS: files}}}, db))
	w := old.DB(context.Background())
	for _, q := range []string{
		`INSERT INTO guild_settings (guild_id, prefix, escalation_policy, created_at, updated_at)
VALUES ('g', '?', '[{"points":3,"action":"kick","duration_seconds":0}]', '2025-06-01 12:00:00', '2025-06-01 12:00:00')`,
		`INSERT INTO case_counters (guild_id, last_case) VALUES ('g', 2)`,
		`INSERT INTO mod_cases (guild_id, case_number, action, target_id, reason, points, created_at)
VALUES ('g', 1, 'warn', 'u', 'first', 1, '2025-06-01 12:00:00')`,
		`INSERT INTO mod_cases (guild_id, case_number, action, target_id, reason, duration_seconds, expires_at, created_at)
VALUES ('g', 2, 'tempban', 'u', 'second', 3600, '2025-06-01 13:00:00', '2025-06-01 12:00:00')`,
		`INSERT INTO scheduled_actions (guild_id, kind, target_id, case_id, due_at, created_at)
SELECT 'g', 'unban', 'u', id, '2025-06-01 13:00:00', '2025-06-01 12:00:00' FROM mod_cases WHERE case_number = 2`,
	} {
		if err := w.Exec(q).Error; err != nil {
			t.Fatalf("previous release: %v\n%s", err, q)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
}

func mustStatus(tb testing.TB, s *store.Store) []store.MigrationState {
	tb.Helper()
	st, err := s.MigrationStatus(context.Background())
	if err != nil {
		tb.Fatalf("MigrationStatus: %v", err)
	}
	return st
}
