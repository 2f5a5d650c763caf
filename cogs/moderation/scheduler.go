package moderation

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/store"
)

// Scheduler limits.
const (
	// pollBatch is how many due actions one poll runs.
	pollBatch = 50
	// maxAttempts is how many transient failures an action survives.
	maxAttempts = 10
	// busyWait is the pause between polls while a backlog is worked off.
	busyWait = 100 * time.Millisecond
)

// errUnsupported marks a scheduled action this cog cannot run.
var errUnsupported = errors.New("unsupported scheduled action")

// scheduler runs the scheduled actions when they fall due.
type scheduler struct {
	svc *service
	// me is the bot's user, the moderator of the cases it makes.
	me *discordgo.User
}

// newScheduler returns a scheduler working for svc.
func newScheduler(svc *service) *scheduler { return &scheduler{svc: svc} }

// run polls at once, then again whenever the next action falls due, at
// most Options.SchedulerEvery apart, and when a new action is scheduled.
func (sch *scheduler) run(ctx context.Context) {
	for {
		t := time.NewTimer(sch.poll(ctx))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-sch.svc.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

// poll runs the actions due now and returns how long to wait before the
// next poll.
func (sch *scheduler) poll(ctx context.Context) time.Duration {
	now := sch.svc.now()
	due, err := sch.svc.store.DueActions(ctx, now, pollBatch)
	if err != nil {
		sch.svc.log.Warn("scheduler: could not read due actions", "err", err)
		return sch.svc.opts.SchedulerEvery
	}
	for _, a := range due {
		if ctx.Err() != nil {
			return 0
		}
		sch.runAction(ctx, a)
	}
	if len(due) == pollBatch {
		return busyWait
	}
	return sch.untilNext(ctx, now)
}

// untilNext is the wait until the earliest pending action falls due,
// at most SchedulerEvery.
func (sch *scheduler) untilNext(ctx context.Context, now time.Time) time.Duration {
	every := sch.svc.opts.SchedulerEvery
	next, err := sch.svc.store.DueActions(ctx, now.Add(every), 1)
	if err != nil || len(next) == 0 {
		return every
	}
	return min(max(next[0].DueAt.Sub(now), 0), every)
}

// runAction runs one action and records the outcome.
func (sch *scheduler) runAction(ctx context.Context, a store.ScheduledAction) {
	err := sch.perform(ctx, a)
	if ctx.Err() != nil {
		return // stopping: the action stays due and runs at the next start
	}
	if err := sch.settle(ctx, a, err); err != nil {
		sch.svc.log.Warn("scheduler: could not record the outcome", "action", a.ID, "err", err)
	}
}

// perform carries the action out on Discord and records its case.
func (sch *scheduler) perform(ctx context.Context, a store.ScheduledAction) error {
	if a.Kind != store.ActionUnban {
		return fmt.Errorf("%w: %q", errUnsupported, a.Kind)
	}
	me, err := sch.botUser(ctx)
	if err != nil {
		return err
	}
	set, err := sch.svc.settings(ctx, a.GuildID)
	if err != nil {
		return err
	}
	sn := sanction{action: store.ActionUnban, target: &discordgo.User{ID: a.TargetID}, moderator: me,
		reason: "Temporary ban expired.", scheduled: a.ID}
	_, err = sch.svc.apply(ctx, set, sn)
	return err
}

// settle marks the action done, retried later or failed for good,
// according to err. Without an error it was marked done with its case.
func (sch *scheduler) settle(ctx context.Context, a store.ScheduledAction, err error) error {
	st := sch.svc.store
	switch outcome(err) {
	case outcomeDone:
		if err == nil {
			return nil
		}
		return st.MarkActionDone(ctx, a.ID)
	case outcomePermanent:
		sch.svc.log.Warn("scheduler: action failed for good", "action", a.ID, "guild", a.GuildID, "target", a.TargetID, "err", err)
		return st.MarkActionFailed(ctx, a.ID, err, true, time.Time{})
	}
	if a.Attempts+1 >= maxAttempts {
		sch.svc.log.Warn("scheduler: action failed too often", "action", a.ID, "attempts", a.Attempts+1, "err", err)
		return st.MarkActionFailed(ctx, a.ID, err, true, time.Time{})
	}
	next := sch.svc.now().Add(sch.svc.opts.Backoff(a.Attempts + 1))
	sch.svc.log.Info("scheduler: action failed, will retry", "action", a.ID, "at", next, "err", err)
	return st.MarkActionFailed(ctx, a.ID, err, false, next)
}

// The outcomes of an attempt.
const (
	outcomeDone = iota
	outcomePermanent
	outcomeTransient
)

// outcome classifies an attempt's error: none or Unknown Ban (already
// lifted) is done; Discord refusing (400, 403, any other 404) or an
// unsupported action is permanent; anything else (429, 5xx, network,
// database) is worth retrying.
func outcome(err error) int {
	status, code := restError(err)
	switch {
	case err == nil, status == http.StatusNotFound && code == discordgo.ErrCodeUnknownBan:
		return outcomeDone
	case errors.Is(err, errUnsupported), status == http.StatusBadRequest, status == http.StatusForbidden, status == http.StatusNotFound:
		return outcomePermanent
	}
	return outcomeTransient
}

// botUser is the bot's user: from the gateway state once connected, else
// (the first poll runs at Load, before the gateway) from REST, once.
func (sch *scheduler) botUser(ctx context.Context) (*discordgo.User, error) {
	if me := sch.svc.me(); me.ID != "" {
		return &me, nil
	}
	if sch.me == nil {
		me, err := sch.svc.rest.User("@me", discordgo.WithContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("bot user: %w", err)
		}
		sch.me = me
	}
	return sch.me, nil
}
