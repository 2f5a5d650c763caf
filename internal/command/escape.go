package command

import (
	"strings"
	"unicode/utf8"
)

// zwsp is the zero-width space used to break mentions.
const zwsp = "\u200b"

// Escape neutralises user text echoed back into a message: every "@" is
// followed by a zero-width space (so @everyone, <@id> and <@&id> cannot
// ping), channel mentions <#id> are broken the same way, and the markdown
// characters \ * _ ~ ` | [ ] > # - are backslash-escaped so the text cannot
// change the formatting around it (# > - only where they start a line).
func Escape(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '@':
			b.WriteString("@" + zwsp)
		case ch == '#' && i > 0 && s[i-1] == '<':
			b.WriteString("#" + zwsp)
		case (ch == '#' || ch == '>' || ch == '-') && !lineStart(s, i):
			b.WriteByte(ch)
		case isMarkdown(ch):
			b.WriteByte('\\')
			b.WriteByte(ch)
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '@' || isMarkdown(s[i]) {
			return true
		}
	}
	return false
}

// lineStart reports whether only spaces precede position i on its line.
func lineStart(s string, i int) bool {
	for i > 0 && s[i-1] == ' ' {
		i--
	}
	return i == 0 || s[i-1] == '\n'
}

func isMarkdown(ch byte) bool {
	switch ch {
	case '\\', '*', '_', '~', '`', '|', '>', '#', '-', '[', ']':
		return true
	}
	return false
}

// Truncate shortens s to at most n runes, ending with "…" when it cut
// something. It never splits a rune; n <= 0 yields "".
func Truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	count := 0
	for i := range s {
		if count == n-1 {
			return s[:i] + "…"
		}
		count++
	}
	return s
}
