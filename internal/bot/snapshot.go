package bot

import (
	"slices"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// discordgo updates its state in place under the state's lock, so nothing
// handed to commands may point into it: the guild and channel cogd returns
// are copies taken under that lock. Members are not kept in the state;
// the member cache builds a fresh value on every read.

// guildSnapshot copies g (roles, channels with overwrites) field by
// field: discordgo increments MemberCount without its lock, so the count
// comes from counts, which reads it on the gateway goroutine. Members are
// not in the state (see memberCache); the caller adds them.
func guildSnapshot(st *discordgo.State, g *discordgo.Guild, counts *memberCounts) *discordgo.Guild {
	st.RLock()
	defer st.RUnlock()
	cp := &discordgo.Guild{ID: g.ID, Name: g.Name, Icon: g.Icon, OwnerID: g.OwnerID, JoinedAt: g.JoinedAt,
		Large: g.Large, Unavailable: g.Unavailable, Description: g.Description, Banner: g.Banner,
		PremiumTier: g.PremiumTier, PremiumSubscriptionCount: g.PremiumSubscriptionCount,
		VerificationLevel: g.VerificationLevel, SystemChannelID: g.SystemChannelID, Features: g.Features,
		PreferredLocale: g.PreferredLocale, MaxMembers: g.MaxMembers, MemberCount: counts.get(g.ID)}
	cp.Roles = make([]*discordgo.Role, len(g.Roles))
	for i, r := range g.Roles {
		rc := *r
		cp.Roles[i] = &rc
	}
	cp.Channels = make([]*discordgo.Channel, len(g.Channels))
	for i, ch := range g.Channels {
		cp.Channels[i] = copyChannel(ch)
	}
	return cp
}

// memberCounts mirrors each guild's member count, read on the gateway
// goroutine right after discordgo changed it (the only safe place).
type memberCounts struct {
	mu sync.RWMutex
	n  map[string]int
}

func newMemberCounts() *memberCounts { return &memberCounts{n: map[string]int{}} }

func (c *memberCounts) get(guildID string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.n[guildID]
}

// observe updates the count after an event that changed it; the bot calls
// it on the gateway goroutine before listeners see the event.
func (c *memberCounts) observe(s *discordgo.Session, ev any) {
	var guildID string
	switch e := ev.(type) {
	case *discordgo.GuildCreate:
		guildID = e.ID
	case *discordgo.GuildMemberAdd:
		guildID = e.GuildID
	case *discordgo.GuildMemberRemove:
		guildID = e.GuildID
	default:
		return
	}
	g, err := s.State.Guild(guildID)
	if err != nil {
		return
	}
	n := g.MemberCount // the gateway goroutine is the count's only writer
	c.mu.Lock()
	c.n[guildID] = n
	c.mu.Unlock()
}

// channelSnapshot copies ch under the state's lock.
func channelSnapshot(st *discordgo.State, ch *discordgo.Channel) *discordgo.Channel {
	st.RLock()
	defer st.RUnlock()
	return copyChannel(ch)
}

func copyChannel(ch *discordgo.Channel) *discordgo.Channel {
	cp := *ch
	cp.PermissionOverwrites = make([]*discordgo.PermissionOverwrite, len(ch.PermissionOverwrites))
	for i, o := range ch.PermissionOverwrites {
		ow := *o
		cp.PermissionOverwrites[i] = &ow
	}
	cp.Members, cp.Messages = nil, nil
	return &cp
}

// detach copies the parts of an event that discordgo also stores in its
// state (and later overwrites in place), so a listener running in its own
// goroutine reads a stable value. It runs on the gateway goroutine, before
// any later event can touch the state.
func detach(ev any) any {
	switch e := ev.(type) {
	case *discordgo.GuildMemberAdd:
		return &discordgo.GuildMemberAdd{Member: copyMember(e.Member)}
	case *discordgo.GuildMemberUpdate:
		return &discordgo.GuildMemberUpdate{Member: copyMember(e.Member), BeforeUpdate: e.BeforeUpdate}
	}
	return ev
}

func copyMember(m *discordgo.Member) *discordgo.Member {
	if m == nil {
		return nil
	}
	cp := *m
	cp.Roles = slices.Clone(m.Roles)
	if m.User != nil {
		u := *m.User
		cp.User = &u
	}
	return &cp
}
