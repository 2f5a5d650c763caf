package config

import (
	"strings"
	"testing"
)

func TestQuoted(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"short", "0-x", `"0-x"`},
		{"exactly the limit", strings.Repeat("a", maxQuoted), `"` + strings.Repeat("a", maxQuoted) + `"`},
		{"long", strings.Repeat("a", maxQuoted+1), `"` + strings.Repeat("a", maxQuoted) + `"… (65 bytes)`},
		{"cut on a rune boundary", strings.Repeat("a", maxQuoted-1) + "é", `"` + strings.Repeat("a", maxQuoted-1) + `"… (65 bytes)`},
		{"control characters escaped", "a\nb", `"a\nb"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := quoted(tt.in); got != tt.want {
				t.Fatalf("quoted(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}
