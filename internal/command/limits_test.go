package command

import (
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestFitEmbedFieldCount: small fields, far below the 6000 total, are
// still cut to Discord's 25 per embed.
func TestFitEmbedFieldCount(t *testing.T) {
	for _, n := range []int{0, 1, 25, 26, 40} {
		e := &discordgo.MessageEmbed{}
		for range n {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "n", Value: "v"})
		}
		FitEmbed(e)
		if want := min(n, EmbedFieldLimit); len(e.Fields) != want {
			t.Errorf("%d fields fitted to %d, want %d", n, len(e.Fields), want)
		}
	}
}
