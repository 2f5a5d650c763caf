package moderation

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// The bot's command.Discord returns copies of discordgo's state, taken
// under the owning shard's lock (discordgo rewrites its state in place).
// The cog still copies what it keeps, so that what a command decided on
// cannot change under it.

// readLock is a no-op kept so the copies below read as owned snapshots;
// the bot's Discord already hands out copies.
func (s *service) readLock() func() { return func() {} }

// me returns a copy of the bot's user from the gateway state (its ID is
// empty before READY).
func (s *service) me() discordgo.User {
	defer s.readLock()()
	if u := s.discord.BotUser(); u != nil {
		return *u
	}
	return discordgo.User{}
}

// guild returns a copy of the guild with its roles and channels.
func (s *service) guild(ctx context.Context, guildID string) (*discordgo.Guild, error) {
	g, err := s.discord.Guild(ctx, guildID)
	if err != nil {
		return nil, fmt.Errorf("guild %s: %w", guildID, err)
	}
	defer s.readLock()()
	return copyGuild(g), nil
}

// member returns a copy of the member; the error wraps command.ErrNotFound
// when the user is not in the guild.
func (s *service) member(ctx context.Context, guildID, userID string) (*discordgo.Member, error) {
	m, err := s.discord.Member(ctx, guildID, userID)
	if err != nil {
		return nil, fmt.Errorf("member %s: %w", userID, err)
	}
	return s.own(m), nil
}

// memberOrNil returns a copy of the user's membership, or nil when they
// are not in the guild.
func (s *service) memberOrNil(ctx context.Context, guildID, userID string) (*discordgo.Member, error) {
	m, err := s.member(ctx, guildID, userID)
	if errors.Is(err, command.ErrNotFound) {
		return nil, nil
	}
	return m, err
}

// own copies a member a converter returned (nil stays nil).
func (s *service) own(m *discordgo.Member) *discordgo.Member {
	if m == nil {
		return nil
	}
	defer s.readLock()()
	return copyMember(m)
}

// ownChannel copies a channel a converter returned (nil stays nil).
func (s *service) ownChannel(ch *discordgo.Channel) *discordgo.Channel {
	if ch == nil {
		return nil
	}
	defer s.readLock()()
	return copyChannel(ch)
}

// copyMember copies m with its user and role list.
func copyMember(m *discordgo.Member) *discordgo.Member {
	cp := *m
	cp.Roles = slices.Clone(m.Roles)
	if m.User != nil {
		u := *m.User
		cp.User = &u
	}
	return &cp
}

// copyChannel copies ch with its permission overwrites.
func copyChannel(ch *discordgo.Channel) *discordgo.Channel {
	cp := *ch
	cp.PermissionOverwrites = make([]*discordgo.PermissionOverwrite, len(ch.PermissionOverwrites))
	for i, o := range ch.PermissionOverwrites {
		ow := *o
		cp.PermissionOverwrites[i] = &ow
	}
	return &cp
}

// copyGuild copies what the cog reads of a guild: identity, owner, roles
// and channels (not members, presences or voice states, and not the member
// count, which discordgo increments without its lock).
func copyGuild(g *discordgo.Guild) *discordgo.Guild {
	cp := &discordgo.Guild{ID: g.ID, Name: g.Name, OwnerID: g.OwnerID,
		Roles: make([]*discordgo.Role, len(g.Roles)), Channels: make([]*discordgo.Channel, len(g.Channels))}
	for i, r := range g.Roles {
		rc := *r
		cp.Roles[i] = &rc
	}
	for i, ch := range g.Channels {
		cp.Channels[i] = copyChannel(ch)
	}
	return cp
}
