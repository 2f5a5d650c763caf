package moderation

import (
	"context"
	"net/http"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

// kick answers `kick <member> [reason…]`: DM, kick, case.
func kick(ctx context.Context, s *service, cx *command.Context) error {
	m, reason := cx.Member("member"), cx.String("reason")
	p, err := s.authorize(ctx, cx, m.User, m)
	if err != nil {
		return err
	}
	set, err := s.settings(ctx, cx.GuildID())
	if err != nil {
		return err
	}
	delivered := s.dm(ctx, m.User.ID, sanctionDM(p.guild, modstore.ActionKick, 0, reason))
	res, err := s.apply(ctx, set, sanction{action: modstore.ActionKick, target: m.User, moderator: cx.Author(), reason: reason})
	if err != nil {
		return err
	}
	return cx.Reply(ctx, caseReply(res.Case, m.User, dmNote(delivered)))
}

// ban answers `ban <user> [duration] [delete_days] [reason…]`: DM when
// the user is a member, ban, case; a duration schedules the unban.
func ban(ctx context.Context, s *service, cx *command.Context) error {
	u, d, reason := cx.User("user"), cx.Duration("duration"), cx.String("reason")
	p, err := s.authorize(ctx, cx, u, nil)
	if err != nil {
		return err
	}
	set, err := s.settings(ctx, cx.GuildID())
	if err != nil {
		return err
	}
	sn := sanction{action: modstore.ActionBan, target: u, moderator: cx.Author(), reason: reason, duration: d, deleteDays: cx.Int("delete_days")}
	if d > 0 {
		sn.action = modstore.ActionTempban
	}
	delivered := p.member == nil || s.dm(ctx, u.ID, sanctionDM(p.guild, sn.action, d, reason))
	res, err := s.apply(ctx, set, sn)
	if err != nil {
		return err
	}
	return cx.Reply(ctx, caseReply(res.Case, u, joinNotes(untilNote(res.Case), dmNote(delivered))))
}

// unban answers `unban <user> [reason…]`: unban, cancel the scheduled
// unban, case.
func unban(ctx context.Context, s *service, cx *command.Context) error {
	u, reason := cx.User("user"), cx.String("reason")
	if _, err := s.authorize(ctx, cx, u, nil); err != nil {
		return err
	}
	set, err := s.settings(ctx, cx.GuildID())
	if err != nil {
		return err
	}
	res, err := s.apply(ctx, set, sanction{action: modstore.ActionUnban, target: u, moderator: cx.Author(), reason: reason})
	if status, code := restError(err); status == http.StatusNotFound && code == discordgo.ErrCodeUnknownBan {
		return s.notBanned(ctx, cx, u)
	}
	if err != nil {
		return err
	}
	note := ""
	if res.cancelled > 0 {
		note = "its scheduled end was cancelled"
	}
	return cx.Reply(ctx, caseReply(res.Case, u, note))
}

// notBanned answers an unban of a user Discord has no ban for, cancelling
// any pending unban of theirs on the way.
func (s *service) notBanned(ctx context.Context, cx *command.Context, u *discordgo.User) error {
	if _, err := s.store.CancelActions(ctx, cx.GuildID(), u.ID, modstore.ActionUnban); err != nil {
		return err
	}
	return command.Errorf("%s is not banned.", u.Username)
}

// timeout answers `timeout <member> <duration> [reason…]`.
func timeout(ctx context.Context, s *service, cx *command.Context) error {
	m, d, reason := cx.Member("member"), cx.Duration("duration"), cx.String("reason")
	p, err := s.authorize(ctx, cx, m.User, m)
	if err != nil {
		return err
	}
	if isAdmin(p.guild, m) {
		return command.Errorf("%s is an administrator, and Discord doesn't let administrators be timed out.", m.User.Username)
	}
	set, err := s.settings(ctx, cx.GuildID())
	if err != nil {
		return err
	}
	res, err := s.apply(ctx, set, sanction{action: modstore.ActionTimeout, target: m.User, moderator: cx.Author(), reason: reason, duration: d})
	if err != nil {
		return err
	}
	delivered := s.dm(ctx, m.User.ID, sanctionDM(p.guild, modstore.ActionTimeout, d, reason))
	return cx.Reply(ctx, caseReply(res.Case, m.User, joinNotes(untilNote(res.Case), dmNote(delivered))))
}

// untimeout answers `untimeout <member> [reason…]`.
func untimeout(ctx context.Context, s *service, cx *command.Context) error {
	m, reason := cx.Member("member"), cx.String("reason")
	if _, err := s.authorize(ctx, cx, m.User, m); err != nil {
		return err
	}
	if until := m.CommunicationDisabledUntil; until == nil || !until.After(s.now()) {
		return command.Errorf("%s is not timed out.", m.User.Username)
	}
	set, err := s.settings(ctx, cx.GuildID())
	if err != nil {
		return err
	}
	res, err := s.apply(ctx, set, sanction{action: modstore.ActionUntimeout, target: m.User, moderator: cx.Author(), reason: reason})
	if err != nil {
		return err
	}
	return cx.Reply(ctx, caseReply(res.Case, m.User, ""))
}
