package moderation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

// Paging of the warnings list.
const (
	warningsPerPage = 10
	// maxListedCases bounds the cases read to list a member's warnings.
	maxListedCases = 1000
)

// warnings answers `warnings [member] [page]`: anyone may list their own;
// another member's need Moderate Members.
func warnings(ctx context.Context, s *service, cx *command.Context) error {
	u := cx.User("member")
	if u == nil {
		u = cx.Author()
	}
	if err := s.mayListWarnings(ctx, cx, u); err != nil {
		return err
	}
	l, err := s.warnListOf(ctx, cx.GuildID(), u)
	if err != nil {
		return err
	}
	l.page = cx.Int("page")
	return cx.ReplyEmbed(ctx, l.embed())
}

// warnListOf reads u's warnings in guildID and their active points (with
// the guild's decay), for the first page.
func (s *service) warnListOf(ctx context.Context, guildID string, u *discordgo.User) (warnList, error) {
	set, err := s.settings(ctx, guildID)
	if err != nil {
		return warnList{}, err
	}
	now := s.now()
	warns, err := s.warnCases(ctx, guildID, u.ID)
	if err != nil {
		return warnList{}, err
	}
	active, err := s.store.ActivePoints(ctx, guildID, u.ID, now, set.WarnDecayDays)
	if err != nil {
		return warnList{}, fmt.Errorf("active points: %w", err)
	}
	return warnList{user: u, warns: warns, active: active, decayDays: set.WarnDecayDays, page: 1, now: now}, nil
}

// mayListWarnings allows the invoker's own warnings, and others' with
// Moderate Members.
func (s *service) mayListWarnings(ctx context.Context, cx *command.Context, u *discordgo.User) error {
	if u.ID == cx.Author().ID {
		return nil
	}
	perms, err := cx.AuthorPermissions(ctx, s.now())
	if err != nil {
		return err
	}
	if perms&permModerate == 0 {
		return &command.MissingPermissionsError{Missing: permModerate}
	}
	return nil
}

// warnCases returns the target's warn cases, newest first (at most
// maxListedCases cases are read).
func (s *service) warnCases(ctx context.Context, guildID, userID string) ([]modstore.Case, error) {
	var warns []modstore.Case
	for page := 1; page*100 <= maxListedCases; page++ {
		cases, total, err := s.store.CasesForTarget(ctx, guildID, userID, page, 100)
		if err != nil {
			return nil, fmt.Errorf("list warnings: %w", err)
		}
		for _, c := range cases {
			if c.Action == modstore.ActionWarn {
				warns = append(warns, c)
			}
		}
		if int64(page*100) >= total {
			break
		}
	}
	return warns, nil
}

// unwarn answers `unwarn <case> [reason…]`: revokes the warning and
// records an unwarn case, in one transaction.
func unwarn(ctx context.Context, s *service, cx *command.Context) error {
	set, err := s.settings(ctx, cx.GuildID())
	if err != nil {
		return err
	}
	warning, undo, err := s.revokeWarning(ctx, cx, int64(cx.Int("case")), cx.String("reason"))
	if err != nil {
		return err
	}
	s.modlog(ctx, set, caseView{Case: undo, Moderator: cx.Author()})
	s.modlogUpdate(ctx, set, warning) // the warning's own entry now shows it revoked
	active, err := s.store.ActivePoints(ctx, cx.GuildID(), warning.TargetID, s.now(), set.WarnDecayDays)
	if err != nil {
		return fmt.Errorf("active points: %w", err)
	}
	return cx.Reply(ctx, fmt.Sprintf("Case #%d: revoked warning #%d of %s (%s removed, %d active).",
		undo.Number, warning.Number, mention(warning.TargetID), plural(warning.Points, "point"), active))
}

// revokeWarning revokes warn case number n and records the unwarn case.
func (s *service) revokeWarning(ctx context.Context, cx *command.Context, n int64, reason string) (warning, undo modstore.Case, err error) {
	err = s.store.Tx(ctx, func(tx *modstore.Store) error {
		if warning, err = tx.Case(ctx, cx.GuildID(), n); err != nil {
			return err
		}
		if warning.Action != modstore.ActionWarn {
			return command.Errorf("Case #%d is a %s, not a warning.", n, describeAction(warning.Action).label)
		}
		if err := actorIsTarget(warning, cx.Author().ID); err != nil {
			return err
		}
		if warning, err = tx.RevokeCase(ctx, cx.GuildID(), n, cx.Author().ID); err != nil {
			return err
		}
		undo, err = tx.CreateCase(ctx, modstore.Case{GuildID: cx.GuildID(), Action: modstore.ActionUnwarn, TargetID: warning.TargetID,
			ModeratorID: cx.Author().ID, Reason: unwarnReason(n, reason), CreatedAt: s.now()})
		return err
	})
	return warning, undo, caseError(err, n)
}

// unwarnReason is the reason of an unwarn case.
func unwarnReason(n int64, reason string) string {
	if reason == "" {
		return fmt.Sprintf("Revoked warning #%d.", n)
	}
	return fmt.Sprintf("Revoked warning #%d: %s", n, reason)
}

// caseError turns the store's "no such case" and "already revoked" into
// answers for the user.
func caseError(err error, n int64) error {
	switch {
	case errors.Is(err, modstore.ErrNotFound):
		return command.Errorf("There is no case #%d.", n)
	case errors.Is(err, modstore.ErrAlreadyRevoked):
		return command.Errorf("Warning #%d was revoked already.", n)
	}
	return err
}

// warnList is one page of a member's warnings.
type warnList struct {
	user      *discordgo.User
	warns     []modstore.Case
	active    int
	decayDays int
	page      int
	now       time.Time
}
