package logging

import (
	"cmp"
	"encoding"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
)

// Shapes of secrets found without being configured.
const (
	// tokenPattern matches a Discord bot token: three base64url segments.
	tokenPattern = `[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,40}`
	// minTokenLen is the shortest text tokenPattern can match.
	minTokenLen = 23 + 1 + 6 + 1 + 27
	// authPattern matches an Authorization header name and separator (group
	// 1) followed by its value, as raw text, http.Header's %v form, JSON and
	// escaped JSON.
	authPattern = `(?i)(authorization\\?["']?\s*[:=]\s*\[?\\?["']?)[^\s["'\\\],}][^"'\\\]\r\n,}]*`
	authName    = "authorization"
)

// redactor finds and replaces secrets. It is immutable after newRedactor.
type redactor struct {
	secrets []string // longest first
	token   *regexp.Regexp
	auth    *regexp.Regexp
}

// newRedactor returns a redactor for secrets, adding the bare token of each
// "Bot " secret.
func newRedactor(secrets []string) *redactor {
	var all []string
	for _, s := range secrets {
		all = appendSecret(all, s)
		if bare, isBot := strings.CutPrefix(s, "Bot "); isBot {
			all = appendSecret(all, strings.TrimSpace(bare))
		}
	}
	slices.SortFunc(all, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	return &redactor{
		secrets: all,
		token:   regexp.MustCompile(tokenPattern),
		auth:    regexp.MustCompile(authPattern),
	}
}

// appendSecret adds a non-empty secret to all once.
func appendSecret(all []string, s string) []string {
	if s == "" || slices.Contains(all, s) {
		return all
	}
	return append(all, s)
}

// string redacts s and reports whether it changed. A clean s costs no
// allocation.
func (r *redactor) string(s string) (string, bool) {
	out := s
	for _, secret := range r.secrets {
		if strings.Contains(out, secret) {
			out = strings.ReplaceAll(out, secret, Redacted)
		}
	}
	if len(out) >= minTokenLen && strings.IndexByte(out, '.') >= 0 {
		out = r.token.ReplaceAllLiteralString(out, Redacted)
	}
	if containsFold(out, authName) {
		out = r.redactAuth(out)
	}
	return out, out != s
}

// redactAuth replaces the value of each Authorization header in s with
// Redacted. A value that is already "[REDACTED]" is left alone: the header
// pattern allows an opening bracket before the value (http.Header's %v
// form), so without this check a second pass would nest the brackets.
func (r *redactor) redactAuth(s string) string {
	matches := r.auth.FindAllStringSubmatchIndex(s, -1)
	var b strings.Builder
	last := 0
	for _, m := range matches {
		valueStart := m[3]
		if valueStart > 0 && strings.HasPrefix(s[valueStart-1:], Redacted) {
			continue
		}
		b.WriteString(s[last:valueStart])
		b.WriteString(Redacted)
		last = m[1]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// anyValue redacts a KindAny value by checking each text a handler may
// print for it; a value that needs redacting becomes its redacted text.
func (r *redactor) anyValue(v slog.Value) (slog.Value, bool) {
	x := v.Any()
	if s, changed := r.string(fmt.Sprintf("%+v", x)); changed {
		return slog.StringValue(s), true
	}
	if alt, ok := altText(x); ok {
		if s, changed := r.string(alt); changed {
			return slog.StringValue(s), true
		}
	}
	return v, false
}

// altText returns x as the JSON handler (or, for a TextMarshaler, the text
// handler) prints it, when that differs from %+v.
func altText(x any) (string, bool) {
	if _, ok := x.(json.Marshaler); !ok {
		switch t := x.(type) {
		case error:
			return t.Error(), true
		case encoding.TextMarshaler:
			b, err := t.MarshalText()
			return string(b), err == nil
		case []byte:
			return string(t), true
		}
	}
	b, err := json.Marshal(x)
	return string(b), err == nil
}

// containsFold reports whether s contains the lower-case ASCII word sub in
// any case, without allocating.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i]|0x20 == sub[0] && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}
