package bot

import (
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

const (
	tGuild  = "900000000000000001"
	tGuild2 = "900000000000000002"
)

func tUser(n int) *discordgo.User {
	return &discordgo.User{ID: strconv.Itoa(800000000000000000 + n), Username: fmt.Sprintf("user%d", n), GlobalName: fmt.Sprintf("User %d", n), Discriminator: "0"}
}

func tMember(guildID string, n int, roles ...string) *discordgo.Member {
	if roles == nil {
		roles = []string{}
	}
	return &discordgo.Member{GuildID: guildID, User: tUser(n), Roles: roles, JoinedAt: time.Date(2024, 5, 1, 12, 0, 0, 123456000, time.UTC)}
}

// userRecords counts the user records held.
func userRecords(c *memberCache) int {
	n := 0
	for i := range c.users.shards {
		s := &c.users.shards[i]
		s.mu.RLock()
		n += len(s.idx)
		s.mu.RUnlock()
	}
	return n
}

func TestMemberCacheKeepsEveryField(t *testing.T) {
	t.Parallel()
	since := time.Date(2023, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name string
		m    *discordgo.Member
	}{
		{"plain", tMember(tGuild, 1)},
		{"nick, roles, flags", &discordgo.Member{GuildID: tGuild, Nick: "Bob", Roles: []string{"700000000000000002", "700000000000000001"},
			Deaf: true, Mute: true, Pending: true, Flags: discordgo.MemberFlagDidRejoin | 1<<20, JoinedAt: since, User: tUser(2)}},
		{"rare fields", &discordgo.Member{GuildID: tGuild, Avatar: "abc", Banner: "def", PremiumSince: &since, CommunicationDisabledUntil: &since,
			Permissions: 8, Roles: []string{"not-a-snowflake"}, User: &discordgo.User{ID: "800000000000000003", Username: "x", Avatar: "a_0123456789abcdef0123456789abcdef",
				Discriminator: "0042", Bot: true, System: true, PublicFlags: 64, Banner: "b", AccentColor: 5, Locale: "fr", Flags: 3, PremiumType: 2}}},
		{"hex avatar, odd discriminator", &discordgo.Member{GuildID: tGuild, Roles: []string{}, User: &discordgo.User{ID: "800000000000000004",
			Username: "y", Avatar: "0123456789abcdef0123456789abcdef", Discriminator: "12"}}},
		{"odd avatar", &discordgo.Member{GuildID: tGuild, Roles: []string{}, User: &discordgo.User{ID: "800000000000000005",
			Username: "z", Avatar: "0123456789ABCDEF0123456789ABCDEF"}}},
	}
	c := newMemberCache()
	c.setGuild(tGuild, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !c.add(tGuild, tt.m) {
				t.Fatal("add to a known guild refused")
			}
			got, ok := c.member(tGuild, tt.m.User.ID)
			if !ok {
				t.Fatal("member not found")
			}
			if !reflect.DeepEqual(got, tt.m) {
				t.Errorf("got  %+v\nuser %+v\nwant %+v\nuser %+v", got, got.User, tt.m, tt.m.User)
			}
		})
	}
}

func TestMemberCacheAddUpdateRemove(t *testing.T) {
	t.Parallel()
	c := newMemberCache()
	if c.add(tGuild, tMember(tGuild, 1)) {
		t.Fatal("a member of an unknown guild was kept")
	}
	c.setGuild(tGuild, []*discordgo.Member{tMember(tGuild, 1, "7"), tMember(tGuild, 2, "7"), tMember(tGuild, 3)})
	up := tMember(tGuild, 2, "8")
	up.JoinedAt, up.Nick = time.Time{}, "two"
	c.add(tGuild, up)
	got, _ := c.member(tGuild, tUser(2).ID)
	if got.Nick != "two" || !reflect.DeepEqual(got.Roles, []string{"8"}) || got.JoinedAt.IsZero() {
		t.Errorf("update: nick %q roles %v joined %v; want two, [8], the old join time", got.Nick, got.Roles, got.JoinedAt)
	}
	c.remove(tGuild, tUser(1).ID)
	if _, ok := c.member(tGuild, tUser(1).ID); ok {
		t.Error("removed member still there")
	}
	var names []string
	for _, m := range c.members(tGuild) {
		names = append(names, m.User.Username)
	}
	if !reflect.DeepEqual(names, []string{"user2", "user3"}) {
		t.Errorf("members %v, want [user2 user3] in arrival order", names)
	}
	g := c.guild(tGuild)
	if len(g.setIdx) != 1 || len(g.free) != 1 {
		t.Errorf("role sets in use %d, free %d; want 1 ([8]) and 1 (the freed [7])", len(g.setIdx), len(g.free))
	}
	got.Roles[0] = "changed"
	if again, _ := c.member(tGuild, tUser(2).ID); again.Roles[0] != "8" {
		t.Error("a returned member shares its roles with the cache")
	}
}

func TestMemberCacheEvents(t *testing.T) {
	t.Parallel()
	c := newMemberCache()
	st := discordgo.NewState()
	g := &discordgo.Guild{ID: tGuild, Name: "g", Roles: []*discordgo.Role{{ID: "7"}}, Channels: []*discordgo.Channel{{ID: "5", GuildID: tGuild}},
		MemberCount: 2, Members: []*discordgo.Member{tMember(tGuild, 1), tMember(tGuild, 2)}}
	if err := st.GuildAdd(g); err != nil {
		t.Fatal(err)
	}
	c.observe(st, &discordgo.GuildCreate{Guild: g})
	sg, _ := st.Guild(tGuild)
	if len(sg.Members) != 0 || len(sg.Roles) != 1 || len(sg.Channels) != 1 || sg.MemberCount != 2 {
		t.Errorf("state after GUILD_CREATE: %d members, %d roles, %d channels, count %d; want 0, 1, 1, 2", len(sg.Members), len(sg.Roles), len(sg.Channels), sg.MemberCount)
	}
	if _, err := st.Member(tGuild, tUser(1).ID); err == nil {
		t.Error("state still maps a member")
	}
	c.observe(st, &discordgo.GuildMemberAdd{Member: tMember(tGuild, 3)})
	up := tMember(tGuild, 1, "7")
	ev := &discordgo.GuildMemberUpdate{Member: up}
	c.observe(st, ev)
	if ev.BeforeUpdate == nil || len(ev.BeforeUpdate.Roles) != 0 {
		t.Errorf("BeforeUpdate = %+v, want the member without roles", ev.BeforeUpdate)
	}
	c.observe(st, &discordgo.GuildMemberRemove{Member: tMember(tGuild, 2)})
	c.observe(st, &discordgo.GuildMembersChunk{GuildID: tGuild, Members: []*discordgo.Member{{User: tUser(4)}, {User: tUser(5)}}})
	var ids []string
	for _, m := range c.members(tGuild) {
		ids = append(ids, m.User.Username+"@"+m.GuildID[len(m.GuildID)-1:])
	}
	if want := []string{"user1@1", "user3@1", "user4@1", "user5@1"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("members %v, want %v", ids, want)
	}
	c.observe(st, &discordgo.GuildDelete{Guild: &discordgo.Guild{ID: tGuild}})
	if n := len(c.members(tGuild)); n != 0 || userRecords(c) != 0 {
		t.Errorf("after GUILD_DELETE: %d members, %d user records; want 0, 0", n, userRecords(c))
	}
}

func TestMemberInTwoGuildsSharesOneUser(t *testing.T) {
	t.Parallel()
	c := newMemberCache()
	c.setGuild(tGuild, []*discordgo.Member{tMember(tGuild, 1)})
	c.setGuild(tGuild2, []*discordgo.Member{tMember(tGuild2, 1), tMember(tGuild2, 2)})
	if n := userRecords(c); n != 2 {
		t.Fatalf("%d user records, want 2", n)
	}
	renamed := tMember(tGuild2, 1)
	renamed.User.Username = "renamed"
	c.add(tGuild2, renamed)
	if m, _ := c.member(tGuild, tUser(1).ID); m.User.Username != "renamed" {
		t.Errorf("user in the other guild is %q, want renamed (one shared record)", m.User.Username)
	}
	c.dropGuild(tGuild2)
	if n := userRecords(c); n != 1 {
		t.Errorf("%d user records after dropping a guild, want 1", n)
	}
	if m, ok := c.member(tGuild, tUser(1).ID); !ok || m.User.Username != "renamed" {
		t.Errorf("shared user lost with the other guild: %v %v", m, ok)
	}
	c.setGuild(tGuild, nil) // GUILD_CREATE again, with no members: replaces
	if n := userRecords(c); n != 0 {
		t.Errorf("%d user records after the last guild emptied, want 0", n)
	}
}

func TestMemberCacheConcurrentUse(t *testing.T) {
	t.Parallel()
	c := newMemberCache()
	guilds := []string{tGuild, tGuild2}
	for _, g := range guilds {
		c.setGuild(g, nil)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				g := guilds[(w+i)%2]
				n := i % 50
				switch i % 4 {
				case 0, 1:
					c.add(g, tMember(g, n, strconv.Itoa(i%3+1)))
				case 2:
					c.member(g, tUser(n).ID)
					c.members(g)
				default:
					c.remove(g, tUser(n).ID)
				}
			}
		}()
	}
	wg.Wait()
	for _, g := range guilds {
		c.dropGuild(g)
	}
	if n := userRecords(c); n != 0 {
		t.Errorf("%d user records leaked", n)
	}
}

func TestMemberCacheLoadsUnsortedAndDuplicateMembers(t *testing.T) {
	t.Parallel()
	c := newMemberCache()
	late := tMember(tGuild, 5)
	late.Nick = "second copy"
	c.setGuild(tGuild, []*discordgo.Member{tMember(tGuild, 9), tMember(tGuild, 5), tMember(tGuild, 1), late, tMember(tGuild, 7)})
	var got []string
	for _, m := range c.members(tGuild) {
		got = append(got, m.User.Username+":"+m.Nick)
	}
	if want := []string{"user9:", "user5:second copy", "user1:", "user7:"}; !reflect.DeepEqual(got, want) {
		t.Errorf("members %v, want %v", got, want)
	}
	for _, n := range []int{1, 5, 7, 9} {
		if _, ok := c.member(tGuild, tUser(n).ID); !ok {
			t.Errorf("user%d not found", n)
		}
	}
	c.remove(tGuild, tUser(9).ID)
	if _, ok := c.member(tGuild, tUser(7).ID); !ok {
		t.Error("user7 lost after removing an earlier member")
	}
	if n := userRecords(c); n != 3 {
		t.Errorf("%d user records, want 3", n)
	}
}
