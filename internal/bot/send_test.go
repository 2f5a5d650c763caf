package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

func TestSplitContent(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		parts int
	}{
		{"empty", "", 1},
		{"short", "hello", 1},
		{"exactly 2000", strings.Repeat("a", 2000), 1},
		{"2001 without spaces", strings.Repeat("a", 2001), 2},
		{"words", strings.Repeat("word ", 900), 3},
		{"lines", strings.Repeat("a line of text\n", 300), 3},
		{"multibyte", strings.Repeat("ü", 4001), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := splitContent(tt.in)
			if len(parts) != tt.parts {
				t.Fatalf("%d parts, want %d", len(parts), tt.parts)
			}
			for _, p := range parts {
				if n := utf8.RuneCountInString(p); n > 2000 || !utf8.ValidString(p) {
					t.Fatalf("part of %d characters (valid %v)", n, utf8.ValidString(p))
				}
			}
			if got, want := strings.Join(strings.Fields(strings.Join(parts, " ")), " "), strings.Join(strings.Fields(tt.in), " "); got != want && strings.Join(parts, "") != tt.in {
				t.Fatalf("text changed beyond whitespace at the cuts")
			}
		})
	}
}

func TestSafeMessageDefaults(t *testing.T) {
	ref := &discordgo.MessageReference{MessageID: "1"}
	embed := &discordgo.MessageEmbed{Title: strings.Repeat("t", 300), Fields: []*discordgo.MessageEmbedField{{Name: "", Value: ""}}}
	out := safeMessage(&discordgo.MessageSend{Content: strings.Repeat("x ", 1500), Reference: ref, Embeds: []*discordgo.MessageEmbed{embed}})
	if len(out) != 2 {
		t.Fatalf("%d messages, want 2", len(out))
	}
	for i, m := range out {
		if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(m.AllowedMentions.Parse) != 0 {
			t.Errorf("message %d: allowed_mentions %+v", i, m.AllowedMentions)
		}
	}
	if out[0].Reference != ref || out[1].Reference != nil || len(out[1].Embeds) != 1 || len(out[0].Embeds) != 0 {
		t.Errorf("reference goes first, embeds last")
	}
	if n := utf8.RuneCountInString(embed.Title); n != 256 || embed.Fields[0].Name == "" || embed.Fields[0].Value == "" {
		t.Errorf("embed not fitted: title %d, field %+v", n, embed.Fields[0])
	}
	opted := safeMessage(&discordgo.MessageSend{Content: "hi", AllowedMentions: &discordgo.MessageAllowedMentions{Users: []string{"5"}}})
	if got := opted[0].AllowedMentions; len(got.Users) != 1 || got.Parse == nil {
		t.Errorf("an opt-in keeps its users and still sends parse []: %+v", got)
	}
}
