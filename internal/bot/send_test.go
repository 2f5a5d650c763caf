package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
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

// embedsTotal is the characters Discord counts across a message's embeds.
func embedsTotal(es []*discordgo.MessageEmbed) int {
	n := 0
	for _, e := range es {
		n += command.EmbedLength(e)
	}
	return n
}

func TestSafeMessageEmbedTotalPerMessage(t *testing.T) {
	big := func(c string) *discordgo.MessageEmbed {
		return &discordgo.MessageEmbed{Description: strings.Repeat(c, 4000)}
	}
	many := make([]*discordgo.MessageEmbed, 23)
	for i := range many {
		many[i] = &discordgo.MessageEmbed{Title: "t", Description: "d"}
	}
	tests := []struct {
		name     string
		msg      *discordgo.MessageSend
		messages int
		embeds   int
	}{
		{"two 4000-character embeds", &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{big("a"), big("b")}}, 2, 2},
		{"two 4000-character embeds after long content", &discordgo.MessageSend{Content: strings.Repeat("x ", 1500), Embeds: []*discordgo.MessageEmbed{big("a"), big("b")}}, 3, 2},
		{"three 2000-character embeds fit one message", &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Description: strings.Repeat("a", 2000)}, {Description: strings.Repeat("b", 2000)}, {Description: strings.Repeat("c", 2000)}}}, 1, 3},
		{"23 small embeds", &discordgo.MessageSend{Embeds: many}, 3, 23},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref := &discordgo.MessageReference{MessageID: "1"}
			tt.msg.Reference = ref
			tt.msg.Components = []discordgo.MessageComponent{discordgo.ActionsRow{}}
			out := safeMessage(tt.msg)
			if len(out) != tt.messages {
				t.Fatalf("%d messages, want %d", len(out), tt.messages)
			}
			embeds := 0
			for i, m := range out {
				if len(m.Embeds) > 10 || embedsTotal(m.Embeds) > 6000 {
					t.Errorf("message %d: %d embeds, %d characters", i, len(m.Embeds), embedsTotal(m.Embeds))
				}
				if (i == 0) != (m.Reference == ref) || (i == len(out)-1) != (m.Components != nil) {
					t.Errorf("message %d: reference goes on the first, components on the last", i)
				}
				if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil {
					t.Errorf("message %d: no allowed_mentions", i)
				}
				embeds += len(m.Embeds)
			}
			if embeds != tt.embeds {
				t.Errorf("%d embeds sent, want %d (none dropped)", embeds, tt.embeds)
			}
		})
	}
}

func TestSafeEditEmbedTotal(t *testing.T) {
	fields := func() []*discordgo.MessageEmbedField {
		return []*discordgo.MessageEmbedField{{Name: "n", Value: strings.Repeat("v", 1000)}, {Name: "n", Value: strings.Repeat("w", 1000)}}
	}
	embeds := []*discordgo.MessageEmbed{
		{Description: strings.Repeat("a", 4000)},
		{Title: "second", Description: strings.Repeat("b", 500), Fields: fields()},
		{Title: "third", Description: strings.Repeat("c", 1000)},
	}
	for i := 0; i < 9; i++ {
		embeds = append(embeds, &discordgo.MessageEmbed{Title: "x"})
	}
	e := &discordgo.MessageEdit{Embeds: &embeds}
	safeEdit(e)
	if e.AllowedMentions == nil || e.AllowedMentions.Parse == nil || len(e.AllowedMentions.Parse) != 0 {
		t.Errorf("an edit goes out with allowed_mentions parse []: %+v", e.AllowedMentions)
	}
	got := *e.Embeds
	if n := embedsTotal(got); n > 6000 || len(got) > 10 {
		t.Fatalf("edit keeps %d embeds of %d characters", len(got), n)
	}
	if len(got) != 3 || utf8.RuneCountInString(got[0].Description) != 4000 || len(got[1].Fields) != 1 {
		t.Fatalf("want the first kept whole, the second without its last field, the third cut, the rest dropped: %d embeds", len(got))
	}
	if n := embedsTotal(got); n != 6000 {
		t.Errorf("trimmed to %d characters, want exactly 6000", n)
	}
}
