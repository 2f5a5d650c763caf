package moderation_test

import (
	"testing"
	"time"
)

// TestFirstPollRunsAtStart: a tempban that ran out while no bot ran is
// lifted by the poll the scheduler makes as it starts, not by the next
// periodic one (a day away here).
func TestFirstPollRunsAtStart(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.reply(h.w.Moderator, "!ban alice 2h")
	h.restart(func() {
		h.opts.SchedulerEvery = 24 * time.Hour
		h.clock.Advance(3 * time.Hour)
	})
	h.eventually("unban at start", func() bool { _, banned := h.emu.Ban(h.w.Guild, h.w.Alice); return !banned })
}
