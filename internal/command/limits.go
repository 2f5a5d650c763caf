package command

import (
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's embed limits, in characters.
const (
	EmbedTitleLimit       = 256
	EmbedDescriptionLimit = 4096
	EmbedFieldNameLimit   = 256
	EmbedFieldValueLimit  = 1024
	EmbedFieldLimit       = 25
	EmbedFooterLimit      = 2048
	EmbedTotalLimit       = 6000
	MessageContentLimit   = 2000
)

// FitEmbed truncates e in place to Discord's limits: title, description,
// field names and values, footer, at most 25 fields, and 6000 characters in
// total (dropping fields from the end, then shortening the description).
// It returns e.
func FitEmbed(e *discordgo.MessageEmbed) *discordgo.MessageEmbed {
	e.Title = Truncate(e.Title, EmbedTitleLimit)
	e.Description = Truncate(e.Description, EmbedDescriptionLimit)
	if e.Footer != nil {
		e.Footer.Text = Truncate(e.Footer.Text, EmbedFooterLimit)
	}
	if e.Author != nil {
		e.Author.Name = Truncate(e.Author.Name, EmbedTitleLimit)
	}
	if len(e.Fields) > EmbedFieldLimit {
		e.Fields = e.Fields[:EmbedFieldLimit]
	}
	for _, f := range e.Fields {
		f.Name = Truncate(nonBlank(f.Name), EmbedFieldNameLimit)
		f.Value = Truncate(nonBlank(f.Value), EmbedFieldValueLimit)
	}
	for EmbedLength(e) > EmbedTotalLimit && len(e.Fields) > 0 {
		e.Fields = e.Fields[:len(e.Fields)-1]
	}
	if over := EmbedLength(e) - EmbedTotalLimit; over > 0 {
		e.Description = Truncate(e.Description, utf8.RuneCountInString(e.Description)-over)
	}
	return e
}

// nonBlank replaces an empty field text, which Discord rejects, with a
// zero-width space.
func nonBlank(s string) string {
	if strings.TrimSpace(s) == "" {
		return "\u200b"
	}
	return s
}

// EmbedLength counts the characters Discord counts towards the 6000 total:
// title, description, field names and values, footer text and author name.
func EmbedLength(e *discordgo.MessageEmbed) int {
	n := utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
	for _, f := range e.Fields {
		n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
	}
	if e.Footer != nil {
		n += utf8.RuneCountInString(e.Footer.Text)
	}
	if e.Author != nil {
		n += utf8.RuneCountInString(e.Author.Name)
	}
	return n
}
