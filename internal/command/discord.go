package command

import (
	"context"
	"errors"

	"github.com/bwmarrin/discordgo"
)

// ErrNotFound is returned (possibly wrapped) by a Discord implementation when
// the requested member, user, guild or channel does not exist.
var ErrNotFound = errors.New("not found")

// Discord is what commands and converters need from Discord. The bot
// implements it (state first, then REST with a cache); tests use fakes.
//
// Values returned are snapshots the caller may read without locking; the
// caller must not modify them.
type Discord interface {
	// BotUser returns the bot's own user.
	BotUser() *discordgo.User
	// Send posts a message; the implementation forces allowed_mentions and
	// Discord's size limits.
	Send(ctx context.Context, channelID string, m *discordgo.MessageSend) (*discordgo.Message, error)
	// Edit changes a message the bot sent, with the same safety as Send
	// (allowed_mentions, Discord's limits).
	Edit(ctx context.Context, channelID, messageID string, e *discordgo.MessageEdit) (*discordgo.Message, error)
	// Guild returns a guild including Roles and OwnerID; Members may be partial.
	Guild(ctx context.Context, guildID string) (*discordgo.Guild, error)
	// Channel returns a channel including its PermissionOverwrites.
	Channel(ctx context.Context, channelID string) (*discordgo.Channel, error)
	// Member returns a guild member, or an error wrapping ErrNotFound.
	Member(ctx context.Context, guildID, userID string) (*discordgo.Member, error)
	// User returns a user, or an error wrapping ErrNotFound.
	User(ctx context.Context, userID string) (*discordgo.User, error)
	// SearchMembers returns up to limit members whose name starts with query.
	SearchMembers(ctx context.Context, guildID, query string, limit int) ([]*discordgo.Member, error)
}
