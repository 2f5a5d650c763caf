package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's message and embed limits, in characters.
const (
	maxContent     = 2000
	maxEmbeds      = 10
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxAuthor      = 256
	maxEmbedTotal  = 6000
)

// truncate shortens s to at most n characters (runes), marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return string([]rune(s)[:max(n, 0)])
	}
	return string([]rune(s)[:n-1]) + "…"
}

// splitContent cuts text into pieces of at most maxContent characters,
// preferring line breaks, then spaces, so nothing is ever rejected for
// length. Code fences are not re-balanced: callers that send long code
// blocks should page them themselves.
func splitContent(s string) []string {
	var parts []string
	for utf8.RuneCountInString(s) > maxContent {
		cut := cutPoint(s, maxContent)
		parts = append(parts, strings.TrimRight(s[:cut], " \n"))
		s = strings.TrimLeft(s[cut:], " \n")
	}
	if s != "" || len(parts) == 0 {
		parts = append(parts, s)
	}
	return parts
}

// cutPoint returns a byte index at most n runes into s, at the last newline
// or space in the second half of that window when there is one.
func cutPoint(s string, n int) int {
	end, count := 0, 0
	for i := range s {
		if count == n {
			end = i
			break
		}
		count++
	}
	window := s[:end]
	if i := strings.LastIndexByte(window, '\n'); i > end/2 {
		return i + 1
	}
	if i := strings.LastIndexByte(window, ' '); i > end/2 {
		return i + 1
	}
	return end
}

// clampEmbed trims an embed, in place, to Discord's limits, so an embed
// built from user-supplied text can never be rejected.
func clampEmbed(e *discordgo.MessageEmbed) {
	e.Title = truncate(e.Title, maxTitle)
	e.Description = truncate(e.Description, maxDescription)
	if len(e.Fields) > maxFields {
		e.Fields = e.Fields[:maxFields]
	}
	for _, f := range e.Fields {
		f.Name = truncate(nonEmpty(f.Name), maxFieldName)
		f.Value = truncate(nonEmpty(f.Value), maxFieldValue)
	}
	if e.Footer != nil {
		e.Footer.Text = truncate(e.Footer.Text, maxFooter)
	}
	if e.Author != nil {
		e.Author.Name = truncate(e.Author.Name, maxAuthor)
	}
	shrinkEmbed(e)
}

// nonEmpty replaces an empty field text, which Discord rejects.
func nonEmpty(s string) string {
	if strings.TrimSpace(s) == "" {
		return "\u200b"
	}
	return s
}

// embedSize counts the characters Discord adds up against the 6000 total.
func embedSize(e *discordgo.MessageEmbed) int {
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

// shrinkEmbed drops trailing fields, then shortens the description, until
// the embed fits the total limit.
func shrinkEmbed(e *discordgo.MessageEmbed) {
	for embedSize(e) > maxEmbedTotal && len(e.Fields) > 0 {
		e.Fields = e.Fields[:len(e.Fields)-1]
	}
	if over := embedSize(e) - maxEmbedTotal; over > 0 {
		keep := utf8.RuneCountInString(e.Description) - over
		e.Description = truncate(e.Description, max(keep, 1))
	}
}
