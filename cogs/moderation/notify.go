package moderation

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
)

// dm tells userID something by direct message and reports whether it
// arrived. Closed DMs (403, code 50007) are normal; other failures are
// logged. Neither fails the action that sent the DM.
func (s *service) dm(ctx context.Context, userID string, m *discordgo.MessageSend) bool {
	err := s.sendDM(ctx, userID, m)
	if err == nil {
		return true
	}
	if status, code := restError(err); status == http.StatusForbidden && code == discordgo.ErrCodeCannotSendMessagesToThisUser {
		s.log.Debug("DMs closed", "user", userID)
		return false
	}
	s.log.Warn("could not DM the target of an action", "user", userID, "err", err)
	return false
}

// sendDM opens (or reuses) the DM channel with userID and sends m there.
func (s *service) sendDM(ctx context.Context, userID string, m *discordgo.MessageSend) error {
	channelID, err := s.dms.GetOrLoad(ctx, userID, func(ctx context.Context) (string, error) {
		ch, err := s.rest.UserChannelCreate(userID, discordgo.WithContext(ctx))
		if err != nil {
			return "", err
		}
		return ch.ID, nil
	})
	if err != nil {
		return fmt.Errorf("open DM with %s: %w", userID, err)
	}
	if _, err := s.discord.Send(ctx, channelID, m); err != nil {
		return fmt.Errorf("DM %s: %w", userID, err)
	}
	return nil
}

// modlog records the names the case is shown with and posts it to the
// guild's modlog channel, when one is set, remembering the message so that
// later changes edit it (modlogUpdate). A failure is logged: the action
// has happened and the case is stored.
func (s *service) modlog(ctx context.Context, set modstore.Settings, v caseView) {
	s.postModlog(ctx, set, v, nil)
}

// postModlog is modlog with files attached to the modlog message (a
// purge's transcript).
func (s *service) postModlog(ctx context.Context, set modstore.Settings, v caseView, files []*discordgo.File) {
	e := entryOf(v)
	if set.ModlogChannelID != "" {
		m := &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{caseEmbed(v)}, Files: files}
		msg, err := s.discord.Send(ctx, set.ModlogChannelID, m)
		switch {
		case err != nil:
			s.log.Warn("could not post to the modlog", "guild", set.GuildID, "channel", set.ModlogChannelID, "case", v.Number, "err", err)
		case msg != nil:
			e.ChannelID, e.MessageID = set.ModlogChannelID, msg.ID
		}
	}
	if err := s.store.SaveCaseEntry(ctx, e); err != nil {
		s.log.Warn("could not store the modlog entry", "guild", set.GuildID, "case", v.Number, "err", err)
	}
}

// modlogUpdate shows a changed case (new reason, revoked) with the names
// its entry showed: it edits the case's modlog message in place, and posts
// a new entry to the modlog channel (when one is set) if that message is
// gone or the case was never posted. A failure is logged.
func (s *service) modlogUpdate(ctx context.Context, set modstore.Settings, c modstore.Case) {
	v, e, err := s.caseView(ctx, c)
	if err != nil {
		s.log.Warn("could not read the modlog entry", "guild", c.GuildID, "case", c.Number, "err", err)
	}
	if e.Posted() {
		embeds := []*discordgo.MessageEmbed{caseEmbed(v)}
		_, err := s.discord.Edit(ctx, e.ChannelID, e.MessageID, &discordgo.MessageEdit{Embeds: &embeds})
		if err == nil {
			return
		}
		if status, _ := restError(err); status != http.StatusNotFound {
			s.log.Warn("could not edit the modlog entry", "guild", c.GuildID, "case", c.Number, "err", err)
			return
		}
	}
	s.modlog(ctx, set, v)
}

// caseView is the case as its entry (also returned) showed it, at the
// cog's time. A case without an entry (made before entries were kept)
// shows the users' current names.
func (s *service) caseView(ctx context.Context, c modstore.Case) (caseView, modstore.CaseEntry, error) {
	e, err := s.store.CaseEntry(ctx, c.ID)
	v := viewOf(c, e)
	v.now = s.now()
	if !errors.Is(err, modstore.ErrNotFound) {
		return v, e, err
	}
	v.Target, v.Moderator = s.userOrNil(ctx, c.TargetID), s.userOrNil(ctx, c.ModeratorID)
	return v, e, nil
}

// userOrNil is the user, or nil when there is no ID or it is unknown.
func (s *service) userOrNil(ctx context.Context, id string) *discordgo.User {
	if id == "" {
		return nil
	}
	u, err := s.discord.User(ctx, id)
	if err != nil {
		return nil
	}
	return u
}

// entryOf is the entry recording how v is shown.
func entryOf(v caseView) modstore.CaseEntry {
	e := modstore.CaseEntry{CaseID: v.ID, GuildID: v.GuildID}
	if v.Target != nil {
		e.TargetName = v.Target.Username
	}
	if v.Moderator != nil {
		e.ModeratorName = v.Moderator.Username
	}
	return e
}

// viewOf is the case shown with the names of its entry.
func viewOf(c modstore.Case, e modstore.CaseEntry) caseView {
	v := caseView{Case: c}
	if e.TargetName != "" {
		v.Target = &discordgo.User{ID: c.TargetID, Username: e.TargetName}
	}
	if e.ModeratorName != "" {
		v.Moderator = &discordgo.User{ID: c.ModeratorID, Username: e.ModeratorName}
	}
	return v
}

// modlogEnded shows a tempban whose scheduled end has run as ended, in
// place (caseID is the tempban's row ID; 0 does nothing).
func (s *service) modlogEnded(ctx context.Context, set modstore.Settings, caseID int64) {
	if caseID == 0 {
		return
	}
	c, err := s.store.CaseByID(ctx, caseID)
	if err != nil {
		s.log.Warn("could not read the ended case", "guild", set.GuildID, "case_id", caseID, "err", err)
		return
	}
	s.modlogUpdate(ctx, set, c)
}
