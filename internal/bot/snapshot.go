package bot

import (
	"slices"

	"github.com/bwmarrin/discordgo"
)

// discordgo updates its state in place under the state's lock (a member
// update does *m = *new), so nothing handed to commands may point into it:
// the guild, channel, member and user cogd returns are copies taken under
// that lock. Members are copied by value in one allocation; their User
// pointers and Roles slices are shared, which is safe because discordgo
// replaces those wholesale rather than editing them.

// guildSnapshot copies g (roles, channels with overwrites, members).
func guildSnapshot(st *discordgo.State, g *discordgo.Guild) *discordgo.Guild {
	st.RLock()
	defer st.RUnlock()
	cp := *g
	cp.Roles = make([]*discordgo.Role, len(g.Roles))
	for i, r := range g.Roles {
		rc := *r
		cp.Roles[i] = &rc
	}
	cp.Channels = make([]*discordgo.Channel, len(g.Channels))
	for i, ch := range g.Channels {
		cp.Channels[i] = copyChannel(ch)
	}
	cp.Members = copyMembers(g.Members)
	cp.Presences, cp.VoiceStates, cp.Threads = nil, nil, nil
	return &cp
}

func copyMembers(ms []*discordgo.Member) []*discordgo.Member {
	vals := make([]discordgo.Member, len(ms))
	out := make([]*discordgo.Member, len(ms))
	for i, m := range ms {
		vals[i] = *m
		out[i] = &vals[i]
	}
	return out
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

// memberSnapshot copies m with its role list and user.
func memberSnapshot(st *discordgo.State, m *discordgo.Member) *discordgo.Member {
	st.RLock()
	defer st.RUnlock()
	return copyMember(m)
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
