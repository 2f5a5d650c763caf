package moderation

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/metrics"
)

// Reconciliation of the cases left pending by a process that died between
// recording an action and carrying it out (or between carrying it out and
// marking it): the scheduler runs it before each poll, the first one at
// start-up included, so a failed tempban's scheduled end is cancelled
// before it could run.
const (
	// reconcileGrace is how old a pending case must be before it is
	// reconciled: longer than any command or scheduled attempt takes, so
	// that an action another process is still carrying out is left alone.
	reconcileGrace = 2 * time.Minute
	// reconcileBatch is how many pending cases one pass resolves.
	reconcileBatch = 50
)

// errNotOnDiscord is the failure of a pending case reconciliation found
// not carried out.
var errNotOnDiscord = errors.New("not carried out on Discord (found by the start-up check)")

// reconcile resolves the pending cases older than reconcileGrace against
// Discord: the ones Discord shows carried out are marked done, the others
// failed (cancelling their scheduled ends); ones Discord cannot be asked
// about now stay pending for the next pass. Each resolved case is posted
// to the modlog, which never saw it.
func (s *service) reconcile(ctx context.Context) {
	cases, err := s.store.PendingCases(ctx, s.now().Add(-reconcileGrace), reconcileBatch)
	if err != nil {
		s.countError(metrics.ErrorSourceScheduler)
		s.log.Warn("reconcile: could not read pending cases", "err", err)
		return
	}
	for _, c := range cases {
		if ctx.Err() != nil {
			return
		}
		s.reconcileCase(ctx, c)
	}
}

// reconcileCase resolves one pending case.
func (s *service) reconcileCase(ctx context.Context, c modstore.Case) {
	happened, err := s.verify(ctx, c)
	if err != nil {
		s.log.Warn("reconcile: could not check a pending case on Discord", "guild", c.GuildID, "case", c.Number, "err", err)
		return
	}
	var res applied
	if happened {
		res, _ = s.markDone(ctx, c)
	} else {
		res, _ = s.markFailed(ctx, c, errNotOnDiscord)
	}
	s.log.Info("reconcile: resolved a pending case", "guild", c.GuildID, "case", c.Number, "action", c.Action, "state", res.State)
	if set, err := s.settings(ctx, c.GuildID); err == nil {
		s.modlog(ctx, set, caseView{Case: res.Case})
	}
}

// verify asks Discord whether the case's action is in effect: is the ban
// there (ban, tempban), gone (unban)? Is the member gone (kick), timed
// out (timeout), not timed out (untimeout)? Discord refusing to answer
// (4xx) counts as not carried out; no answer (5xx, network) is an error.
func (s *service) verify(ctx context.Context, c modstore.Case) (bool, error) {
	switch c.Action {
	case modstore.ActionBan, modstore.ActionTempban:
		return s.isBanned(ctx, c.GuildID, c.TargetID)
	case modstore.ActionUnban:
		banned, err := s.isBanned(ctx, c.GuildID, c.TargetID)
		return !banned && err == nil, err
	case modstore.ActionKick:
		m, err := s.restMember(ctx, c.GuildID, c.TargetID)
		return m == nil && err == nil, err
	case modstore.ActionTimeout, modstore.ActionUntimeout:
		m, err := s.restMember(ctx, c.GuildID, c.TargetID)
		if err != nil || m == nil {
			return false, err
		}
		timedOut := m.CommunicationDisabledUntil != nil && m.CommunicationDisabledUntil.After(s.now())
		return timedOut == (c.Action == modstore.ActionTimeout), nil
	}
	return false, fmt.Errorf("verify case %d: %q is not an action on Discord", c.Number, c.Action)
}

// restMember reads a member from Discord (not the gateway state, which may
// lag); nil when they are not in the guild.
func (s *service) restMember(ctx context.Context, guildID, userID string) (*discordgo.Member, error) {
	m, err := s.rest.GuildMember(guildID, userID, discordgo.WithContext(ctx))
	if err == nil {
		return m, nil
	}
	if answered4xx(err) {
		return nil, nil
	}
	return nil, fmt.Errorf("read member %s: %w", userID, err)
}

// answered4xx reports whether Discord answered err with a client error
// other than a rate limit: an answer about the thing asked for.
func answered4xx(err error) bool {
	status, _ := restError(err)
	return status >= 400 && status < 500 && status != http.StatusTooManyRequests
}
