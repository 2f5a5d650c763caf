package moderation

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// auditReasonLimit is the most characters Discord keeps of an audit-log
// reason.
const auditReasonLimit = 512

// auditText is the audit-log reason of an action by moderator: who asked
// for it, and why, bounded to auditReasonLimit characters.
func auditText(moderator *discordgo.User, reason string) string {
	text := "By " + moderator.Username + " (" + moderator.ID + ")"
	if reason != "" {
		text += ": " + reason
	}
	return command.Truncate(text, auditReasonLimit)
}

// auditHeader encodes an audit-log reason for X-Audit-Log-Reason. Discord
// URL-decodes the header; discordgo sends it as given, and a raw newline or
// a non-ASCII byte in a header breaks the request.
func auditHeader(moderator *discordgo.User, reason string) string {
	return url.PathEscape(auditText(moderator, reason))
}

// opts are the request options of a mutation: the context and the
// audit-log reason.
func opts(ctx context.Context, moderator *discordgo.User, reason string) []discordgo.RequestOption {
	return []discordgo.RequestOption{discordgo.WithContext(ctx), discordgo.WithAuditLogReason(auditHeader(moderator, reason))}
}

// banBody is the PUT /guilds/{g}/bans/{u} body.
type banBody struct {
	DeleteMessageSeconds int `json:"delete_message_seconds"`
}

// restBan bans userID, deleting their messages of the last deleteDays days.
func (s *service) restBan(ctx context.Context, guildID, userID string, deleteDays int, mod *discordgo.User, reason string) error {
	ep := discordgo.EndpointGuildBan(guildID, userID)
	body := banBody{DeleteMessageSeconds: deleteDays * 86400}
	_, err := s.rest.RequestWithBucketID(http.MethodPut, ep, body, discordgo.EndpointGuildBan(guildID, ""), opts(ctx, mod, reason)...)
	if err != nil {
		return fmt.Errorf("ban %s: %w", userID, err)
	}
	return nil
}

// restUnban lifts userID's ban.
func (s *service) restUnban(ctx context.Context, guildID, userID string, mod *discordgo.User, reason string) error {
	if err := s.rest.GuildBanDelete(guildID, userID, opts(ctx, mod, reason)...); err != nil {
		return fmt.Errorf("unban %s: %w", userID, err)
	}
	return nil
}

// restKick removes userID from the guild.
func (s *service) restKick(ctx context.Context, guildID, userID string, mod *discordgo.User, reason string) error {
	if err := s.rest.GuildMemberDelete(guildID, userID, opts(ctx, mod, reason)...); err != nil {
		return fmt.Errorf("kick %s: %w", userID, err)
	}
	return nil
}

// restTimeout times userID out until the given time; nil ends a timeout.
func (s *service) restTimeout(ctx context.Context, guildID, userID string, until *time.Time, mod *discordgo.User, reason string) error {
	if err := s.rest.GuildMemberTimeout(guildID, userID, until, opts(ctx, mod, reason)...); err != nil {
		return fmt.Errorf("timeout %s: %w", userID, err)
	}
	return nil
}

// restError returns the HTTP status and Discord error code of err (0, 0
// when err is not an answer from Discord).
func restError(err error) (status, code int) {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response == nil {
		return 0, 0
	}
	if re.Message != nil {
		code = re.Message.Code
	}
	return re.Response.StatusCode, code
}
