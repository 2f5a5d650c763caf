package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmePaths are the words the README writes in backticks (every word:
// `go test ./internal/bot/...` names internal/bot) and its relative link
// targets, without "./", "/..." and "#anchor".
func readmePaths(readme string) []string {
	var out []string
	code := regexp.MustCompile("`([^`\n]+)`")
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	for _, re := range []*regexp.Regexp{code, link} {
		for _, m := range re.FindAllStringSubmatch(readme, -1) {
			for _, w := range strings.Fields(m[1]) {
				w = strings.TrimSuffix(strings.TrimPrefix(w, "./"), "/...")
				w, _, _ = strings.Cut(w, "#")
				out = append(out, w)
			}
		}
	}
	return out
}

// TestREADMEPathsExist fails for a path the README names that a clone does
// not have, and for any path into ../shared, which is outside the
// repository.
func TestREADMEPathsExist(t *testing.T) {
	root := filepath.Join("..", "..")
	src, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, p := range readmePaths(string(src)) {
		if strings.HasPrefix(p, "shared/") || strings.HasPrefix(p, "../shared/") {
			t.Errorf("README names %s: shared/ is not in the repository (use the in-repo copy)", p)
			continue
		}
		if !hasRepoPrefix(p) {
			continue
		}
		checked++
		matches, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil || len(matches) == 0 {
			t.Errorf("README names %s, which does not exist in the repository", p)
		}
	}
	if checked < 5 {
		t.Errorf("only %d repository paths found in the README; is the extraction broken?", checked)
	}
}

// hasRepoPrefix reports whether p is in one of the repository's
// top-level folders.
func hasRepoPrefix(p string) bool {
	for _, d := range []string{"cmd/", "internal/", "cogs/", "migrations/", "deploy/", ".ci/"} {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}

func TestReadmePathsExtraction(t *testing.T) {
	got := readmePaths("see `cmd/cogd/run.go`, `go test ./internal/bot/...`, [unit](deploy/cogd.service#L3), `cogs/` and `shared/x.json`")
	want := []string{"cmd/cogd/run.go", "go", "test", "internal/bot", "cogs/", "shared/x.json", "deploy/cogd.service"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("readmePaths = %q, want %q", got, want)
	}
}
