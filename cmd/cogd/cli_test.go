package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHelpListsSubcommands(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			env, stdout, stderr := testEnv(t, nil, nil)
			env.Args = args
			if code := Main(context.Background(), env); code != exitOK {
				t.Fatalf("exit %d, stderr %q", code, stderr.String())
			}
			out := stdout.String()
			for name := range subcommands() {
				if !strings.Contains(out, "\n  "+name+" ") {
					t.Errorf("help does not list %q:\n%s", name, out)
				}
			}
			for _, s := range summaries() {
				if _, ok := subcommands()[s.name]; !ok && strings.Contains(out, "  "+s.name+" ") {
					t.Errorf("help lists %q, which is not a subcommand:\n%s", s.name, out)
				}
			}
			if stderr.String() != "" {
				t.Errorf("stderr = %q, want nothing", stderr.String())
			}
		})
	}
}

func TestEverySubcommandHelpPrintsOnceToStdout(t *testing.T) {
	var cases [][]string
	for name := range subcommands() {
		cases = append(cases, []string{name, "-h"}, []string{"help", name})
	}
	cases = append(cases, []string{"migrate", "status", "-h"}, []string{"migrate", "-h", "up"}, []string{"migrate", "up", "--help"})
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			env, stdout, stderr := testEnv(t, nil, nil)
			env.Args = args
			if code := Main(context.Background(), env); code != exitOK {
				t.Fatalf("exit %d, stderr %q", code, stderr.String())
			}
			if n := strings.Count(stdout.String(), "usage: cogd "); n != 1 {
				t.Errorf("usage printed %d times:\n%s", n, stdout.String())
			}
			if stderr.String() != "" {
				t.Errorf("stderr = %q, want nothing", stderr.String())
			}
		})
	}
}

func TestBadFlagIsOneLine(t *testing.T) {
	env, stdout, stderr := testEnv(t, nil, nil)
	env.Args = []string{"migrate", "-nosuch"}
	if code := Main(context.Background(), env); code != exitConfig {
		t.Fatalf("exit %d", code)
	}
	want := "cogd: migrate: flag provided but not defined: -nosuch (cogd migrate -h for help)\n"
	if stderr.String() != want || stdout.String() != "" {
		t.Errorf("stderr %q stdout %q, want stderr %q", stderr.String(), stdout.String(), want)
	}
}

func TestMissingEnvFileIsAnError(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "typo.env")
	for _, name := range []string{"run", "demo", "migrate"} {
		t.Run(name, func(t *testing.T) {
			env, _, stderr := testEnv(t, nil, map[string]string{"DISCORD_TOKEN": sentinel})
			env.Args = []string{name, "-env", missing}
			if code := Main(context.Background(), env); code != exitConfig {
				t.Fatalf("exit %d, stderr %q", code, stderr.String())
			}
			if want := "cogd: -env " + missing + ": no such file\n"; stderr.String() != want {
				t.Errorf("stderr = %q, want %q", stderr.String(), want)
			}
		})
	}
}

func TestDefaultEnvFileMayBeAbsent(t *testing.T) {
	t.Chdir(t.TempDir()) // no .env here
	env, stdout, stderr := testEnv(t, nil, nil)
	env.Args = []string{"migrate", "up"}
	if code := Main(context.Background(), env); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "applied ") {
		t.Errorf("stdout = %q", stdout.String())
	}
}

func TestMigrateStatusNeverCreatesTheDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "m.db")
	env, stdout, stderr := testEnv(t, nil, map[string]string{"DATABASE_URL": "sqlite:" + path})
	env.Args = []string{"migrate", "-env", "testdata/none.env", "status"}
	if code := Main(context.Background(), env); code != exitFailure {
		t.Fatalf("exit %d, stdout %q", code, stdout.String())
	}
	want := "cogd: database " + path + " does not exist (DATABASE_URL); `cogd migrate up` creates it\n"
	if stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Errorf("status created %s (%v)", filepath.Dir(path), err)
	}
}

func TestMigrateUpSaysWhatItApplied(t *testing.T) {
	db := map[string]string{"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "m.db")}
	run := func(args ...string) string {
		t.Helper()
		env, stdout, stderr := testEnv(t, nil, db)
		env.Args = append([]string{"migrate", "-env", "testdata/none.env"}, args...)
		if code := Main(context.Background(), env); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		return stdout.String()
	}
	var names []string
	for _, set := range migrationSets() {
		entries, err := fs.ReadDir(set.FS, ".")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".sql") {
				names = append(names, e.Name())
			}
		}
	}
	want := upSummary(names, len(names)) + "\n"
	if len(names) < 2 || !strings.HasPrefix(want, "applied ") {
		t.Fatalf("migrations %v, summary %q", names, want)
	}
	if got := run("up"); got != want {
		t.Errorf("first up = %q, want %q", got, want)
	}
	if got, want := run(), fmt.Sprintf("database is up to date (%d migrations)\n", len(names)); got != want {
		t.Errorf("second up = %q, want %q", got, want)
	}
	status := run("status")
	if strings.Contains(status, "pending") || !strings.Contains(status, names[0]) {
		t.Errorf("status after up:\n%s", status)
	}
}

func TestUpSummary(t *testing.T) {
	tests := []struct {
		applied []string
		total   int
		want    string
	}{
		{nil, 3, "database is up to date (3 migrations)"},
		{[]string{"00003_x.sql"}, 3, "applied 1 migration: 00003_x.sql"},
		{[]string{"00001_a.sql", "00002_b.sql"}, 2, "applied 2 migrations: 00001_a.sql, 00002_b.sql"},
	}
	for _, tt := range tests {
		if got := upSummary(tt.applied, tt.total); got != tt.want {
			t.Errorf("upSummary(%v, %d) = %q, want %q", tt.applied, tt.total, got, tt.want)
		}
	}
}
