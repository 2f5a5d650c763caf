package moderation

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/metrics"
)

// Scheduler limits.
const (
	// pollBatch is how many due actions one poll runs.
	pollBatch = 50
	// maxAttempts is how many transient failures an action survives.
	maxAttempts = 10
	// busyWait is the pause between polls while a backlog is worked off.
	busyWait = 100 * time.Millisecond
	// claimLease is how long a claimed action is this process's before
	// another may take it over (if this process died meanwhile). An
	// attempt is cut off at attemptTimeout, well inside the lease.
	claimLease     = 5 * time.Minute
	attemptTimeout = time.Minute
)

// errUnsupported marks a scheduled action this cog cannot run.
var errUnsupported = errors.New("unsupported scheduled action")

// errCasePending defers a scheduled action whose case is still pending
// (reconciliation settles the case first; a failed one cancels the action).
var errCasePending = errors.New("the case that scheduled it is still pending")

// scheduler runs the scheduled actions when they fall due. Several
// processes on one database each run one: an action is run by the one
// that claims it (modstore.ClaimDueActions).
type scheduler struct {
	svc *service
	// owner names this scheduler in its claims, unique per process.
	owner string
	// me is the bot's user, the moderator of the cases it makes.
	me *discordgo.User
}

// newScheduler returns a scheduler working for svc.
func newScheduler(svc *service) *scheduler { return &scheduler{svc: svc, owner: claimOwner()} }

// claimOwner is a name unique to this scheduler: host, process and a
// random part (a restarted process must not inherit its old claims).
func claimOwner() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), rand.Text()[:8])
}

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

// poll reconciles the pending cases, then runs the actions due now, and
// returns how long to wait before the next poll. The first poll runs when
// the cog starts: pending cases a dead process left are resolved before
// any action runs.
func (sch *scheduler) poll(ctx context.Context) time.Duration {
	sch.svc.reconcile(ctx)
	now := sch.svc.now()
	due, err := sch.svc.store.ClaimDueActions(ctx, sch.owner, now, claimLease, pollBatch)
	if err != nil {
		sch.svc.countError(metrics.ErrorSourceScheduler)
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

// untilNext is the wait until the earliest pending action nobody holds
// falls due, at most SchedulerEvery (so actions whose claim lapses are
// taken over within SchedulerEvery of the lapse).
func (sch *scheduler) untilNext(ctx context.Context, now time.Time) time.Duration {
	every := sch.svc.opts.SchedulerEvery
	next, ok, err := sch.svc.store.NextDueAt(ctx, now)
	if err != nil || !ok {
		return every
	}
	return min(max(next.Sub(now), 0), every)
}

// runAction runs one action and records the outcome.
func (sch *scheduler) runAction(ctx context.Context, a modstore.ScheduledAction) {
	actx, cancel := context.WithTimeout(ctx, attemptTimeout)
	err := sch.perform(actx, a)
	cancel()
	if ctx.Err() != nil {
		return // stopping: the action stays claimed until the lease lapses, then runs
	}
	if errors.Is(err, modstore.ErrClaimLost) {
		sch.svc.log.Info("scheduler: another process took the action over", "action", a.ID)
		return
	}
	if err != nil && outcome(err) != outcomeDone {
		sch.svc.countError(metrics.ErrorSourceScheduler) // the attempt failed
	}
	if err := sch.settle(ctx, a, err); err != nil {
		sch.svc.countError(metrics.ErrorSourceScheduler)
		sch.svc.log.Warn("scheduler: could not record the outcome", "action", a.ID, "err", err)
	}
}

// perform carries the action out on Discord and records its case.
func (sch *scheduler) perform(ctx context.Context, a modstore.ScheduledAction) error {
	if a.Kind != modstore.ActionUnban {
		return fmt.Errorf("%w: %q", errUnsupported, a.Kind)
	}
	me, err := sch.botUser(ctx)
	if err != nil {
		return err
	}
	if err := sch.casePending(ctx, a); err != nil {
		return err
	}
	set, err := sch.svc.settings(ctx, a.GuildID)
	if err != nil {
		return err
	}
	sn := sanction{action: modstore.ActionUnban, target: &discordgo.User{ID: a.TargetID}, moderator: me,
		reason: "Temporary ban expired.", scheduled: a.ID, claimant: sch.owner}
	if _, err = sch.svc.applyScheduled(ctx, set, sn); err == nil {
		sch.svc.modlogEnded(ctx, set, a.CaseID) // the tempban's entry now says it ended
	}
	return err
}

// casePending is errCasePending when the case that scheduled a is still
// pending (a tempban whose ban Discord has not confirmed yet).
func (sch *scheduler) casePending(ctx context.Context, a modstore.ScheduledAction) error {
	if a.CaseID == 0 {
		return nil
	}
	c, err := sch.svc.store.CaseByID(ctx, a.CaseID)
	switch {
	case errors.Is(err, modstore.ErrNotFound):
		return nil
	case err != nil:
		return err
	case c.State == modstore.StatePending:
		return fmt.Errorf("scheduled action %d: %w", a.ID, errCasePending)
	}
	return nil
}

// settle marks the action done, retried later or failed for good,
// according to err. Without an error it was marked done with its case.
func (sch *scheduler) settle(ctx context.Context, a modstore.ScheduledAction, err error) error {
	st := sch.svc.store
	switch outcome(err) {
	case outcomeDone:
		if err == nil {
			return nil
		}
		return st.MarkActionDone(ctx, a.ID, sch.owner)
	case outcomePermanent:
		sch.svc.log.Warn("scheduler: action failed for good", "action", a.ID, "guild", a.GuildID, "target", a.TargetID, "err", err)
		return st.MarkActionFailed(ctx, a.ID, sch.owner, err, true, time.Time{})
	}
	if a.Attempts+1 >= maxAttempts {
		sch.svc.log.Warn("scheduler: action failed too often", "action", a.ID, "attempts", a.Attempts+1, "err", err)
		return st.MarkActionFailed(ctx, a.ID, sch.owner, err, true, time.Time{})
	}
	next := sch.svc.now().Add(sch.svc.opts.Backoff(a.Attempts + 1))
	sch.svc.log.Info("scheduler: action failed, will retry", "action", a.ID, "at", next, "err", err)
	return st.MarkActionFailed(ctx, a.ID, sch.owner, err, false, next)
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
