package command

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quote returns a word that Split reads back as the single argument s: s
// itself when it has no whitespace (with a backslash before each quote
// character), else s in "double quotes" with a backslash before each ".
// ok is false when s cannot be written as one word: it has whitespace and
// ends with a backslash, which would escape the closing quote.
func Quote(s string) (string, bool) {
	if s != "" && strings.IndexFunc(s, unicode.IsSpace) < 0 {
		return escapeQuotes(s, isQuote), true
	}
	if strings.HasSuffix(s, `\`) {
		return "", false
	}
	return `"` + escapeQuotes(s, func(r rune) bool { return r == '"' }) + `"`, true
}

// escapeQuotes puts a backslash before every rune of s that quote accepts.
func escapeQuotes(s string, quote func(rune) bool) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if quote(r) {
			b.WriteByte('\\')
		}
		b.WriteString(s[i : i+size])
		i += size
	}
	return b.String()
}
