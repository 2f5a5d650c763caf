package logging

import (
	"strings"
	"testing"
)

func TestNewRefID(t *testing.T) {
	seen := make(map[string]bool)
	for range 1000 {
		id := NewRefID()
		if len(id) != 8 || strings.Trim(id, refAlphabet) != "" {
			t.Fatalf("NewRefID() = %q, want 8 characters of %s", id, refAlphabet)
		}
		if seen[id] {
			t.Fatalf("NewRefID() repeated %q", id)
		}
		seen[id] = true
	}
}

func BenchmarkNewRefID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		NewRefID()
	}
}
