package main

import (
	"os"
	"strings"
	"testing"
)

func TestParseList(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Mutation
		err      string
	}{
		{"one block", "# c\n[a]\npromise: p\nfile: f.go\npackage: ./x/\nrun: TestX\n- \tif a {\n-\n+ \tif b {\n", []Mutation{{Name: "a", Promise: "p", File: "f.go", Package: "./x/", Run: "TestX", Original: "\tif a {\n", Replacement: "\tif b {", Line: 2}}, ""},
		{"deletion", "[a]\npromise: p\nfile: f\npackage: ./x/\n- x\n", []Mutation{{Name: "a", Promise: "p", File: "f", Package: "./x/", Original: "x", Line: 1}}, ""},
		{"no snippet", "[a]\npromise: p\nfile: f\npackage: ./x/\n", nil, "no original"},
		{"twice", "[a]\npromise: p\nfile: f\npackage: ./x/\n- x\n[a]\npromise: p\nfile: f\npackage: ./x/\n- y\n", nil, "used twice"},
		{"no-op", "[a]\npromise: p\nfile: f\npackage: ./x/\n- x\n+ x\n", nil, "equals"},
		{"unknown key", "[a]\npromize: p\n", nil, "unknown key"},
		{"outside", "promise: p\n", nil, "outside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseList(strings.NewReader(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("%d mutations, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("got %+v\nwant %+v", got[i], tt.want[i])
				}
			}
		})
	}
}

// TestListIsCurrent keeps the list from rotting: every snippet of
// .ci/mutations.txt is found exactly once in the tree, there are at least
// 30, and README's section is the one the list generates.
func TestListIsCurrent(t *testing.T) {
	ms, err := load(options{list: ".ci/mutations.txt", root: "../.."})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 30 {
		t.Errorf("%d mutations, want at least 30", len(ms))
	}
	if err := checkSnippets("../..", ms); err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), readmeSection(ms)) {
		t.Errorf("README's promises section is not the generated one: go run ./cmd/mutate -readme, and paste it")
	}
}

func TestReport(t *testing.T) {
	var b strings.Builder
	if code := report([]result{{verdict: "killed"}, {verdict: "killed"}}, &b); code != 0 {
		t.Errorf("all killed: exit %d", code)
	}
	for _, v := range []string{"SURVIVED", "INVALID"} {
		if code := report([]result{{verdict: "killed"}, {verdict: v, m: Mutation{Name: "x"}}}, &b); code != 1 {
			t.Errorf("%s: exit %d, want 1", v, code)
		}
	}
}

func TestKillers(t *testing.T) {
	out := "=== RUN TestA\n--- FAIL: TestA (0.1s)\n    --- FAIL: TestA/sub (0.0s)\n--- FAIL: TestB (0.2s)\n--- FAIL: TestA (0.1s)\nFAIL\n"
	if got := killers(out); got != " killed by TestA,TestB" {
		t.Errorf("killers = %q", got)
	}
	if got := killers("ok\n"); got != "" {
		t.Errorf("killers of a pass = %q", got)
	}
}

func TestRunNames(t *testing.T) {
	for in, want := range map[string]string{"": "", "^(TestA|TestB)$": "TestA,TestB", "TestSafe": "TestSafe"} {
		if got := strings.Join(runNames(in), ","); got != want {
			t.Errorf("runNames(%q) = %q, want %q", in, got, want)
		}
	}
}
