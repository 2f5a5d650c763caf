package moderation_test

import (
	"regexp"

	"github.com/bwmarrin/discordgo"
)

// codeIn finds a confirm or undo code in a reply.
var codeIn = regexp.MustCompile("(?:confirm|undo) ([A-Z2-9]{6})`")

// preview runs a command that answers with a preview in #general and
// returns the preview message and its code.
func (h *harness) preview(author, content string) (*discordgo.Message, string) {
	h.t.Helper()
	ms := in(h.say(author, content), h.w.General)
	if len(ms) != 1 {
		h.t.Fatalf("%q: %d replies, want a preview: %q", content, len(ms), texts(ms))
	}
	m := codeIn.FindStringSubmatch(ms[0].Content)
	if m == nil || len(ms[0].Embeds) != 1 {
		h.t.Fatalf("%q: no preview with a code: %q", content, text(ms[0]))
	}
	return ms[0], m[1]
}

// undoCode is the undo code in a reply.
func (h *harness) undoCode(reply string) string {
	h.t.Helper()
	m := codeIn.FindStringSubmatch(reply)
	if m == nil {
		h.t.Fatalf("no undo code in %q", reply)
	}
	return m[1]
}
