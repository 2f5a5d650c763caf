package moderation

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
)

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
}

// applied is what apply did: the case, and how many pending unbans it
// cancelled.
type applied struct {
	modstore.Case
	cancelled int64
}

// apply carries the sanction out on Discord, then records the case (with
// its scheduled end for a tempban) and posts it to the modlog. Nothing is
// recorded when Discord refuses.
func (s *service) apply(ctx context.Context, set modstore.Settings, sn sanction) (applied, error) {
	now := s.now()
	if err := s.mutate(ctx, set.GuildID, sn, now); err != nil {
		return applied{}, err
	}
	res, err := s.record(ctx, set.GuildID, sn, now)
	if err != nil {
		return res, err
	}
	s.modlog(ctx, set, caseView{Case: res.Case, Target: sn.target, Moderator: sn.moderator})
	return res, nil
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

// record stores the sanction's case in one transaction with its schedule:
// any ban or unban cancels the target's pending unbans (a permanent ban
// must not be lifted by an older tempban's end), and a tempban schedules
// its own.
func (s *service) record(ctx context.Context, guildID string, sn sanction, now time.Time) (applied, error) {
	c := modstore.Case{GuildID: guildID, Action: sn.action, TargetID: sn.target.ID, ModeratorID: sn.moderator.ID,
		Reason: sn.reason, Duration: sn.duration, CreatedAt: now}
	var res applied
	err := s.store.Tx(ctx, func(tx *modstore.Store) error {
		var err error
		if sn.scheduled != 0 {
			if err := tx.MarkActionDone(ctx, sn.scheduled, sn.claimant); err != nil {
				return err
			}
		}
		if res.cancelled, err = cancelUnbans(ctx, tx, guildID, sn); err != nil {
			return err
		}
		if res.Case, err = tx.CreateCase(ctx, c); err != nil {
			return err
		}
		return scheduleUnban(ctx, tx, res.Case)
	})
	if err != nil {
		return res, fmt.Errorf("record %s of %s: %w", sn.action, sn.target.ID, err)
	}
	if res.Action == modstore.ActionTempban {
		s.wakeScheduler()
	}
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

// cancelUnbans cancels the target's pending unbans before a ban or unban.
func cancelUnbans(ctx context.Context, tx *modstore.Store, guildID string, sn sanction) (int64, error) {
	switch sn.action {
	case modstore.ActionBan, modstore.ActionTempban, modstore.ActionUnban:
		return tx.CancelActions(ctx, guildID, sn.target.ID, modstore.ActionUnban)
	}
	return 0, nil
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
