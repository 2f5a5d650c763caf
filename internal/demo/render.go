package demo

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Render turns a bot message into readable console text: the content, then
// each embed as an indented block (title, description, fields, footer).
func Render(m *discordgo.Message) string {
	var b strings.Builder
	name := "bot"
	if m.Author != nil {
		name = m.Author.Username
	}
	if m.Content != "" {
		head := name + " › "
		writeIndented(&b, head, strings.Repeat(" ", len([]rune(head))), m.Content)
	}
	for _, e := range m.Embeds {
		if b.Len() == 0 {
			b.WriteString(name + " ›\n")
		}
		renderEmbed(&b, e)
	}
	return b.String()
}

// writeIndented writes text with head before the first line and pad before
// the others.
func writeIndented(b *strings.Builder, head, pad, text string) {
	for i, line := range strings.Split(text, "\n") {
		if i == 0 {
			b.WriteString(head)
		} else {
			b.WriteString(pad)
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
}

// bar starts each line of an embed.
const bar = "  │ "

func renderEmbed(b *strings.Builder, e *discordgo.MessageEmbed) {
	if e.Author != nil && e.Author.Name != "" {
		writeIndented(b, bar, bar, e.Author.Name)
	}
	if e.Title != "" {
		writeIndented(b, "  ┃ ", "  ┃ ", strings.ToUpper(e.Title))
	}
	if e.Description != "" {
		writeIndented(b, bar, bar, e.Description)
	}
	for _, f := range e.Fields {
		writeIndented(b, bar, bar, fmt.Sprintf("%s: %s", f.Name, f.Value))
	}
	if e.Footer != nil && e.Footer.Text != "" {
		writeIndented(b, "  └ ", "    ", e.Footer.Text)
	}
}
