package moderation_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// modlogOnly returns the only modlog message posted, failing otherwise.
func (h *harness) modlogOnly() *discordgo.Message {
	h.t.Helper()
	log := h.emu.Messages(h.w.Modlog)
	if len(log) != 1 {
		h.t.Fatalf("modlog has %d messages, want 1: %q", len(log), texts(log))
	}
	return log[0]
}

// deleteAsBot deletes a message through the emulator's REST API.
func (h *harness) deleteAsBot(channel, id string) {
	h.t.Helper()
	dg, err := h.emu.NewSession(0)
	if err != nil {
		h.t.Fatal(err)
	}
	defer dg.Client.Transport.(interface{ CloseIdleConnections() }).CloseIdleConnections()
	if err := dg.ChannelMessageDelete(channel, id); err != nil {
		h.t.Fatal(err)
	}
}

func TestReasonEditsTheModlogEntryInPlace(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	h.reply(h.w.Moderator, "!warn alice 2 first reason")
	entry := h.modlogOnly()
	mark := h.mark()
	ms := h.say(h.w.Moderator, "!reason #1 spamming links")
	if got := text(in(ms, h.w.General)[0]); got != "Case #1: reason updated." {
		t.Fatalf("reason = %q", got)
	}
	if log := in(ms, h.w.Modlog); len(log) != 0 {
		t.Fatalf("a new modlog entry was posted: %q", texts(log))
	}
	patch := h.find(mark, http.MethodPatch, "/channels/"+h.w.Modlog+"/messages/"+entry.ID)
	var body struct {
		AllowedMentions *struct{ Parse []string } `json:"allowed_mentions"`
	}
	if err := json.Unmarshal(patch.Body, &body); err != nil || body.AllowedMentions == nil || body.AllowedMentions.Parse == nil || patch.Status != http.StatusOK {
		t.Fatalf("PATCH without the output safety (allowed_mentions), status %d: %s", patch.Status, patch.Body)
	}
	edited := h.modlogOnly()
	got := text(edited)
	for _, want := range []string{"Case #1 · Warn", "Member: alice (" + mention(h.w.Alice) + ")",
		"Moderator: mod (" + mention(h.w.Moderator) + ")", "Reason: spamming links", "Reason edited: by " + mention(h.w.Moderator)} {
		if !strings.Contains(got, want) {
			t.Errorf("edited entry lacks %q:\n%s", want, got)
		}
	}
	if edited.ID != entry.ID || strings.Contains(got, "first reason") {
		t.Fatalf("entry not edited in place: %s", got)
	}
}

func TestReasonReplacesADeletedModlogEntry(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	h.reply(h.w.Moderator, "!ban bob raid")
	h.deleteAsBot(h.w.Modlog, h.modlogOnly().ID)
	ms := h.say(h.w.Moderator, "!reason 1 raid with alts")
	log := in(ms, h.w.Modlog)
	if len(log) != 1 {
		t.Fatalf("modlog posts after the entry was deleted: %q", texts(log))
	}
	got := text(log[0])
	for _, want := range []string{"Case #1 · Ban", "Member: bob (" + mention(h.w.Bob) + ")", "Moderator: mod (", "Reason: raid with alts"} {
		if !strings.Contains(got, want) {
			t.Errorf("new entry lacks %q:\n%s", want, got)
		}
	}
	// The new entry is the case's entry now: the next edit changes it.
	mark := h.mark()
	if ms := h.say(h.w.Moderator, "!reason 1 raid"); len(in(ms, h.w.Modlog)) != 0 {
		t.Fatalf("second edit posted again")
	}
	h.find(mark, http.MethodPatch, "/channels/"+h.w.Modlog+"/messages/"+log[0].ID)
	if got := text(h.modlogOnly()); !strings.Contains(got, "Reason: raid\n") && !strings.HasSuffix(got, "Reason: raid") {
		t.Fatalf("entry = %s", got)
	}
}

func TestUnwarnEditsTheWarningsEntry(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	h.reply(h.w.Moderator, "!warn alice spam")
	warnEntry := h.modlogOnly().ID
	h.reply(h.w.Moderator, "!unwarn 1 mistake")
	m, ok := h.emu.Message(h.w.Modlog, warnEntry)
	if !ok || !strings.Contains(text(m), "Revoked: by "+mention(h.w.Moderator)) || !strings.Contains(text(m), "Member: alice (") {
		t.Fatalf("warning's entry after unwarn = %q", text(m))
	}
	if n := len(h.emu.Messages(h.w.Modlog)); n != 2 {
		t.Fatalf("modlog has %d messages, want the warning and the unwarn", n)
	}
}

func TestCaseNumberForms(t *testing.T) {
	t.Parallel()
	h := start(t)
	for _, cmd := range []string{"!warn alice one", "!warn bob two", "!warn alice three", "!warn bob four"} {
		h.reply(h.w.Moderator, cmd)
	}
	for _, cmd := range []string{"!case #4", "!case 4"} {
		got := h.reply(h.w.Moderator, cmd)
		if !strings.Contains(got, "Case #4 · Warn") || !strings.Contains(got, "Member: bob ("+mention(h.w.Bob)+")") || !strings.Contains(got, "Reason: four") {
			t.Errorf("%s = %s", cmd, got)
		}
	}
	for cmd, want := range map[string]string{
		"!case #9":  "There is no case #9.",
		"!case #":   "is not a case number (like 12 or #12)",
		"!case #-1": "is not a case number (like 12 or #12)",
		"!case x4":  "“x4” is not a case number (like 12 or #12)",
	} {
		if got := h.reply(h.w.Moderator, cmd); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to mention %q", cmd, got, want)
		}
	}
}

func TestTargetCannotEditTheirCase(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.reply(h.w.Owner, "!warn mod testing")
	if got := h.reply(h.w.Moderator, "!reason 1 nothing happened"); got != "Case #1 is about you: you can't act on your own cases." {
		t.Fatalf("target's reason = %q", got)
	}
	if c := h.lastCase(); c.Reason != "testing" {
		t.Fatalf("reason changed: %+v", c)
	}
}

// TestTempbanEndEditsItsEntry: when the scheduler lifts a tempban, the
// tempban's modlog entry says it ended, in place, with its names.
func TestTempbanEndEditsItsEntry(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	h.reply(h.w.Moderator, "!ban bob 1h spam")
	entry := h.modlogOnly()
	if got := text(entry); !strings.Contains(got, "Expires: <t:") {
		t.Fatalf("tempban entry = %s", got)
	}
	h.clock.Advance(time.Hour)
	h.eventually("entry edited", func() bool {
		m, ok := h.emu.Message(h.w.Modlog, entry.ID)
		return ok && strings.Contains(text(m), "Ended: <t:")
	})
	m, _ := h.emu.Message(h.w.Modlog, entry.ID)
	if got := text(m); !strings.Contains(got, "Member: bob (") || strings.Contains(got, "Expires") {
		t.Fatalf("ended entry = %s", got)
	}
	if got := h.reply(h.w.Moderator, "!case 1"); !strings.Contains(got, "Ended: <t:") {
		t.Fatalf("case after the end = %s", got)
	}
}

// TestCaseWithoutEntryShowsCurrentNames: a case stored before entries
// were kept shows the users' names as Discord knows them now.
func TestCaseWithoutEntryShowsCurrentNames(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.seedCase("kick", h.w.Alice, "old case", time.Hour)
	got := h.reply(h.w.Moderator, "!case #1")
	if !strings.Contains(got, "Member: alice ("+mention(h.w.Alice)+")") || !strings.Contains(got, "Moderator: mod ("+mention(h.w.Moderator)+")") {
		t.Fatalf("case without entry = %s", got)
	}
}
