package moderation

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// The guilds, members and channels command.Discord returns (and the Member
// and TextChannel converters hand to commands) point into discordgo's
// gateway state, which discordgo overwrites in place, under its lock, when
// an update arrives: our own timeout's GUILD_MEMBER_UPDATE rewrites the
// *Member the command is still reading. The cog therefore works on copies
// taken under that lock. bot.Deps.REST is the session whose state
// Deps.Discord reads (the bot runs one session).

// readLock takes the state's read lock and returns its release.
func (s *service) readLock() func() {
	st := s.rest.State
	if st == nil {
		return func() {}
	}
	st.RLock()
	return st.RUnlock
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

// copyGuild copies what the cog reads of a guild: identity, owner, member
// count, roles and channels (not members, presences or voice states).
func copyGuild(g *discordgo.Guild) *discordgo.Guild {
	cp := &discordgo.Guild{ID: g.ID, Name: g.Name, OwnerID: g.OwnerID, MemberCount: g.MemberCount,
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
