package moderation

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
)

// verifyTimeout bounds the check of Discord after an action whose answer
// was lost (the command's own deadline may be spent by then).
const verifyTimeout = 10 * time.Second

// sanction is an action to carry out on Discord and record as a case.
type sanction struct {
	action     modstore.Action // kick, ban, tempban, unban, timeout or untimeout
	target     *discordgo.User
	moderator  *discordgo.User
	reason     string
	duration   time.Duration // of a timeout or tempban
	deleteDays int           // of a ban
	// scheduled is the ID of the scheduled action being run (0: a
	// command); it is marked done with the case, if claimant still holds
	// its claim (otherwise nothing is recorded).
	scheduled int64
	claimant  string
	// beforeAct runs after the case is recorded and before Discord is
	// asked (the DM of a kick or ban, while the target can still get it).
	beforeAct func(ctx context.Context)
}

// applied is what apply did: the case as it stands (done, failed, or
// still pending when Discord's answer was lost and could not be checked),
// and how many pending unbans the action cancelled.
type applied struct {
	modstore.Case
	cancelled int64
}

// apply records the sanction as a pending case (with the scheduled end of
// a tempban, in one transaction), then carries it out on Discord, then
// marks the case done or failed and posts it to the modlog. When the
// record fails nothing is done on Discord (a *recordError); when Discord
// refuses, the case is marked failed and its scheduled end cancelled (an
// *actionError); when Discord's answer is lost, Discord is asked what
// happened, and the case stays pending for reconciliation if that fails
// too (an *actionError with unsettled set).
func (s *service) apply(ctx context.Context, set modstore.Settings, sn sanction) (applied, error) {
	c, err := s.recordPending(ctx, set.GuildID, sn, s.now())
	if err != nil {
		s.log.Error("moderation: could not record an action; nothing was done on Discord",
			"guild", set.GuildID, "action", sn.action, "target", sn.target.ID, "err", err)
		return applied{}, &recordError{action: sn.action, err: err}
	}
	if sn.beforeAct != nil {
		sn.beforeAct(ctx)
	}
	actErr := s.mutate(ctx, set.GuildID, sn, c.CreatedAt)
	res, err := s.settleCommand(ctx, c, actErr)
	if res.State != modstore.StatePending {
		s.modlog(ctx, set, caseView{Case: res.Case, Target: sn.target, Moderator: sn.moderator})
	}
	return res, err
}

// recordPending stores the sanction's case as pending and, for a tempban,
// its scheduled unban, in one transaction.
func (s *service) recordPending(ctx context.Context, guildID string, sn sanction, now time.Time) (modstore.Case, error) {
	c := modstore.Case{GuildID: guildID, Action: sn.action, TargetID: sn.target.ID, ModeratorID: sn.moderator.ID,
		Reason: sn.reason, Duration: sn.duration, DeleteDays: sn.deleteDays, CreatedAt: now, State: modstore.StatePending}
	err := s.store.Tx(ctx, func(tx *modstore.Store) error {
		var err error
		if c, err = tx.CreateCase(ctx, c); err != nil {
			return err
		}
		return scheduleUnban(ctx, tx, c)
	})
	if err != nil {
		return c, fmt.Errorf("record %s of %s: %w", sn.action, sn.target.ID, err)
	}
	return c, nil
}

// settleCommand marks the case after Discord answered actErr: done on
// success, failed when Discord refused; a lost answer is checked on
// Discord first.
func (s *service) settleCommand(ctx context.Context, c modstore.Case, actErr error) (applied, error) {
	checked := false
	if actErr != nil && !refused(actErr) {
		vctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), verifyTimeout)
		happened, err := s.verify(vctx, c)
		cancel()
		if err != nil {
			s.log.Warn("moderation: outcome unknown, the case stays pending", "guild", c.GuildID, "case", c.Number, "err", actErr, "check", err)
			return applied{Case: c}, &actionError{c: c, cause: actErr, unsettled: true}
		}
		if happened {
			actErr = nil
		}
		checked = true
	}
	if actErr == nil {
		return s.markDone(ctx, c)
	}
	res, err := s.markFailed(ctx, c, actErr)
	if ae, ok := err.(*actionError); ok {
		ae.checked = checked
	}
	return res, err
}

// markDone marks the case done; a ban or unban then cancels the target's
// other pending unbans (a permanent ban must not be lifted by an older
// tempban's end). A failure to mark is logged: the action happened, and
// reconciliation will find it done on Discord.
func (s *service) markDone(ctx context.Context, c modstore.Case) (applied, error) {
	res, bg := applied{Case: c}, context.WithoutCancel(ctx)
	err := s.store.Tx(bg, func(tx *modstore.Store) error {
		var err error
		if res.Case, err = tx.MarkCaseDone(bg, c.GuildID, c.Number); err != nil {
			return err
		}
		res.cancelled, err = cancelOtherUnbans(bg, tx, res.Case)
		return err
	})
	if err != nil {
		s.log.Warn("moderation: could not mark a case done", "guild", c.GuildID, "case", c.Number, "err", err)
		res.Case, res.State = c, modstore.StateDone
	}
	if res.Action == modstore.ActionTempban {
		s.wakeScheduler()
	}
	return res, nil
}

// markFailed marks the case failed with Discord's reason (cancelling its
// scheduled end) and returns the error that tells the moderator.
func (s *service) markFailed(ctx context.Context, c modstore.Case, actErr error) (applied, error) {
	failed, err := s.store.MarkCaseFailed(context.WithoutCancel(ctx), c.GuildID, c.Number, failureText(actErr))
	if err != nil {
		s.log.Warn("moderation: could not mark a case failed; reconciliation will", "guild", c.GuildID, "case", c.Number, "err", err)
		c.State, c.Failure = modstore.StateFailed, failureText(actErr)
		failed = c
	}
	return applied{Case: failed}, &actionError{c: failed, cause: actErr}
}

// cancelOtherUnbans cancels the target's pending unbans other than the
// case's own, after a ban, tempban or unban.
func cancelOtherUnbans(ctx context.Context, tx *modstore.Store, c modstore.Case) (int64, error) {
	switch c.Action {
	case modstore.ActionBan, modstore.ActionTempban, modstore.ActionUnban:
		return tx.CancelOtherActions(ctx, c.GuildID, c.TargetID, modstore.ActionUnban, c.ID)
	}
	return 0, nil
}

// mutate makes the REST call of the sanction.
func (s *service) mutate(ctx context.Context, guildID string, sn sanction, now time.Time) error {
	id := sn.target.ID
	switch sn.action {
	case modstore.ActionKick:
		return s.restKick(ctx, guildID, id, sn.moderator, sn.reason)
	case modstore.ActionBan, modstore.ActionTempban:
		return s.restBan(ctx, guildID, id, sn.deleteDays, sn.moderator, sn.reason)
	case modstore.ActionUnban:
		return s.restUnban(ctx, guildID, id, sn.moderator, sn.reason)
	case modstore.ActionTimeout:
		until := now.Add(sn.duration)
		return s.restTimeout(ctx, guildID, id, &until, sn.moderator, sn.reason)
	case modstore.ActionUntimeout:
		return s.restTimeout(ctx, guildID, id, nil, sn.moderator, sn.reason)
	}
	return fmt.Errorf("sanction %q: not an action on Discord", sn.action)
}

// applyScheduled carries out an action of the scheduler (the scheduled
// action is its durable record: claimed, retried, marked), then records
// its case, done, with the action marked done in the same transaction.
func (s *service) applyScheduled(ctx context.Context, set modstore.Settings, sn sanction) (applied, error) {
	now := s.now()
	if err := s.mutate(ctx, set.GuildID, sn, now); err != nil {
		return applied{}, err
	}
	c := modstore.Case{GuildID: set.GuildID, Action: sn.action, TargetID: sn.target.ID, ModeratorID: sn.moderator.ID,
		Reason: sn.reason, CreatedAt: now, State: modstore.StateDone}
	var res applied
	err := s.store.Tx(ctx, func(tx *modstore.Store) error {
		if err := tx.MarkActionDone(ctx, sn.scheduled, sn.claimant); err != nil {
			return err
		}
		var err error
		if res.Case, err = tx.CreateCase(ctx, c); err != nil {
			return err
		}
		res.cancelled, err = cancelOtherUnbans(ctx, tx, res.Case)
		return err
	})
	if err != nil {
		return res, fmt.Errorf("record %s of %s: %w", sn.action, sn.target.ID, err)
	}
	s.modlog(ctx, set, caseView{Case: res.Case, Target: sn.target, Moderator: sn.moderator})
	return res, nil
}

// wakeScheduler makes the scheduler poll now, so that it sees an action
// due before its next poll.
func (s *service) wakeScheduler() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// scheduleUnban schedules the end of a tempban case.
func scheduleUnban(ctx context.Context, tx *modstore.Store, c modstore.Case) error {
	if c.Action != modstore.ActionTempban {
		return nil
	}
	_, err := tx.ScheduleAction(ctx, modstore.ScheduledAction{GuildID: c.GuildID, Kind: modstore.ActionUnban,
		TargetID: c.TargetID, CaseID: c.ID, DueAt: c.ExpiresAt})
	return err
}
