package demo

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/golden"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestRenderGolden(t *testing.T) {
	bot := &discordgo.User{Username: "cogd"}
	tests := []struct {
		name string
		msg  *discordgo.Message
	}{
		{"content", &discordgo.Message{Author: bot, Content: "Pong!\nsecond line"}},
		{"embed", &discordgo.Message{Author: bot, Embeds: []*discordgo.MessageEmbed{{
			Title: "Case 4 · ban", Description: "alice was banned.\nFor 7 days.",
			Author: &discordgo.MessageEmbedAuthor{Name: "mod"},
			Fields: []*discordgo.MessageEmbedField{{Name: "Reason", Value: "spam\nand more spam"}, {Name: "Points", Value: "3"}},
			Footer: &discordgo.MessageEmbedFooter{Text: "cogd"},
		}}}},
		{"content and embed", &discordgo.Message{Author: bot, Content: "Here:", Embeds: []*discordgo.MessageEmbed{{Description: "only a description"}}}},
		{"no author", &discordgo.Message{Content: "hi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden.Assert(t, filepath.Join("testdata", tt.name+".golden"), []byte(Render(tt.msg)), *update)
		})
	}
}
