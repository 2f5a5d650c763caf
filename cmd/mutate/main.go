// Command mutate checks that the tests hold cogd's promises: it applies a
// fixed list of source mutations (.ci/mutations.txt), one at a time, to a
// copy of the tree, runs the tests of the package named for each, and
// reports the mutations that survive (no test failed). It exits 1 when one
// survives, when a snippet is not found exactly once (so the list cannot
// rot silently), or when a mutation does not compile.
//
//	go run ./cmd/mutate                  # every mutation (make mutate)
//	go run ./cmd/mutate -only 'gateway'  # those whose name matches
//	go run ./cmd/mutate -readme          # the README section, from the list
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are mutate's flags.
type options struct {
	list, only, root string
	timeout          time.Duration
	readme, check    bool
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mutate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.list, "list", ".ci/mutations.txt", "the mutation list")
	fs.StringVar(&o.only, "only", "", "run only the mutations whose name matches this regexp")
	fs.StringVar(&o.root, "root", ".", "the module root")
	fs.DurationVar(&o.timeout, "timeout", 5*time.Minute, "go test -timeout of each mutation")
	fs.BoolVar(&o.readme, "readme", false, "print the README section generated from the list and exit")
	fs.BoolVar(&o.check, "check", false, "only check that every snippet is found exactly once")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ms, err := load(o)
	if err != nil {
		fmt.Fprintln(stderr, "mutate:", err)
		return 2
	}
	if o.readme {
		fmt.Fprint(stdout, readmeSection(ms))
		return 0
	}
	if err := checkSnippets(o.root, ms); err != nil {
		fmt.Fprintln(stderr, "mutate:", err)
		return 1
	}
	if o.check {
		fmt.Fprintf(stdout, "mutate: %d mutations, every snippet found once\n", len(ms))
		return 0
	}
	return mutateAll(o, ms, stdout, stderr)
}

// load reads the list and keeps the mutations -only selects.
func load(o options) ([]Mutation, error) {
	f, err := os.Open(filepath.Join(o.root, o.list))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ms, err := parseList(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.list, err)
	}
	if o.only == "" {
		return ms, nil
	}
	re, err := regexp.Compile(o.only)
	if err != nil {
		return nil, fmt.Errorf("-only: %w", err)
	}
	var kept []Mutation
	for _, m := range ms {
		if re.MatchString(m.Name) {
			kept = append(kept, m)
		}
	}
	return kept, nil
}

// checkSnippets reports every mutation whose original snippet is not in
// its file exactly once.
func checkSnippets(root string, ms []Mutation) error {
	var errs []error
	for _, m := range ms {
		src, err := os.ReadFile(filepath.Join(root, m.File))
		if err != nil {
			errs = append(errs, fmt.Errorf("[%s]: %w", m.Name, err))
			continue
		}
		if n := strings.Count(string(src), m.Original); n != 1 {
			errs = append(errs, fmt.Errorf("[%s] (list line %d): the snippet occurs %d times in %s, want once", m.Name, m.Line, n, m.File))
		}
	}
	return errors.Join(errs...)
}

// result is how one mutation ended.
type result struct {
	m       Mutation
	verdict string // killed, SURVIVED, INVALID (does not build)
	took    time.Duration
	output  string
}

// mutateAll copies the tree, runs every mutation in the copy and reports.
func mutateAll(o options, ms []Mutation, stdout, stderr io.Writer) int {
	work, err := os.MkdirTemp("", "cogd-mutate-")
	if err != nil {
		fmt.Fprintln(stderr, "mutate:", err)
		return 1
	}
	defer os.RemoveAll(work)
	if err := copyTree(o.root, work); err != nil {
		fmt.Fprintln(stderr, "mutate: copy the tree:", err)
		return 1
	}
	var results []result
	for i, m := range ms {
		r, err := mutateOne(work, m, o.timeout)
		if err != nil {
			fmt.Fprintf(stderr, "mutate: [%s]: %v\n", m.Name, err)
			return 1
		}
		fmt.Fprintf(stdout, "%2d/%d %-9s %-34s %s (%s)%s\n", i+1, len(ms), r.verdict, m.Name, m.Package, r.took.Round(time.Second), killers(r.output))
		if r.verdict != "killed" {
			fmt.Fprintf(stdout, "      promise: %s\n%s\n", m.Promise, indent(tail(r.output, 15)))
		}
		results = append(results, r)
	}
	return report(results, stdout)
}

// report prints the totals; 1 when any mutation survived or did not build.
func report(results []result, w io.Writer) int {
	bad := 0
	for _, r := range results {
		if r.verdict != "killed" {
			bad++
			fmt.Fprintf(w, "%s: [%s] %s — %s\n", r.verdict, r.m.Name, r.m.File, r.m.Promise)
		}
	}
	fmt.Fprintf(w, "mutate: %d mutations, %d killed, %d survived or invalid\n", len(results), len(results)-bad, bad)
	if bad > 0 {
		return 1
	}
	return 0
}

// mutateOne applies m in the copy, runs its tests and restores the file
// (before returning, whatever happened).
func mutateOne(work string, m Mutation, timeout time.Duration) (result, error) {
	path := filepath.Join(work, m.File)
	orig, err := os.ReadFile(path)
	if err != nil {
		return result{}, err
	}
	mutated := strings.Replace(string(orig), m.Original, m.Replacement, 1)
	if err := os.WriteFile(path, []byte(mutated), 0o644); err != nil {
		return result{}, err
	}
	defer os.WriteFile(path, orig, 0o644) //nolint:errcheck // restored; the copy is thrown away anyway
	start := time.Now()
	out, failed := goTest(work, m, timeout)
	r := result{m: m, took: time.Since(start), output: out}
	switch {
	case failed && buildFailed(out):
		r.verdict = "INVALID"
	case failed:
		r.verdict = "killed"
	default:
		r.verdict = "SURVIVED"
	}
	return r, nil
}

// goTest runs the package's tests in dir; failed is true when they fail.
func goTest(dir string, m Mutation, timeout time.Duration) (string, bool) {
	args := []string{"test", "-count=1", "-timeout", timeout.String()}
	if m.Run != "" {
		args = append(args, "-run", m.Run)
	}
	args = append(args, m.Package)
	ctx, cancel := context.WithTimeout(context.Background(), timeout+time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	return buf.String(), err != nil
}

// failRe matches a failed top-level test in go test's output.
var failRe = regexp.MustCompile(`(?m)^--- FAIL: (Test[^/\s]*) `)

// killers names the top-level tests that failed, for the list's run: lines.
func killers(out string) string {
	seen := map[string]bool{}
	var names []string
	for _, m := range failRe.FindAllStringSubmatch(out, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			names = append(names, m[1])
		}
	}
	if len(names) == 0 {
		return ""
	}
	return " killed by " + strings.Join(names, ",")
}

// buildFailed reports whether go test failed to build the mutated code.
func buildFailed(out string) bool {
	return strings.Contains(out, "[build failed]") || strings.Contains(out, "[setup failed]")
}

// copyTree copies the module's files (git ls-files: tracked and untracked,
// not ignored) from root to dst.
func copyTree(root, dst string) error {
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git ls-files: %w", err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if err := copyFile(filepath.Join(root, name), filepath.Join(dst, name)); err != nil {
			return err
		}
	}
	return nil
}

// copyFile copies one file, creating its directory; a file listed by git
// but deleted in the work tree is skipped.
func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	info, err := os.Stat(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, info.Mode().Perm())
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// indent prefixes every line of s with six spaces.
func indent(s string) string {
	return "      " + strings.ReplaceAll(s, "\n", "\n      ")
}
