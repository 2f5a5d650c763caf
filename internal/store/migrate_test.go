package store

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"path"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"cogd/migrations"
)

// testSet is a migration set named "test" recorded in goose_db_version.
func testSet(files fstest.MapFS) []MigrationSet {
	return []MigrationSet{{Name: "test", Table: CoreVersionTable, FS: files}}
}

func TestMigrateFromEmpty(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		got := tables(t, open(t, Config{}))
		for _, name := range []string{"guild_settings", "identify_buckets", "app_command_hashes", "goose_db_version"} {
			if _, ok := got[name]; !ok {
				t.Errorf("table %s missing after Migrate; have %v", name, got)
			}
		}
	})
}

func TestMigrateTwiceIsNoOp(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t, Config{})
		before := tables(t, s)
		statusBefore := mustStatus(t, s)
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		if after := tables(t, s); !maps.Equal(before, after) {
			t.Errorf("schema changed on re-run:\nbefore %v\nafter  %v", before, after)
		}
		statusAfter := mustStatus(t, s)
		for i := range statusBefore {
			if !statusBefore[i].Applied || !statusBefore[i].AppliedAt.Equal(statusAfter[i].AppliedAt) {
				t.Errorf("%s re-applied: %s then %s", statusBefore[i].Name, statusBefore[i].AppliedAt, statusAfter[i].AppliedAt)
			}
		}
	})
}

func TestMigrationStatus(t *testing.T) {
	forEachBackendDB(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := mustOpenUnmigrated(t, b.newDB(t, Config{}))
		files, err := fs.Glob(migrations.FS, "*.sql")
		if err != nil || len(files) == 0 {
			t.Fatalf("embedded migrations: %v %v", files, err)
		}
		for _, st := range mustStatus(t, s) {
			if st.Applied || !st.AppliedAt.IsZero() {
				t.Errorf("before Migrate: %+v is applied", st)
			}
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		got := mustStatus(t, s)
		if len(got) != len(files) {
			t.Fatalf("status lists %d migrations, want %d (%v)", len(got), len(files), files)
		}
		for i, st := range got {
			if st.Set != "core" || st.Name != files[i] || st.Version != fileVersion(files[i]) || !st.Applied || st.AppliedAt.IsZero() {
				t.Errorf("status[%d] = %+v, want core %s applied", i, st, files[i])
			}
		}
	})
}

// fileVersion is the number a migration file name starts with.
func fileVersion(name string) int64 {
	v, _ := strconv.ParseInt(strings.SplitN(path.Base(name), "_", 2)[0], 10, 64)
	return v
}

func TestMigrationSetsHaveTheirOwnVersionTables(t *testing.T) {
	file := func(table string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("-- +goose Up\nCREATE TABLE " + table + " (id INTEGER);\n-- +goose Down\nDROP TABLE " + table + ";\n")}
	}
	sets := []MigrationSet{
		CoreMigrations(),
		{Name: "one", Table: "goose_one_version", FS: fstest.MapFS{"00001_a.sql": file("one_a")}},
		{Name: "two", Table: "goose_two_version", FS: fstest.MapFS{"00001_a.sql": file("two_a"), "00002_b.sql": file("two_b")}},
	}
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t, Config{Migrations: sets})
		got := tables(t, s)
		for _, name := range []string{"guild_settings", "one_a", "two_a", "two_b", "goose_db_version", "goose_one_version", "goose_two_version"} {
			if _, ok := got[name]; !ok {
				t.Errorf("table %s missing; have %v", name, got)
			}
		}
		var names []string
		for _, st := range mustStatus(t, s) {
			if !st.Applied {
				t.Errorf("%s/%s pending", st.Set, st.Name)
			}
			names = append(names, st.Set+"/"+st.Name)
		}
		if want := "[core/00001_guild_settings.sql core/00004_identify_buckets.sql core/00005_command_hashes.sql core/00006_unknown_policy.sql one/00001_a.sql two/00001_a.sql two/00002_b.sql]"; "["+strings.Join(names, " ")+"]" != want {
			t.Errorf("status = %v, want %s", names, want)
		}
	})
}

func TestMigrateBrokenLeavesSchemaUnchanged(t *testing.T) {
	good := "-- +goose Up\nCREATE TABLE a (id INTEGER);\n-- +goose Down\nDROP TABLE a;\n"
	tests := []struct {
		name        string
		files       fstest.MapFS
		wantErr     string
		wantApplied int
	}{
		{
			name: "runtime error rolls back its own statements",
			files: fstest.MapFS{
				"00001_a.sql":      {Data: []byte(good)},
				"00002_broken.sql": {Data: []byte("-- +goose Up\nCREATE TABLE b (id INTEGER PRIMARY KEY AUTOINCREMENT);\nINSERT INTO no_such_table VALUES (1);\n")},
			},
			wantErr:     "00002_broken.sql",
			wantApplied: 1,
		},
		{
			name: "unparsable file stops before anything runs",
			files: fstest.MapFS{
				"00001_a.sql":     {Data: []byte(good)},
				"00002_noup.sql":  {Data: []byte("CREATE TABLE c (id INTEGER);\n")},
				"00003_later.sql": {Data: []byte(good)},
			},
			wantErr:     "00002_noup.sql",
			wantApplied: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachBackendDB(t, func(t *testing.T, b backend) {
				s := mustOpenUnmigrated(t, b.newDB(t, Config{Migrations: testSet(tt.files)}))
				err := s.Migrate(context.Background())
				t.Logf("Migrate: %v", err)
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "test") {
					t.Fatalf("Migrate error = %v, want one naming the set and %s", err, tt.wantErr)
				}
				applied := 0
				for _, st := range mustStatus(t, s) {
					if st.Applied {
						applied++
					}
				}
				if applied != tt.wantApplied {
					t.Errorf("%d migrations applied, want %d", applied, tt.wantApplied)
				}
				for _, name := range []string{"b", "c"} {
					if _, ok := tables(t, s)[name]; ok {
						t.Errorf("table %s of the failed migration exists", name)
					}
				}
			})
		})
	}
}

func TestMigrateBrokenAfterRealSchema(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t, Config{})
		before := tables(t, s)
		broken := fstest.MapFS{"00999_broken.sql": {Data: []byte(
			"-- +goose Up\nALTER TABLE guild_settings ADD COLUMN note TEXT;\nDROP TABLE identify_buckets;\nSELECT * FROM no_such_table;\n")}}
		files, err := fs.Glob(migrations.FS, "*.sql")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			data, _ := fs.ReadFile(migrations.FS, f)
			broken[f] = &fstest.MapFile{Data: data}
		}
		s.migs = []MigrationSet{{Name: "core", Table: CoreVersionTable, FS: broken}}
		err = s.Migrate(ctx)
		if err == nil || !strings.Contains(err.Error(), "00999_broken.sql") {
			t.Fatalf("Migrate error = %v, want one naming 00999_broken.sql", err)
		}
		if after := tables(t, s); !maps.Equal(before, after) {
			t.Errorf("failed migration changed the schema:\nbefore %v\nafter  %v", before, after)
		}
	})
}

func TestPostgresFSRewritesIdentity(t *testing.T) {
	fsys := postgresFS{fstest.MapFS{
		"00001_a.sql": {Data: []byte("-- +goose Up\nCREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER);\n")},
		"00002_b.sql": {Data: []byte("-- +goose Up\nCREATE TABLE b (id INTEGER PRIMARY KEY AUTOINCREMENT);\n")},
		"README":      {Data: []byte("INTEGER PRIMARY KEY AUTOINCREMENT")},
	}}
	files, err := fs.Glob(fsys, "*.sql")
	if err != nil || len(files) != 2 {
		t.Fatalf("Glob: %v %v", files, err)
	}
	rewritten := 0
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "AUTOINCREMENT") {
			t.Errorf("%s still says AUTOINCREMENT for PostgreSQL", f)
		}
		rewritten += strings.Count(string(data), postgresIdentity)
	}
	if rewritten != 2 {
		t.Errorf("%d identity columns rewritten, want 2", rewritten)
	}
	if data, _ := fs.ReadFile(fsys, "README"); !strings.Contains(string(data), "AUTOINCREMENT") {
		t.Error("a file that is not .sql was rewritten")
	}
	if _, err := fsys.Open("missing.sql"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(missing.sql) error = %v, want fs.ErrNotExist", err)
	}
}

func mustStatus(tb testing.TB, s *Store) []MigrationState {
	tb.Helper()
	st, err := s.MigrationStatus(context.Background())
	if err != nil {
		tb.Fatalf("MigrationStatus: %v", err)
	}
	return st
}

func TestMigrationsGoDownAndUpAgain(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t, Config{})
		if _, err := s.UpdateGuildSettings(ctx, "g", setPrefix("?")); err != nil {
			t.Fatal(err)
		}
		want := tables(t, s)
		p, err := s.provider(ctx, CoreMigrations())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.DownTo(ctx, 0); err != nil {
			t.Fatalf("down: %v", err)
		}
		if left := tables(t, s); len(left) != 1 { // goose_db_version
			t.Errorf("after down to 0: %v", left)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("up again: %v", err)
		}
		if got := tables(t, s); !maps.Equal(got, want) {
			t.Errorf("schema after down and up:\n%v\nwant\n%v", got, want)
		}
	})
}
