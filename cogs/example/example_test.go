package example_test

import (
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"cogd/cogs/example"
	"cogd/internal/bot/bottest"
	"cogd/internal/discordtest"
	"cogd/internal/fakeclock"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestLastSeen runs the example cog against the emulator: the listener
// sees a plain chat message (no command), the command reads it back, and
// after Forget the member is forgotten.
func TestLastSeen(t *testing.T) {
	t.Parallel()
	emu := discordtest.NewTB(t, discordtest.Options{})
	w := emu.SeedDemo()
	clock := fakeclock.New(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	opts := bottest.Options(emu, bottest.Fixed("example", example.New(example.Options{Forget: time.Hour, Now: clock.Now})))
	h := bottest.Start(t, emu, opts)

	if got := h.One(w.General, w.Alice, "!lastseen bob"); !strings.Contains(got, "haven't seen **bob**") {
		t.Fatalf("before bob wrote: %q", got)
	}
	if rs := h.Say(w.General, w.Bob, "hello there"); len(rs) != 0 {
		t.Fatalf("a chat message got answers: %v", bottest.Texts(rs))
	}
	clock.Advance(90 * time.Second)
	want := "**bob** last wrote in <#" + w.General + "> 1m 30s ago."
	if got := h.One(w.General, w.Alice, "!lastseen bob"); got != want {
		t.Fatalf("lastseen = %q, want %q", got, want)
	}
	clock.Advance(2 * time.Hour)
	if got := h.One(w.General, w.Alice, "!lastseen bob"); !strings.Contains(got, "haven't seen") {
		t.Fatalf("after Forget: %q", got)
	}
	if got := h.One(w.General, w.Alice, "!lastseen nobody"); !strings.Contains(got, "Bad value for member") {
		t.Fatalf("unknown member: %q", got)
	}
}
