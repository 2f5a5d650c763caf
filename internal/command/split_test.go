package command

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// splitCase is one line of a split.jsonl file.
type splitCase struct {
	In  string   `json:"in"`
	Out []string `json:"out"`
	Err bool     `json:"err"`
}

// acceptancePath finds shared/acceptance/split.jsonl beside the module root,
// falling back to the committed copy in testdata.
func acceptancePath(t *testing.T) string {
	t.Helper()
	if root, ok := moduleRoot(); ok {
		p := filepath.Join(filepath.Dir(root), "shared", "acceptance", "split.jsonl")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	p := filepath.Join("testdata", "acceptance", "split.jsonl")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("no split.jsonl: neither shared/acceptance beside the module nor %s: %v", p, err)
	}
	return p
}

func moduleRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

func readSplitCases(t *testing.T, path string) []splitCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []splitCase
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var c splitCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s: no cases", path)
	}
	return cases
}

func runSplitCases(t *testing.T, cases []splitCase) {
	for _, tc := range cases {
		t.Run(tc.In, func(t *testing.T) {
			got, err := Split(tc.In)
			if tc.Err {
				var ue *UsageError
				if !errors.As(err, &ue) || ue.Problem != UnclosedQuote {
					t.Fatalf("Split(%q) = %q, %v; want an UnclosedQuote *UsageError", tc.In, got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Split(%q): %v", tc.In, err)
			}
			if len(got) == 0 && len(tc.Out) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tc.Out) {
				t.Fatalf("Split(%q) = %q; want %q", tc.In, got, tc.Out)
			}
		})
	}
}

func TestSplitAcceptance(t *testing.T) {
	runSplitCases(t, readSplitCases(t, acceptancePath(t)))
}

func TestSplitOwnCases(t *testing.T) {
	runSplitCases(t, readSplitCases(t, filepath.Join("testdata", "split_extra.jsonl")))
}

func TestSplitCommittedCopyMatches(t *testing.T) {
	shared := acceptancePath(t)
	local := filepath.Join("testdata", "acceptance", "split.jsonl")
	if shared == local {
		t.Skip("shared/ not present; running the committed copy")
	}
	if !reflect.DeepEqual(readSplitCases(t, shared), readSplitCases(t, local)) {
		t.Errorf("%s differs from %s: refresh the committed copy", local, shared)
	}
}

func TestTokenizePositions(t *testing.T) {
	in := "  warn “a b”\t\\\"x  don’t\u3000«» "
	toks, err := Tokenize(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		text, raw string
		quoted    bool
	}{
		{"warn", "warn", false}, {"a b", "“a b”", true}, {`"x`, `\"x`, false}, {"don’t", "don’t", false}, {"", "«»", true},
	}
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens: %+v", len(toks), toks)
	}
	for i, w := range want {
		tok := toks[i]
		if tok.Text != w.text || in[tok.Start:tok.End] != w.raw || tok.Quoted != w.quoted {
			t.Errorf("token %d = %+v (raw %q); want %+v", i, tok, in[tok.Start:tok.End], w)
		}
	}
}

func TestUnclosedQuotePosition(t *testing.T) {
	_, err := Split("ab «cd” ef")
	var ue *UsageError
	if !errors.As(err, &ue) || ue.Pos != 3 || ue.Detail != "«" {
		t.Fatalf("err = %#v", err)
	}
	if want := "Unclosed quote: “«cd” ef” is never closed — add a closing » or remove the opening one."; ue.Error() != want {
		t.Errorf("message %q; want %q", ue.Error(), want)
	}
}

func TestQuote(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"plain", "plain", true},
		{"", `""`, true},
		{"two words", `"two words"`, true},
		{`say "hi" now`, `"say \"hi\" now"`, true},
		{`“x”`, `\“x\”`, true},
		{`a\`, `a\`, true},
		{`a b\`, "", false},
	}
	for _, tt := range tests {
		got, ok := Quote(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Quote(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			continue
		}
		if back, err := Split(got); ok && (err != nil || len(back) != 1 || back[0] != tt.in) {
			t.Errorf("Split(Quote(%q)) = %q, %v", tt.in, back, err)
		}
	}
}
