package moderation_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// post sends n messages by author in #general and returns their IDs.
func (h *harness) post(author string, n int) []string {
	h.t.Helper()
	ids := make([]string, n)
	for i := range ids {
		m, err := h.emu.SendMessage(h.w.General, author, fmt.Sprintf("message %d", i))
		if err != nil {
			h.t.Fatal(err)
		}
		ids[i] = m.ID
	}
	return ids
}

// pin pins messages through the emulator's REST API.
func (h *harness) pin(ids ...string) {
	h.t.Helper()
	dg, err := h.emu.NewSession(0)
	if err != nil {
		h.t.Fatal(err)
	}
	defer dg.Client.Transport.(interface{ CloseIdleConnections() }).CloseIdleConnections()
	for _, id := range ids {
		if err := dg.ChannelMessagePin(h.w.General, id); err != nil {
			h.t.Fatal(err)
		}
	}
}

// ageMessages moves the cog's clock 14 days ahead, so that every message
// sent so far is older than 14 days for it (the emulator stamps messages
// with the real time).
func (h *harness) ageMessages() {
	time.Sleep(5 * time.Millisecond)
	h.clock.Set(time.Now().Add(14 * 24 * time.Hour))
	time.Sleep(5 * time.Millisecond)
}

// stored reports which of ids the emulator still has in #general.
func (h *harness) stored(ids []string) (kept []string) {
	for _, id := range ids {
		if _, ok := h.emu.Message(h.w.General, id); ok {
			kept = append(kept, id)
		}
	}
	return kept
}

func TestPurgeSkipsPinnedAndOld(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	old := h.post(h.w.Alice, 5)
	h.ageMessages()
	fresh := append(h.post(h.w.Alice, 10), h.post(h.w.Bob, 10)...)
	h.pin(fresh[3], fresh[15])
	mark := h.mark()
	_, code := h.preview(h.w.Moderator, "!purge 22")
	ms := h.say(h.w.Moderator, "!confirm "+code)
	if got := text(in(ms, h.w.General)[0]); got != "Case #1: deleted 18 messages; skipped 4 (2 pinned, 2 older than 14 days). This cannot be undone; the transcript is in the modlog." {
		t.Fatalf("reply = %q", got)
	}
	if kept := h.stored(fresh); !slices.Equal(kept, []string{fresh[3], fresh[15]}) {
		t.Fatalf("fresh messages kept: %v, want the two pinned", kept)
	}
	if kept := h.stored(old); len(kept) != 5 {
		t.Fatalf("old messages kept: %d of 5", len(kept))
	}
	bulk := h.find(mark, "POST", "/messages/bulk-delete")
	var body struct{ Messages []string }
	if err := json.Unmarshal(bulk.Body, &body); err != nil || len(body.Messages) != 18 || bulk.Status != http.StatusNoContent {
		t.Fatalf("bulk delete: %d IDs, status %d, %v", len(body.Messages), bulk.Status, err)
	}
	c := h.lastCase()
	if c.Action != "purge" || c.TargetID != "" || c.Reason != "Deleted 18 messages in #general; skipped 4 (2 pinned, 2 older than 14 days)." {
		t.Fatalf("case = %+v", c)
	}
	if log := in(ms, h.w.Modlog); len(log) != 1 || log[0].Embeds[0].Title != "Case #1 · Purge" {
		t.Fatalf("modlog = %q", texts(log))
	}
}

func TestPurgeOneMember(t *testing.T) {
	t.Parallel()
	h := start(t)
	alice := h.post(h.w.Alice, 5)
	bob := h.post(h.w.Bob, 5)
	alice = append(alice, h.post(h.w.Alice, 5)...)
	_, code := h.preview(h.w.Moderator, "!purge 8 alice")
	got := h.reply(h.w.Moderator, "!confirm "+code)
	if got != "Case #1: deleted 8 messages; none skipped. This cannot be undone; the transcript is in the modlog." {
		t.Fatalf("reply = %q", got)
	}
	if kept := h.stored(alice); !slices.Equal(kept, alice[:2]) {
		t.Fatalf("alice's kept: %v, want her 2 oldest", kept)
	}
	if kept := h.stored(bob); len(kept) != 5 {
		t.Fatalf("bob lost messages: %d kept", len(kept))
	}
	if c := h.lastCase(); c.TargetID != h.w.Alice {
		t.Fatalf("case = %+v", c)
	}
}

// TestPurgeBatches: 201 messages are two bulk deletes of 100 and one
// single delete (bulk delete refuses one message).
func TestPurgeBatches(t *testing.T) {
	t.Parallel()
	h := start(t)
	ids := h.post(h.w.Bob, 205)
	mark := h.mark()
	_, code := h.preview(h.w.Moderator, "!purge 201")
	if got := h.reply(h.w.Moderator, "!confirm "+code); got != "Case #1: deleted 201 messages; none skipped. This cannot be undone; the transcript is in the modlog." {
		t.Fatalf("reply = %q", got)
	}
	var batches []int
	for _, r := range h.since(mark) {
		switch {
		case r.Method == "POST" && strings.HasSuffix(r.Path, "/bulk-delete"):
			var body struct{ Messages []string }
			_ = json.Unmarshal(r.Body, &body)
			batches = append(batches, len(body.Messages))
		case r.Method == "DELETE" && strings.Contains(r.Path, "/messages/"):
			batches = append(batches, 1)
		}
	}
	if !slices.Equal(batches, []int{100, 100, 1}) {
		t.Fatalf("batches = %v", batches)
	}
	if kept := h.stored(ids); !slices.Equal(kept, ids[:4]) {
		t.Fatalf("kept %d messages, want the 4 oldest", len(kept))
	}
	if got := h.reply(h.w.Moderator, "!purge 1 alice"); got != "Nothing to delete (none skipped)." {
		t.Fatalf("nothing = %q", got)
	}
}

// TestPurgeNeedsManageMessages: a member without it is refused, nothing
// is deleted.
func TestPurgeNeedsManageMessages(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.post(h.w.Bob, 3)
	mark := h.mark()
	if got := h.reply(h.w.Alice, "!purge 3"); got != "You need these permissions: Manage Messages." {
		t.Fatalf("reply = %q", got)
	}
	if m := h.mutations(h.since(mark)); len(m) != 0 {
		t.Fatalf("mutations: %v", m)
	}
}
