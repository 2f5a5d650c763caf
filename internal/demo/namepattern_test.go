package demo

import (
	"regexp"
	"testing"
)

// FuzzOptionKey checks the rune test against the regexp it replaces.
func FuzzOptionKey(f *testing.F) {
	re := regexp.MustCompile(`^[\p{Ll}\p{Lo}\p{N}_-]{1,32}$`)
	for _, s := range []string{"", "ping", "set-prefix", "snake_case", "Ünïcödé", "名前", "x١٢", "a b", "a:b", "\xff", "Caps", "abcdefghijklmnopqrstuvwxyz0123456", "abcdefghijklmnopqrstuvwxyz012345"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := optionKey.MatchString(s), re.MatchString(s); got != want {
			t.Fatalf("%s.MatchString(%q) = %v, the regexp says %v", "optionKey", s, got, want)
		}
	})
}
