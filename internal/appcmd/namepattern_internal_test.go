package appcmd

import (
	"regexp"
	"testing"
)

// FuzzChatName checks the rune test against the regexp it replaces.
func FuzzChatName(f *testing.F) {
	re := regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)
	for _, s := range []string{"", "ping", "set-prefix", "snake_case", "Ünïcödé", "名前", "x١٢", "a b", "a:b", "\xff", "Caps", "abcdefghijklmnopqrstuvwxyz0123456", "abcdefghijklmnopqrstuvwxyz012345"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := chatName.MatchString(s), re.MatchString(s); got != want {
			t.Fatalf("%s.MatchString(%q) = %v, the regexp says %v", "chatName", s, got, want)
		}
	})
}
