package moderation_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
)

// seedCase stores a case directly, created ago before the clock's now.
func (h *harness) seedCase(action modstore.Action, target, reason string, ago time.Duration) {
	h.t.Helper()
	_, err := h.st.CreateCase(context.Background(), modstore.Case{GuildID: h.w.Guild, Action: action, TargetID: target,
		ModeratorID: h.w.Moderator, Reason: reason, CreatedAt: h.clock.Now().Add(-ago)})
	if err != nil {
		h.t.Fatal(err)
	}
}

// casesList runs a case search and returns its embed and content.
func (h *harness) casesList(query string) (*discordgo.MessageEmbed, string) {
	h.t.Helper()
	ms := in(h.say(h.w.Moderator, query), h.w.General)
	if len(ms) != 1 || len(ms[0].Embeds) != 1 {
		h.t.Fatalf("%q: %q, want one embed", query, texts(ms))
	}
	return ms[0].Embeds[0], ms[0].Content
}

// fieldNames are the embed's field names.
func fieldNames(e *discordgo.MessageEmbed) []string {
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Name)
	}
	return out
}

func TestCaseSearchPages(t *testing.T) {
	t.Parallel()
	h := start(t)
	for i := range 12 {
		h.seedCase(modstore.ActionWarn, h.w.Alice, fmt.Sprintf("warn %d", i+1), time.Duration(12-i)*time.Hour)
	}
	for i := range 3 {
		h.seedCase(modstore.ActionKick, h.w.Bob, fmt.Sprintf("kick %d", i+1), 40*24*time.Hour)
	}
	tests := []struct {
		query, title, footer, next string
		fields                     []string
	}{
		{"!cases alice", "Cases of alice", "Page 1 of 2 · 12 cases", "Next page: `!cases alice page:2`",
			[]string{"#12 · Warn", "#11 · Warn", "#10 · Warn", "#9 · Warn", "#8 · Warn", "#7 · Warn", "#6 · Warn", "#5 · Warn", "#4 · Warn", "#3 · Warn"}},
		{"!cases alice 2", "Cases of alice", "Page 2 of 2 · 12 cases", "", []string{"#2 · Warn", "#1 · Warn"}},
		{"!cases warn alice page:2", "Cases of alice", "Page 2 of 2 · 12 cases", "", []string{"#2 · Warn", "#1 · Warn"}},
		{"!cases alice page:7", "Cases of alice", "Page 2 of 2 · 12 cases", "", []string{"#2 · Warn", "#1 · Warn"}},
		{"!cases kicks", "Cases", "Page 1 of 1 · 3 cases", "", []string{"#15 · Kick", "#14 · Kick", "#13 · Kick"}},
		{"!cases 2", "Cases", "Page 2 of 2 · 15 cases", "", []string{"#5 · Warn", "#4 · Warn", "#3 · Warn", "#2 · Warn", "#1 · Warn"}},
		{"!cases bob 30d", "Cases of bob", "Page 1 of 1 · 0 cases", "", nil},
		{"!cases since:41d bob", "Cases of bob", "Page 1 of 1 · 3 cases", "", []string{"#15 · Kick", "#14 · Kick", "#13 · Kick"}},
		{"!cases 30d", "Cases", "Page 1 of 2 · 12 cases", "Next page: `!cases 30d page:2`", nil},
	}
	for _, tt := range tests {
		e, content := h.casesList(tt.query)
		got := fieldNames(e)
		if e.Title != tt.title || e.Footer.Text != tt.footer || content != tt.next || (tt.fields != nil && strings.Join(got, "|") != strings.Join(tt.fields, "|")) {
			t.Errorf("%s:\n title %q footer %q next %q\n fields %q\nwant %q %q %q\n %q", tt.query, e.Title, e.Footer.Text, content, got, tt.title, tt.footer, tt.next, tt.fields)
		}
	}
	if e, _ := h.casesList("!cases bob 30d"); !strings.Contains(e.Description, "No cases match.") || !strings.Contains(e.Description, "since <t:") {
		t.Errorf("empty result = %q", e.Description)
	}
	for query, want := range map[string]string{
		"!cases alice bob": "Give one member, not both alice and bob (quote a name with spaces).",
		"!cases page:x":    "page:x is not a page number (page:2) or a duration (since:30d).",
		"!cases 1d 2d":     "Give one duration, not both 1d and 2d.",
	} {
		if got := h.reply(h.w.Moderator, query); got != want {
			t.Errorf("%s = %q, want %q", query, got, want)
		}
	}
	if got := h.reply(h.w.Alice, "!cases"); got != "You need these permissions: Timeout Members." {
		t.Errorf("member = %q", got)
	}
}

// TestCaseSearchFindsLeftUsersByName: a banned user is no longer a member;
// the name their case showed still finds them, and the list shows it.
func TestCaseSearchFindsLeftUsersByName(t *testing.T) {
	t.Parallel()
	h := start(t)
	spammer := h.member("spammer")
	h.reply(h.w.Moderator, "!ban spammer raid")
	h.eventually("ban", func() bool { _, banned := h.emu.Ban(h.w.Guild, spammer); return banned })
	e, _ := h.casesList("!cases Spammer")
	if e.Title != "Cases of Spammer" || len(e.Fields) != 1 || e.Fields[0].Name != "#1 · Ban" ||
		!strings.HasPrefix(e.Fields[0].Value, "spammer ("+mention(spammer)+") · by mod · <t:") {
		t.Fatalf("search by a left user's name: %q %q", e.Title, texts([]*discordgo.Message{{Embeds: []*discordgo.MessageEmbed{e}}}))
	}
	if got := h.reply(h.w.Moderator, "!cases nobody"); !strings.Contains(got, "No cases match.") {
		t.Fatalf("unknown name = %q", got)
	}
}
