package moderation_test

import (
	"context"
	"strings"
	"testing"

	"cogd/cogs/moderation/modstore"
)

func TestWarnEndToEnd(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	mark := h.mark()
	ms := h.say(h.w.Moderator, "!warn alice spamming @everyone")
	if got := text(in(ms, h.w.General)[0]); got != "Case #1: warned **alice** (1 point, 1 active)." {
		t.Fatalf("reply = %q", got)
	}
	dm := in(ms, h.emu.DMChannel(h.w.Alice))
	if len(dm) != 1 || !strings.Contains(dm[0].Content, "You were warned in **Demo Server** (case #1, 1 point)") ||
		!strings.Contains(dm[0].Content, "@\u200beveryone") {
		t.Fatalf("DM = %q", texts(dm))
	}
	log := in(ms, h.w.Modlog)
	if len(log) != 1 || log[0].Embeds[0].Title != "Case #1 · Warn" {
		t.Fatalf("modlog = %q", texts(log))
	}
	h.find(mark, "POST", "/users/@me/channels")
	for _, m := range ms {
		if am := h.emu.AllowedMentions(m.ChannelID, m.ID); am == nil || len(am.Parse) != 0 || len(am.Users) != 0 {
			t.Errorf("message in %s may ping: %+v", m.ChannelID, am)
		}
	}
	c := h.lastCase()
	if c.Action != modstore.ActionWarn || c.TargetID != h.w.Alice || c.ModeratorID != h.w.Moderator || c.Points != 1 || c.Reason != "spamming @everyone" {
		t.Fatalf("case = %+v", c)
	}
	got := h.reply(h.w.Moderator, "!warn "+mention(h.w.Alice)+" 3 second time")
	if got != "Case #2: warned **alice** (3 points, 4 active)." {
		t.Fatalf("second warn = %q", got)
	}
	if n, _ := h.st.ActivePoints(context.Background(), h.w.Guild, h.w.Alice, h.clock.Now(), 0); n != 4 {
		t.Fatalf("active points = %d", n)
	}
}
