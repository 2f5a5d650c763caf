package bot

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// benchGuildJSON is a GUILD_CREATE-like guild of n members shaped like
// the emulator's bulk guilds (bench-e2e): four roles, one role or none
// each, a nick on every tenth, distinct users.
func benchGuildJSON(g, n int) []byte {
	id := strconv.Itoa(910000000000000000 + g)
	roles := []string{id + "1", id + "2", id + "3", id + "4"}
	guild := discordgo.Guild{ID: id, Name: "guild " + strconv.Itoa(g), MemberCount: n}
	for _, r := range roles {
		guild.Roles = append(guild.Roles, &discordgo.Role{ID: r, Name: "role " + r})
	}
	joined := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := range n {
		u := &discordgo.User{ID: strconv.Itoa(820000000000000000 + g*100000 + i), Username: fmt.Sprintf("member%d-%s", i+1, id[len(id)-4:]),
			GlobalName: fmt.Sprintf("Member %d", i+1), Discriminator: "0"}
		m := &discordgo.Member{User: u, JoinedAt: joined, Roles: []string{}}
		if k := i % 5; k > 0 {
			m.Roles = []string{roles[k-1]}
		}
		if i%10 == 0 {
			m.Nick = fmt.Sprintf("nick %d", i+1)
		}
		guild.Members = append(guild.Members, m)
	}
	b, err := json.Marshal(guild)
	if err != nil {
		panic(err)
	}
	return b
}

// decodeGuild decodes like discordgo does, so every string is its own
// allocation as it would be from the gateway.
func decodeGuild(b []byte) *discordgo.Guild {
	var g discordgo.Guild
	if err := json.Unmarshal(b, &g); err != nil {
		panic(err)
	}
	for _, m := range g.Members {
		m.GuildID = g.ID
	}
	return &g
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// benchBytesPerMember loads guilds × members into a holder and reports
// the live heap it keeps per member. newLoader is called once per
// iteration, so each iteration fills an empty holder (a holder kept across
// iterations would only replace the same guilds the second time round).
func benchBytesPerMember(b *testing.B, newLoader func() (holder any, load func(g *discordgo.Guild) any)) {
	const guilds, members = 100, 1000
	raw := make([][]byte, guilds)
	for i := range raw {
		raw[i] = benchGuildJSON(i, members)
	}
	for b.Loop() {
		before := heapInUse()
		holder, load := newLoader()
		keep := []any{holder}
		for _, r := range raw {
			keep = append(keep, load(decodeGuild(r)))
		}
		after := heapInUse()
		b.ReportMetric(float64(after-before)/(guilds*members), "B/member")
		runtime.KeepAlive(keep)
	}
}

// BenchmarkMemberBytesCache is the compact cache's live heap per member
// (100 guilds × 1,000 members, heap after GC).
func BenchmarkMemberBytesCache(b *testing.B) {
	benchBytesPerMember(b, func() (any, func(*discordgo.Guild) any) {
		c := newMemberCache()
		return c, func(g *discordgo.Guild) any {
			st := discordgo.NewState()
			st.TrackMembers = false
			_ = st.GuildAdd(g)
			c.observe(st, &discordgo.GuildCreate{Guild: g})
			g.Members = nil // the event is gone; the state keeps the guild
			return st
		}
	})
}

// BenchmarkMemberBytesState is discordgo's state holding the same
// members, measured the same way.
func BenchmarkMemberBytesState(b *testing.B) {
	benchBytesPerMember(b, func() (any, func(*discordgo.Guild) any) {
		return nil, func(g *discordgo.Guild) any {
			st := discordgo.NewState()
			_ = st.GuildAdd(g)
			return st
		}
	})
}

// BenchmarkMemberLookupCache is one member read from the cache (a fresh
// *discordgo.Member), in a guild of 1,000.
func BenchmarkMemberLookupCache(b *testing.B) {
	g := decodeGuild(benchGuildJSON(1, 1000))
	c := newMemberCache()
	c.setGuild(g.ID, g.Members)
	id := g.Members[501].User.ID
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := c.member(g.ID, id); !ok {
			b.Fatal("miss")
		}
	}
}

// BenchmarkMemberLookupState is the read it replaces: discordgo's state
// and a copy taken under its lock.
func BenchmarkMemberLookupState(b *testing.B) {
	g := decodeGuild(benchGuildJSON(1, 1000))
	st := discordgo.NewState()
	_ = st.GuildAdd(g)
	id := g.Members[501].User.ID
	b.ReportAllocs()
	for b.Loop() {
		m, err := st.Member(g.ID, id)
		if err != nil {
			b.Fatal(err)
		}
		st.RLock()
		_ = copyMember(m)
		st.RUnlock()
	}
}

// BenchmarkMemberListCache is Guild().Members of a 1,000-member guild.
func BenchmarkMemberListCache(b *testing.B) {
	g := decodeGuild(benchGuildJSON(1, 1000))
	c := newMemberCache()
	c.setGuild(g.ID, g.Members)
	b.ReportAllocs()
	for b.Loop() {
		if len(c.members(g.ID)) != 1000 {
			b.Fatal("short")
		}
	}
}

// BenchmarkPermissionsFromCache is a member read from the cache and its
// permissions in a channel computed.
func BenchmarkPermissionsFromCache(b *testing.B) {
	g := decodeGuild(benchGuildJSON(1, 1000))
	g.Roles = append(g.Roles, &discordgo.Role{ID: g.ID, Permissions: discordgo.PermissionViewChannel | discordgo.PermissionSendMessages})
	ch := &discordgo.Channel{ID: "1", GuildID: g.ID, PermissionOverwrites: []*discordgo.PermissionOverwrite{
		{ID: g.Roles[0].ID, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionSendMessages}}}
	c := newMemberCache()
	c.setGuild(g.ID, g.Members)
	id := g.Members[501].User.ID
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		m, _ := c.member(g.ID, id)
		_ = command.ComputePermissions(g, ch, m, now)
	}
}
