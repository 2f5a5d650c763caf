package bot

import (
	"strings"
	"unicode/utf8"

	"cogd/internal/command"
)

// splitContent cuts text into pieces of at most 2000 characters (Discord's
// content limit), preferring line breaks, then spaces, so nothing is ever
// rejected for length. Code fences are not re-balanced: commands that send
// long code blocks should page them themselves.
func splitContent(s string) []string {
	var parts []string
	for utf8.RuneCountInString(s) > command.MessageContentLimit {
		cut := cutPoint(s, command.MessageContentLimit)
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
	end, count := len(s), 0
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
