package migrations_test

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"cogd/migrations"
)

// notPortable are spellings that work on only one of SQLite and PostgreSQL,
// or store times in a form the store cannot compare (TIMESTAMPTZ is not
// parsed as a time by mattn/go-sqlite3; CURRENT_TIMESTAMP's text differs
// from the one the store writes). "INTEGER PRIMARY KEY AUTOINCREMENT" is
// allowed: the store rewrites it for PostgreSQL.
var notPortable = regexp.MustCompile(`(?i)\b(SERIAL|BIGSERIAL|DATETIME|TIMESTAMPTZ|JSONB|BLOB|BYTEA|IDENTITY|NOW\(\)|CURRENT_TIMESTAMP)\b`)

func TestMigrationFiles(t *testing.T) {
	files, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("embedded migrations: %v, %v", files, err)
	}
	for i, name := range files {
		t.Run(name, func(t *testing.T) {
			if want := fmt.Sprintf("%05d_", i+1); !strings.HasPrefix(name, want) {
				t.Errorf("file %d is %s, want a name starting %s (no gaps)", i+1, name, want)
			}
			data, err := fs.ReadFile(migrations.FS, name)
			if err != nil {
				t.Fatal(err)
			}
			src := string(data)
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
		})
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
