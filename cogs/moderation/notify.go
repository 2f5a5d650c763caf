package moderation

import (
	"context"
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

// modlog posts the case to the guild's modlog channel, when one is set.
// A failure is logged: the action has happened and the case is stored.
func (s *service) modlog(ctx context.Context, set modstore.Settings, v caseView) {
	if set.ModlogChannelID == "" {
		return
	}
	m := &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{caseEmbed(v)}}
	if _, err := s.discord.Send(ctx, set.ModlogChannelID, m); err != nil {
		s.log.Warn("could not post to the modlog", "guild", set.GuildID, "channel", set.ModlogChannelID, "case", v.Number, "err", err)
	}
}
