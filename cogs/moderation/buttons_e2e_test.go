package moderation_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/discordtest"
)

// TestMassbanButtonsOnTheSlashTransport: /massban shows a preview with
// Confirm and Cancel buttons; another moderator's click is refused
// privately, and the moderator's Confirm bans and replaces the buttons
// with the outcome (so it cannot be clicked twice).
func TestMassbanButtonsOnTheSlashTransport(t *testing.T) {
	t.Parallel()
	h := start(t)
	spam1, spam2 := h.member("spam1"), h.member("spam2")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	ix, err := h.emu.InvokeSlash(ctx, discordtest.Slash{Channel: h.w.General, User: h.w.Moderator, Name: "massban",
		Options: []discordtest.Option{{Name: "users", Value: spam1 + " " + spam2}, {Name: "reason", Value: "raid"}}})
	if err != nil {
		t.Fatal(err)
	}
	preview, err := ix.AwaitReply(ctx)
	if err != nil || !strings.Contains(preview.Content, "press Confirm") || preview.MessageID == "" {
		t.Fatalf("preview = %+v, %v", preview, err)
	}
	confirmID := buttonID(t, preview.Components, "Confirm")
	other := h.member("othermod", h.w.ModRole)
	click := func(user string) discordtest.Response {
		t.Helper()
		cx, err := h.emu.ClickButton(ctx, discordtest.Click{Channel: h.w.General, Message: preview.MessageID, User: user, CustomID: confirmID})
		if err != nil {
			t.Fatal(err)
		}
		r, err := cx.AwaitReply(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := click(other); !r.Ephemeral() || !strings.Contains(r.Content, "Only the moderator who started it") {
		t.Fatalf("another moderator's click = %+v", r)
	}
	r := click(h.w.Moderator)
	if r.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(r.Content, "Banned 2 users") || len(r.Components) != 0 {
		t.Fatalf("confirm = %+v; want the preview updated with the outcome and no buttons", r)
	}
	if n := len(h.cases()); n != 2 {
		t.Fatalf("%d cases, want 2", n)
	}
}

// buttonID finds the custom_id of the button labelled label.
func buttonID(t *testing.T, rows []discordgo.MessageComponent, label string) string {
	t.Helper()
	for _, row := range rows {
		ar, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range ar.Components {
			if b, ok := c.(*discordgo.Button); ok && b.Label == label {
				return b.CustomID
			}
		}
	}
	t.Fatalf("no %q button in %#v", label, rows)
	return ""
}

// TestCaseSearchButtons: /cases pages with Next and Previous buttons that
// re-run the search; the last page's Next is disabled.
func TestCaseSearchButtons(t *testing.T) {
	t.Parallel()
	h := start(t)
	for i := range 12 {
		h.seedCase(modstore.ActionWarn, h.w.Alice, fmt.Sprintf("warn %d", i+1), time.Duration(12-i)*time.Hour)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	ix, err := h.emu.InvokeSlash(ctx, discordtest.Slash{Channel: h.w.General, User: h.w.Moderator, Name: "cases",
		Options: []discordtest.Option{{Name: "query", Value: "alice"}}})
	if err != nil {
		t.Fatal(err)
	}
	first, err := ix.AwaitReply(ctx)
	if err != nil || len(first.Embeds) != 1 || !strings.Contains(first.Embeds[0].Footer.Text, "Page 1 of 2") {
		t.Fatalf("first page = %+v, %v", first, err)
	}
	cl, err := h.emu.ClickButton(ctx, discordtest.Click{Channel: h.w.General, Message: first.MessageID, User: h.w.Moderator,
		CustomID: buttonID(t, first.Components, "Next")})
	if err != nil {
		t.Fatal(err)
	}
	second, err := cl.AwaitReply(ctx)
	if err != nil || second.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(second.Embeds[0].Footer.Text, "Page 2 of 2") {
		t.Fatalf("second page = %+v, %v", second, err)
	}
	if _, err := h.emu.ClickButton(ctx, discordtest.Click{Channel: h.w.General, Message: first.MessageID, User: h.w.Moderator,
		CustomID: buttonID(t, second.Components, "Next")}); err == nil {
		t.Fatal("the last page's Next button can be clicked")
	}
}
