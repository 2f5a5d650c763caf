package command

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxCandidates is how many matches an ambiguity error lists.
const maxCandidates = 5

// matchKind says how an item's names match a query.
type matchKind int

const (
	noMatch matchKind = iota
	prefixMatch
	exactMatch
)

// nameMatch compares one name with a query case-insensitively.
func nameMatch(name, query string) matchKind {
	if len(name) < len(query) || query == "" {
		return noMatch
	}
	if a, b := name[0], query[0]; a < utf8.RuneSelf && b < utf8.RuneSelf && lowerASCII(a) != lowerASCII(b) {
		return noMatch
	}
	if !strings.EqualFold(name[:len(query)], query) {
		return noMatch
	}
	if len(name) == len(query) {
		return exactMatch
	}
	return prefixMatch
}

// matches collects up to maxCandidates items per match kind and counts all.
type matches[T any] struct {
	exact, prefix   []T
	nExact, nPrefix int
}

func (m *matches[T]) add(item T, kind matchKind) {
	switch kind {
	case exactMatch:
		m.nExact++
		if len(m.exact) < maxCandidates {
			m.exact = append(m.exact, item)
		}
	case prefixMatch:
		m.nPrefix++
		if len(m.prefix) < maxCandidates {
			m.prefix = append(m.prefix, item)
		}
	}
}

// collect matches every item against query with score.
func collect[T any](items []T, query string, score func(T, string) matchKind) matches[T] {
	var m matches[T]
	for _, it := range items {
		if k := score(it, query); k != noMatch {
			m.add(it, k)
		}
	}
	return m
}

// pick returns the single best match: the only exact match, else the only
// prefix match. found is false when nothing matched; several matches of
// the best kind are an ambiguity error naming what (e.g. "members").
func pick[T any](m matches[T], label func(T) string, what string) (item T, found bool, err error) {
	list, n := m.exact, m.nExact
	if n == 0 {
		list, n = m.prefix, m.nPrefix
	}
	switch {
	case n == 0:
		return item, false, nil
	case n == 1:
		return list[0], true, nil
	}
	return item, true, ambiguous(list, n, label, what)
}

func ambiguous[T any](list []T, n int, label func(T) string, what string) error {
	names := make([]string, len(list))
	for i, it := range list {
		names[i] = label(it)
	}
	reason := fmt.Sprintf("matches %d %s", n, what)
	if n > len(list) {
		reason += ", including"
	}
	e := finalError("%s", reason)
	e.Candidates = names
	return e
}
