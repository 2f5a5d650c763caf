// Package migrationtest checks a set of goose migration files against the
// rules of package migrations: numbered without gaps (but for retired
// versions, which must not be used), an Up and a Down section, and SQL
// portable between SQLite and PostgreSQL.
package migrationtest

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// notPortable are spellings that work on only one of SQLite and PostgreSQL,
// or store times in a form the store cannot compare (TIMESTAMPTZ is not
// parsed as a time by mattn/go-sqlite3; CURRENT_TIMESTAMP's text differs
// from the one the store writes). "INTEGER PRIMARY KEY AUTOINCREMENT" is
// allowed: the store rewrites it for PostgreSQL.
var notPortable = regexp.MustCompile(`(?i)\b(SERIAL|BIGSERIAL|DATETIME|TIMESTAMPTZ|JSONB|BLOB|BYTEA|IDENTITY|NOW\(\)|CURRENT_TIMESTAMP)\b`)

// CheckFiles checks every *.sql file in the root of fsys. Versions count
// 1, 2, 3, ... skipping the retired ones, which no file may use.
func CheckFiles(t *testing.T, fsys fs.FS, retired []int64) {
	t.Helper()
	files, err := fs.Glob(fsys, "*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("migrations: %v, %v", files, err)
	}
	version := int64(0)
	for _, name := range files {
		version++
		for slices.Contains(retired, version) {
			version++
		}
		t.Run(name, func(t *testing.T) {
			if want := fmt.Sprintf("%05d_", version); !strings.HasPrefix(name, want) {
				t.Errorf("file is %s, want a name starting %s (no gaps; retired versions %v)", name, want, retired)
			}
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				t.Fatal(err)
			}
			checkSource(t, string(data))
		})
	}
}

// checkSource checks one file's text.
func checkSource(t *testing.T, src string) {
	t.Helper()
	for _, want := range []string{"-- +goose Up\n", "-- +goose Down\n"} {
		if !strings.Contains(src, want) {
			t.Errorf("missing %q", strings.TrimSpace(want))
		}
	}
	code := withoutComments(src)
	if m := notPortable.FindString(code); m != "" {
		t.Errorf("uses %q, which is not portable (see notPortable)", m)
	}
	if n, ok := strings.Count(code, "AUTOINCREMENT"), strings.Count(code, "INTEGER PRIMARY KEY AUTOINCREMENT"); n != ok {
		t.Errorf("AUTOINCREMENT outside the exact phrase INTEGER PRIMARY KEY AUTOINCREMENT")
	}
}

// withoutComments drops "--" comments.
func withoutComments(src string) string {
	var b strings.Builder
	for line := range strings.Lines(src) {
		code, _, _ := strings.Cut(line, "--")
		b.WriteString(code)
		b.WriteString("\n")
	}
	return b.String()
}
