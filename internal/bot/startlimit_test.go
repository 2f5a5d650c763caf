package bot

import (
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestCheckStartLimit: start-up goes ahead when Discord allows at least as
// many sessions as the process needs, exactly as many included.
func TestCheckStartLimit(t *testing.T) {
	tests := []struct {
		name      string
		remaining int
		total     int
		need      int
		ok        bool
	}{
		{"plenty", 1000, 1000, 4, true},
		{"exactly enough", 4, 1000, 4, true},
		{"one short", 3, 1000, 4, false},
		{"none left", 0, 1000, 1, false},
		{"no limit reported", 0, 0, 4, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkStartLimit(discordgo.SessionInformation{Total: tt.total, Remaining: tt.remaining, ResetAfter: 3_600_000}, tt.need)
			if (err == nil) != tt.ok {
				t.Fatalf("remaining %d, need %d: err = %v, want ok %v", tt.remaining, tt.need, err, tt.ok)
			}
		})
	}
}
