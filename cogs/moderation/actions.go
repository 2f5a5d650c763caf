package moderation

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

// kick answers `kick <member> [reason…]`: case (pending), DM, kick, case
// done.
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
	delivered := false
	sn := sanction{action: modstore.ActionKick, target: m.User, moderator: cx.Author(), reason: reason,
		beforeAct: func(ctx context.Context) {
			delivered = s.dm(ctx, m.User.ID, sanctionDM(p.guild, modstore.ActionKick, 0, reason))
		}}
	res, err := s.apply(ctx, set, sn)
	if err != nil {
		return err
	}
	return cx.Reply(ctx, actionReply(res.Case, m.User, dmNote(delivered)))
}

// ban answers `ban <user> [duration] [delete_days] [reason…]`: a
// duration makes it temporary.
func ban(ctx context.Context, s *service, cx *command.Context) error {
	d, _ := command.Value[banLength](cx, "duration")
	return s.banUser(ctx, cx, time.Duration(d))
}

// tempban answers `tempban <user> <duration> [delete_days] [reason…]`.
func tempban(ctx context.Context, s *service, cx *command.Context) error {
	d, _ := command.Value[banLength](cx, "duration")
	return s.banUser(ctx, cx, time.Duration(d))
}

// banUser bans cx's user for d (0: permanently): refused when they are
// banned already; case (pending, with the scheduled unban), DM when they
// are a member, ban, case done.
func (s *service) banUser(ctx context.Context, cx *command.Context, d time.Duration) error {
	u, reason := cx.User("user"), cx.String("reason")
	days, _ := command.Value[dayCount](cx, "delete_days")
	p, err := s.authorize(ctx, cx, u, nil)
	if err != nil {
		return err
	}
	if err := s.refuseBanned(ctx, cx.GuildID(), u); err != nil {
		return err
	}
	set, err := s.settings(ctx, cx.GuildID())
	if err != nil {
		return err
	}
	sn := sanction{action: modstore.ActionBan, target: u, moderator: cx.Author(), reason: reason, duration: d, deleteDays: int(days)}
	if d > 0 {
		sn.action = modstore.ActionTempban
	}
	delivered := true
	if p.member != nil {
		sn.beforeAct = func(ctx context.Context) { delivered = s.dm(ctx, u.ID, sanctionDM(p.guild, sn.action, d, reason)) }
	}
	res, err := s.apply(ctx, set, sn)
	if err != nil {
		return err
	}
	return cx.Reply(ctx, actionReply(res.Case, u, dmNote(delivered)))
}

// refuseBanned refuses to ban a user Discord has banned already for good,
// naming the case that banned them when there is one. A temporary ban (one
// whose end is scheduled) may be replaced: the new ban's case cancels the
// old end.
func (s *service) refuseBanned(ctx context.Context, guildID string, u *discordgo.User) error {
	banned, err := s.banned(ctx, guildID, u.ID)
	if err != nil || !banned {
		return err
	}
	if temporary, err := s.store.HasPendingAction(ctx, guildID, u.ID, modstore.ActionUnban); err != nil || temporary {
		return err
	}
	name := "**" + bounded(u.Username, nameLimit) + "**"
	c, ok, err := s.store.LatestCase(ctx, guildID, u.ID, modstore.ActionBan, modstore.ActionTempban)
	if err != nil {
		return err
	}
	if !ok {
		return &command.UserError{Msg: name + " is already banned."}
	}
	return &command.UserError{Msg: fmt.Sprintf("%s is already banned (case #%d).", name, c.Number)}
}

// banned asks Discord whether userID is banned from the guild.
func (s *service) banned(ctx context.Context, guildID, userID string) (bool, error) {
	_, err := s.rest.GuildBan(guildID, userID, discordgo.WithContext(ctx))
	if status, code := restError(err); status == http.StatusNotFound && code == discordgo.ErrCodeUnknownBan {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read ban of %s: %w", userID, err)
	}
	return true, nil
}

// unban answers `unban <user> [reason…]`: the user is looked up in the
// guild's ban list (ID, mention or name); case (pending), unban, case done,
// and the user's scheduled unbans cancelled.
func unban(ctx context.Context, s *service, cx *command.Context) error {
	u, err := s.findBanned(ctx, cx.GuildID(), cx.String("user"))
	if err != nil {
		return err
	}
	if _, err := s.authorize(ctx, cx, u, nil); err != nil {
		return err
	}
	set, err := s.settings(ctx, cx.GuildID())
	if err != nil {
		return err
	}
	res, err := s.apply(ctx, set, sanction{action: modstore.ActionUnban, target: u, moderator: cx.Author(), reason: cx.String("reason")})
	if err != nil {
		return err
	}
	note := ""
	if res.cancelled > 0 {
		note = "its scheduled end was cancelled"
	}
	return cx.Reply(ctx, actionReply(res.Case, u, note))
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
	return cx.Reply(ctx, actionReply(res.Case, m.User, dmNote(delivered)))
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
	return cx.Reply(ctx, actionReply(res.Case, m.User))
}
