package moderation_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/discordtest"
)

// pending returns the scheduled actions not yet done or failed, due by
// far in the future.
func (h *harness) pending() []modstore.ScheduledAction {
	h.t.Helper()
	due, err := h.st.DueActions(context.Background(), h.clock.Now().AddDate(10, 0, 0), 100)
	if err != nil {
		h.t.Fatal(err)
	}
	return due
}

func TestTempbanIsLiftedOnTime(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	h.reply(h.w.Moderator, "!ban bob 1h spam")
	h.clock.Advance(59 * time.Minute)
	time.Sleep(100 * time.Millisecond) // several polls
	if _, banned := h.emu.Ban(h.w.Guild, h.w.Bob); !banned {
		t.Fatal("lifted early")
	}
	h.clock.Advance(time.Minute)
	h.eventually("unban", func() bool { _, banned := h.emu.Ban(h.w.Guild, h.w.Bob); return !banned })
	h.eventually("unban case", func() bool { return len(h.cases()) == 2 })
	c := h.lastCase()
	if c.Action != modstore.ActionUnban || c.TargetID != h.w.Bob || c.ModeratorID != h.emu.BotID() || c.Reason != "Temporary ban expired." {
		t.Fatalf("unban case = %+v", c)
	}
	if p := h.pending(); len(p) != 0 {
		t.Fatalf("still pending: %+v", p)
	}
	h.eventually("modlog post", func() bool {
		ms := h.emu.Messages(h.w.Modlog)
		return len(ms) == 2 && ms[1].Embeds[0].Title == "Case #2 · Unban"
	})
}

// TestTempbanExpiringWhileStopped: the bot is stopped, the tempban runs
// out, a new bot on the same database lifts it at start.
func TestTempbanExpiringWhileStopped(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.reply(h.w.Moderator, "!ban alice 2h")
	h.restart(func() {
		h.clock.Advance(3 * time.Hour)
		if _, banned := h.emu.Ban(h.w.Guild, h.w.Alice); !banned {
			t.Fatal("lifted while no bot ran")
		}
	})
	h.eventually("unban at start", func() bool { _, banned := h.emu.Ban(h.w.Guild, h.w.Alice); return !banned })
	h.eventually("unban case", func() bool { return len(h.cases()) == 2 && h.lastCase().Action == modstore.ActionUnban })
	if p := h.pending(); len(p) != 0 {
		t.Fatalf("still pending: %+v", p)
	}
}

// scheduleUnban stores a due unban of userID directly.
func (h *harness) scheduleUnban(userID string) modstore.ScheduledAction {
	h.t.Helper()
	a, err := h.st.ScheduleAction(context.Background(), modstore.ScheduledAction{GuildID: h.w.Guild, Kind: modstore.ActionUnban,
		TargetID: userID, DueAt: h.clock.Now().Add(-time.Minute)})
	if err != nil {
		h.t.Fatal(err)
	}
	return a
}

// actionRow is a scheduled_actions row as the test reads it.
type actionRow struct {
	attempts     int
	lastError    string
	dueAt        time.Time
	done, failed bool
}

// action reads scheduled action id straight from the database file.
func (h *harness) action(id int64) actionRow {
	h.t.Helper()
	h.requireSQLite()
	db, err := sql.Open("sqlite3", "file:"+h.dbPath+"?mode=ro")
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	var r actionRow
	var done, failed sql.NullTime
	err = db.QueryRow(`SELECT attempts, last_error, due_at, done_at, failed_at FROM scheduled_actions WHERE id = ?`, id).
		Scan(&r.attempts, &r.lastError, &r.dueAt, &done, &failed)
	if err != nil {
		h.t.Fatal(err)
	}
	r.done, r.failed = done.Valid, failed.Valid
	return r
}

func TestSchedulerOutcomes(t *testing.T) {
	t.Parallel()
	h := start(t)

	// Not banned any more: 404 Unknown Ban counts as done.
	gone := h.scheduleUnban(h.w.Alice)
	h.eventually("already-unbanned action done", func() bool { return h.action(gone.ID).done })
	if r := h.action(gone.ID); r.failed || r.attempts != 1 {
		t.Fatalf("404 action: %+v", r)
	}

	// A 500 is retried after the backoff; the retry succeeds.
	h.reply(h.w.Moderator, "!ban bob")
	h.emu.FailREST("DELETE", "/guilds/"+h.w.Guild+"/bans/", 4, 500, 0) // 4: the REST policy sends a 5xx request 1+3 times
	flaky := h.scheduleUnban(h.w.Bob)
	h.eventually("failed attempt recorded", func() bool { return h.action(flaky.ID).attempts == 1 })
	if r := h.action(flaky.ID); r.done || r.failed || !strings.Contains(r.lastError, "500") ||
		r.dueAt.Sub(h.clock.Now().Add(time.Minute)).Abs() > time.Millisecond {
		t.Fatalf("after a 500: %+v", r)
	}
	if _, banned := h.emu.Ban(h.w.Guild, h.w.Bob); !banned {
		t.Fatal("unbanned despite the 500")
	}
	h.clock.Advance(time.Minute)
	h.eventually("retry succeeded", func() bool { _, banned := h.emu.Ban(h.w.Guild, h.w.Bob); return !banned })
	h.eventually("retried action done", func() bool { return h.action(flaky.ID).done })
	if r := h.action(flaky.ID); r.attempts != 2 || r.failed {
		t.Fatalf("after the retry: %+v", r)
	}

	// 403: the bot lost Ban Members; the failure is permanent.
	h.reply(h.w.Moderator, "!ban "+h.w.Alice)
	h.emu.AddRole(h.w.Guild, discordtest.Role{ID: h.w.BotRole, Name: "cogd", Position: 3,
		Permissions: discordtest.DefaultBotPermissions &^ discordgo.PermissionBanMembers})
	denied := h.scheduleUnban(h.w.Alice)
	h.eventually("permanent failure", func() bool { return h.action(denied.ID).failed })
	if r := h.action(denied.ID); r.done || r.attempts != 1 || !strings.Contains(r.lastError, "403") {
		t.Fatalf("403 action: %+v", r)
	}
	if _, banned := h.emu.Ban(h.w.Guild, h.w.Alice); !banned {
		t.Fatal("alice unbanned without permission")
	}
	if !strings.Contains(h.logs.String(), "action failed for good") {
		t.Errorf("permanent failure not logged:\n%s", h.logs.String())
	}
	// The 500 attempt and the 403 are scheduler errors; Unknown Ban is none.
	if got := h.metrics.Snapshot().ErrorsBySource["scheduler"]; got != 2 {
		t.Errorf("scheduler errors = %d, want 2", got)
	}
}
