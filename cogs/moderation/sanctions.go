package moderation

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/store"
)

// sanction is an action to carry out on Discord and record as a case.
type sanction struct {
	action     store.Action // kick, ban, tempban, unban, timeout or untimeout
	target     *discordgo.User
	moderator  *discordgo.User
	reason     string
	duration   time.Duration // of a timeout or tempban
	deleteDays int           // of a ban
	// scheduled is the ID of the scheduled action being run (0: a
	// command); it is marked done with the case.
	scheduled int64
}

// applied is what apply did: the case, and how many pending unbans it
// cancelled.
type applied struct {
	store.Case
	cancelled int64
}

// apply carries the sanction out on Discord, then records the case (with
// its scheduled end for a tempban) and posts it to the modlog. Nothing is
// recorded when Discord refuses.
func (s *service) apply(ctx context.Context, set store.Settings, sn sanction) (applied, error) {
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
	case store.ActionKick:
		return s.restKick(ctx, guildID, id, sn.moderator, sn.reason)
	case store.ActionBan, store.ActionTempban:
		return s.restBan(ctx, guildID, id, sn.deleteDays, sn.moderator, sn.reason)
	case store.ActionUnban:
		return s.restUnban(ctx, guildID, id, sn.moderator, sn.reason)
	case store.ActionTimeout:
		until := now.Add(sn.duration)
		return s.restTimeout(ctx, guildID, id, &until, sn.moderator, sn.reason)
	case store.ActionUntimeout:
		return s.restTimeout(ctx, guildID, id, nil, sn.moderator, sn.reason)
	}
	return fmt.Errorf("sanction %q: not an action on Discord", sn.action)
}

// record stores the sanction's case in one transaction with its schedule:
// any ban or unban cancels the target's pending unbans (a permanent ban
// must not be lifted by an older tempban's end), and a tempban schedules
// its own.
func (s *service) record(ctx context.Context, guildID string, sn sanction, now time.Time) (applied, error) {
	c := store.Case{GuildID: guildID, Action: sn.action, TargetID: sn.target.ID, ModeratorID: sn.moderator.ID,
		Reason: sn.reason, Duration: sn.duration, CreatedAt: now}
	var res applied
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		var err error
		if sn.scheduled != 0 {
			if err := tx.MarkActionDone(ctx, sn.scheduled); err != nil {
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
	if res.Action == store.ActionTempban {
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
func cancelUnbans(ctx context.Context, tx *store.Store, guildID string, sn sanction) (int64, error) {
	switch sn.action {
	case store.ActionBan, store.ActionTempban, store.ActionUnban:
		return tx.CancelActions(ctx, guildID, sn.target.ID, store.ActionUnban)
	}
	return 0, nil
}

// scheduleUnban schedules the end of a tempban case.
func scheduleUnban(ctx context.Context, tx *store.Store, c store.Case) error {
	if c.Action != store.ActionTempban {
		return nil
	}
	_, err := tx.ScheduleAction(ctx, store.ScheduledAction{GuildID: c.GuildID, Kind: store.ActionUnban,
		TargetID: c.TargetID, CaseID: c.ID, DueAt: c.ExpiresAt})
	return err
}
