package moderation

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// The bot's command.Discord (and so the Member and TextChannel converters)
// returns copies of discordgo's state taken under the owning shard's lock,
// so the cog may keep and read them freely.

// me returns the bot's user (its ID is empty before READY).
func (s *service) me() discordgo.User {
	if u := s.discord.BotUser(); u != nil {
		return *u
	}
	return discordgo.User{}
}

// guild returns the guild with its roles and channels.
func (s *service) guild(ctx context.Context, guildID string) (*discordgo.Guild, error) {
	g, err := s.discord.Guild(ctx, guildID)
	if err != nil {
		return nil, fmt.Errorf("guild %s: %w", guildID, err)
	}
	return g, nil
}

// member returns the member; the error wraps command.ErrNotFound when the
// user is not in the guild.
func (s *service) member(ctx context.Context, guildID, userID string) (*discordgo.Member, error) {
	m, err := s.discord.Member(ctx, guildID, userID)
	if err != nil {
		return nil, fmt.Errorf("member %s: %w", userID, err)
	}
	return m, nil
}

// memberOrNil returns the user's membership, or nil when they are not in
// the guild.
func (s *service) memberOrNil(ctx context.Context, guildID, userID string) (*discordgo.Member, error) {
	m, err := s.member(ctx, guildID, userID)
	if errors.Is(err, command.ErrNotFound) {
		return nil, nil
	}
	return m, err
}
