package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Mutation is one deliberate break of a promise: in File, the Original
// snippet (which must occur exactly once) becomes the Replacement, and the
// tests of Package (those matching Run, when set) must then fail.
type Mutation struct {
	Name        string // short identifier, unique in the list
	Promise     string // the promise the mutation breaks (DESIGN.md's words)
	File        string // path from the module root
	Package     string // the package whose tests hold the promise, e.g. ./internal/bot/
	Run         string // optional -run pattern: the tests that hold it
	Original    string
	Replacement string
	Line        int // line of the list where the mutation starts
}

// parseList reads the mutation list. Its format, one block per mutation:
//
//	[name]
//	promise: what breaks
//	file: internal/bot/send.go
//	package: ./internal/bot/
//	run: TestSafeMessage          (optional)
//	- original line (one "- " line per source line; "-" alone for an empty line)
//	+ replacement line (same; no "+" lines: the snippet is deleted)
//
// Lines starting with # and blank lines between blocks are ignored.
func parseList(r io.Reader) ([]Mutation, error) {
	var out []Mutation
	var cur *Mutation
	var orig, repl []string
	flush := func() {
		if cur != nil {
			cur.Original, cur.Replacement = strings.Join(orig, "\n"), strings.Join(repl, "\n")
			out = append(out, *cur)
		}
		cur, orig, repl = nil, nil, nil
	}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#") || (strings.TrimSpace(line) == "" && (cur == nil || len(orig) == 0)):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			flush()
			cur = &Mutation{Name: line[1 : len(line)-1], Line: n}
		case cur == nil:
			return nil, fmt.Errorf("line %d: %q outside a [mutation] block", n, line)
		case line == "-" || strings.HasPrefix(line, "- "):
			orig = append(orig, strings.TrimPrefix(strings.TrimPrefix(line, "-"), " "))
		case line == "+" || strings.HasPrefix(line, "+ "):
			repl = append(repl, strings.TrimPrefix(strings.TrimPrefix(line, "+"), " "))
		case strings.TrimSpace(line) == "":
		default:
			if err := setField(cur, line); err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flush()
	return out, validate(out)
}

// setField sets one "key: value" line of a block.
func setField(m *Mutation, line string) error {
	key, value, ok := strings.Cut(line, ":")
	if !ok {
		return fmt.Errorf("%q is not key: value, - or +", line)
	}
	value = strings.TrimSpace(value)
	switch strings.TrimSpace(key) {
	case "promise":
		m.Promise = value
	case "file":
		m.File = value
	case "package":
		m.Package = value
	case "run":
		m.Run = value
	default:
		return fmt.Errorf("unknown key %q", key)
	}
	return nil
}

// validate checks that every mutation is complete and named once.
func validate(ms []Mutation) error {
	seen := map[string]bool{}
	for _, m := range ms {
		switch {
		case m.Name == "" || seen[m.Name]:
			return fmt.Errorf("line %d: mutation name %q empty or used twice", m.Line, m.Name)
		case m.Promise == "" || m.File == "" || m.Package == "":
			return fmt.Errorf("line %d: [%s] needs promise, file and package", m.Line, m.Name)
		case m.Original == "":
			return fmt.Errorf("line %d: [%s] has no original snippet (- lines)", m.Line, m.Name)
		case m.Original == m.Replacement:
			return fmt.Errorf("line %d: [%s] replacement equals the original", m.Line, m.Name)
		}
		seen[m.Name] = true
	}
	return nil
}
