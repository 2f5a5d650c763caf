package moderation

import (
	"flag"
	"path/filepath"
	"testing"

	"cogd/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// assertGolden compares got with testdata/golden/name (-update rewrites it).
func assertGolden(t testing.TB, name string, got []byte) {
	t.Helper()
	golden.Assert(t, filepath.Join("testdata", "golden", name), got, *update)
}

// indentJSON renders v as indented JSON with a final newline.
func indentJSON(t testing.TB, v any) []byte {
	t.Helper()
	return golden.JSON(t, v)
}
