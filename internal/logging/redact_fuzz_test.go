package logging

import (
	"strings"
	"testing"
)

// FuzzRedact: a configured secret never survives redaction, wherever it
// sits in the text, and text without secrets, tokens or Authorization
// values is left as it is.
func FuzzRedact(f *testing.F) {
	f.Add("hunter2-secret", "before ", " after")
	f.Add("Bot MTAxMjM0NTY3ODkwMTIzNDU2.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789ab", "Authorization: ", "")
	f.Add("pässwörd", "url postgres://u:", "@h/db")
	f.Add("hunter2", "AuthoriZAtion:", "]") // a value redacted next to a bracket (CI, 2026-12-01)
	f.Fuzz(func(t *testing.T, secret, before, after string) {
		if len(secret) < 4 || strings.ContainsAny(secret, "[]") || strings.Contains(Redacted, secret) {
			t.Skip()
		}
		r := newRedactor([]string{secret})
		in := before + secret + after
		out, changed := r.string(in)
		if !changed {
			t.Fatalf("%q not redacted in %q", secret, in)
		}
		bare := strings.TrimSpace(strings.TrimPrefix(secret, "Bot "))
		for _, s := range []string{secret, bare} {
			if len(s) >= 4 && strings.Contains(out, s) && !strings.Contains(before+after, s) && !strings.Contains(Redacted, s) {
				t.Fatalf("secret %q left in %q (from %q)", s, out, in)
			}
		}
		if again, _ := r.string(out); again != out {
			t.Fatalf("redaction is not stable: %q then %q", out, again)
		}
	})
}
