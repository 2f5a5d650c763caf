package moderation

import (
	"context"
	"fmt"
	"time"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

// warnResult is a stored warning with the target's active points before
// and after it.
type warnResult struct {
	modstore.Case
	before, after int
}

// warn answers `warn <member> [points] [reason…]`: case, DM, modlog, and
// the escalation step whose threshold the warning crossed, if any.
func warn(ctx context.Context, s *service, cx *command.Context) error {
	m := cx.Member("member")
	if err := pointsLookalike(cx); err != nil {
		return err
	}
	p, err := s.authorize(ctx, cx, m.User, m)
	if err != nil {
		return err
	}
	set, err := s.settings(ctx, cx.GuildID())
	if err != nil {
		return err
	}
	w, err := s.recordWarn(ctx, set, modstore.Case{GuildID: cx.GuildID(), Action: modstore.ActionWarn, TargetID: m.User.ID,
		ModeratorID: cx.Author().ID, Reason: cx.String("reason"), Points: cx.Int("points"), CreatedAt: s.now()})
	if err != nil {
		return err
	}
	step, escalates := set.Escalation.Crossed(w.before, w.after)
	delivered := s.dm(ctx, m.User.ID, warnDM(p.guild, w, step, escalates))
	s.modlog(ctx, set, caseView{Case: w.Case, Target: m.User, Moderator: cx.Author()})
	reply := caseReply(w.Case, m.User, joinNotes(plural(w.Points, "point")+", "+fmt.Sprint(w.after)+" active", dmNote(delivered)))
	if escalates {
		reply += "\n" + s.escalate(ctx, p, set, step, w.after)
	}
	return cx.Reply(ctx, reply)
}

// recordWarn stores the warning and reads the target's active points
// before it in the same transaction, so concurrent warnings each see the
// others.
func (s *service) recordWarn(ctx context.Context, set modstore.Settings, c modstore.Case) (warnResult, error) {
	var w warnResult
	err := s.store.Tx(ctx, func(tx *modstore.Store) error {
		var err error
		if w.before, err = tx.ActivePoints(ctx, c.GuildID, c.TargetID, c.CreatedAt, set.WarnDecayDays); err != nil {
			return err
		}
		w.Case, err = tx.CreateCase(ctx, c)
		return err
	})
	if err != nil {
		return w, fmt.Errorf("record warning: %w", err)
	}
	w.after = w.before + c.Points
	return w, nil
}

// escalate applies an escalation step as the bot and returns the line the
// reply reports it with. A refusal or failure is reported, not returned:
// the warning itself stands.
func (s *service) escalate(ctx context.Context, p parties, set modstore.Settings, step modstore.EscalationStep, points int) string {
	sn := sanction{action: step.Action, target: p.target, moderator: p.bot.User, duration: step.Duration,
		reason: fmt.Sprintf("Automatic: %d active warning points (threshold %d).", points, step.Points)}
	if sn.action == modstore.ActionBan && sn.duration > 0 {
		sn.action = modstore.ActionTempban
	}
	if why := escalationRefusal(p, sn, s.now()); why != "" {
		return "Escalation to " + stepText(step) + " skipped: " + why
	}
	res, err := s.apply(ctx, set, sn)
	if err != nil {
		s.log.Warn("escalation failed", "guild", set.GuildID, "user", p.target.ID, "action", sn.action, "err", err)
		return "Escalation to " + stepText(step) + " failed: " + escalationFailure(err)
	}
	return "Escalation — " + actionReply(res.Case, p.target)
}

// escalationFailure is what the reply says of a failed escalation: the
// recorded case and Discord's refusal, or that nothing was recorded.
func escalationFailure(err error) string {
	if uf, ok := command.AsUserFacing(err); ok {
		return uf.UserMessage()
	}
	return "something went wrong; nothing was recorded."
}

// escalationRefusal says why the bot may not apply an escalation (the
// hierarchy was checked for the warning already), or "".
func escalationRefusal(p parties, sn sanction, now time.Time) string {
	need := neededPermission(sn.action)
	have := command.ComputePermissions(p.guild, nil, p.bot, now)
	switch {
	case have&need != need:
		return "I need " + command.PermissionNames(need)[0] + "."
	case sn.action == modstore.ActionTimeout && isAdmin(p.guild, p.member):
		return "administrators can't be timed out."
	}
	return ""
}

// neededPermission is the permission the bot needs for a sanction.
func neededPermission(a modstore.Action) int64 {
	switch a {
	case modstore.ActionKick:
		return permKick
	case modstore.ActionBan, modstore.ActionTempban, modstore.ActionUnban:
		return permBan
	}
	return permModerate
}
