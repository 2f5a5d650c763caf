package demo

import (
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Render turns a bot message into readable console text: the content, then
// each embed as an indented block (title, description, fields, footer).
// Mentions and timestamps are left as Discord's markup; see RenderWith.
func Render(m *discordgo.Message) string { return render(m, func(s string) string { return s }) }

// RenderWith is Render with mentions shown as names from n and timestamps
// as readable times (relative ones against now), see Markup.
func RenderWith(m *discordgo.Message, n Names, now time.Time) string {
	return render(m, func(s string) string { return Markup(s, n, now) })
}

// render writes m, passing every text through text.
func render(m *discordgo.Message, text func(string) string) string {
	var b strings.Builder
	name := "bot"
	if m.Author != nil {
		name = m.Author.Username
	}
	if m.Content != "" {
		head := name + " › "
		writeIndented(&b, head, strings.Repeat(" ", len([]rune(head))), text(m.Content))
	}
	for _, e := range m.Embeds {
		if b.Len() == 0 {
			b.WriteString(name + " ›\n")
		}
		renderEmbed(&b, e, text)
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

func renderEmbed(b *strings.Builder, e *discordgo.MessageEmbed, text func(string) string) {
	if e.Author != nil && e.Author.Name != "" {
		writeIndented(b, bar, bar, text(e.Author.Name))
	}
	if e.Title != "" {
		writeIndented(b, "  ┃ ", "  ┃ ", strings.ToUpper(text(e.Title)))
	}
	if e.Description != "" {
		writeIndented(b, bar, bar, text(e.Description))
	}
	for _, f := range e.Fields {
		writeIndented(b, bar, bar, fmt.Sprintf("%s: %s", text(f.Name), text(f.Value)))
	}
	if e.Footer != nil && e.Footer.Text != "" {
		writeIndented(b, "  └ ", "    ", text(e.Footer.Text))
	}
}
