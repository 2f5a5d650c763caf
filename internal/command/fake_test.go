package command

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// fakeDiscord is an in-memory Discord for tests: one map per kind of object
// and a record of sent messages.
type fakeDiscord struct {
	bot      *discordgo.User
	guilds   map[string]*discordgo.Guild
	channels map[string]*discordgo.Channel
	users    map[string]*discordgo.User
	members  map[string]map[string]*discordgo.Member
	search   []*discordgo.Member // extra members only found by SearchMembers

	mu       sync.Mutex
	sent     []*discordgo.MessageSend
	searches int
}

var _ Discord = (*fakeDiscord)(nil)

const (
	testGuild   = "100000000000000001"
	testChannel = "200000000000000001"
	botID       = "300000000000000001"
)

// newFake returns a guild testGuild with channel testChannel, @everyone
// allowed to view and send, and the bot as a member.
func newFake() *fakeDiscord {
	bot := &discordgo.User{ID: botID, Username: "cogd", Bot: true}
	f := &fakeDiscord{
		bot:      bot,
		guilds:   map[string]*discordgo.Guild{},
		channels: map[string]*discordgo.Channel{},
		users:    map[string]*discordgo.User{},
		members:  map[string]map[string]*discordgo.Member{},
	}
	g := &discordgo.Guild{ID: testGuild, Name: "Test", OwnerID: "999999999999999999",
		Roles: []*discordgo.Role{{ID: testGuild, Name: "@everyone", Permissions: discordgo.PermissionViewChannel | discordgo.PermissionSendMessages}}}
	f.guilds[testGuild] = g
	f.addChannel(&discordgo.Channel{ID: testChannel, GuildID: testGuild, Name: "general", Type: discordgo.ChannelTypeGuildText})
	f.addMember(&discordgo.Member{User: bot})
	return f
}

func (f *fakeDiscord) addChannel(ch *discordgo.Channel) {
	f.channels[ch.ID] = ch
	g := f.guilds[ch.GuildID]
	g.Channels = append(g.Channels, ch)
}

func (f *fakeDiscord) addRole(r *discordgo.Role) {
	g := f.guilds[testGuild]
	g.Roles = append(g.Roles, r)
}

func (f *fakeDiscord) addMember(m *discordgo.Member) *discordgo.Member {
	m.GuildID = testGuild
	f.users[m.User.ID] = m.User
	if f.members[testGuild] == nil {
		f.members[testGuild] = map[string]*discordgo.Member{}
	}
	f.members[testGuild][m.User.ID] = m
	g := f.guilds[testGuild]
	g.Members = append(g.Members, m)
	g.MemberCount = len(g.Members) + len(f.search)
	return m
}

// setUncached makes ms members that only Discord's member search finds,
// so the cached list is no longer complete.
func (f *fakeDiscord) setUncached(ms ...*discordgo.Member) {
	f.search = ms
	g := f.guilds[testGuild]
	g.MemberCount = len(g.Members) + len(ms)
}

// addMembers adds n members named user0000… with nick nick0000….
func (f *fakeDiscord) addMembers(n int) {
	for i := 0; i < n; i++ {
		f.addMember(&discordgo.Member{
			User: &discordgo.User{ID: fmt.Sprintf("4%017d", i), Username: fmt.Sprintf("user%05d", i), GlobalName: fmt.Sprintf("Global %05d", i)},
			Nick: fmt.Sprintf("nick%05d", i),
		})
	}
}

func (f *fakeDiscord) BotUser() *discordgo.User { return f.bot }

func (f *fakeDiscord) Send(_ context.Context, channelID string, m *discordgo.MessageSend) (*discordgo.Message, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, m)
	return &discordgo.Message{ID: "1", ChannelID: channelID, Content: m.Content}, nil
}

func (f *fakeDiscord) Edit(_ context.Context, channelID, messageID string, _ *discordgo.MessageEdit) (*discordgo.Message, error) {
	return &discordgo.Message{ID: messageID, ChannelID: channelID}, nil
}

func (f *fakeDiscord) Guild(_ context.Context, id string) (*discordgo.Guild, error) {
	if g, ok := f.guilds[id]; ok {
		return g, nil
	}
	return nil, fmt.Errorf("guild %s: %w", id, ErrNotFound)
}

func (f *fakeDiscord) Channel(_ context.Context, id string) (*discordgo.Channel, error) {
	if ch, ok := f.channels[id]; ok {
		return ch, nil
	}
	return nil, fmt.Errorf("channel %s: %w", id, ErrNotFound)
}

func (f *fakeDiscord) Member(_ context.Context, guildID, userID string) (*discordgo.Member, error) {
	if m, ok := f.members[guildID][userID]; ok {
		return m, nil
	}
	return nil, fmt.Errorf("member %s: %w", userID, ErrNotFound)
}

func (f *fakeDiscord) User(_ context.Context, id string) (*discordgo.User, error) {
	if u, ok := f.users[id]; ok {
		return u, nil
	}
	return nil, fmt.Errorf("user %s: %w", id, ErrNotFound)
}

func (f *fakeDiscord) SearchMembers(_ context.Context, _ string, query string, limit int) ([]*discordgo.Member, error) {
	f.mu.Lock()
	f.searches++
	f.mu.Unlock()
	var out []*discordgo.Member
	for _, m := range f.search {
		if len(out) < limit && strings.HasPrefix(strings.ToLower(m.User.Username), strings.ToLower(query)) {
			out = append(out, m)
		}
	}
	return out, nil
}

// newContext returns a context for cmd invoked in the test guild by author.
func newContext(f *fakeDiscord, cmd *Command, author *discordgo.User, args string) *Context {
	return &Context{
		Origin:    Origin{MessageID: "500000000000000001", ChannelID: testChannel, GuildID: testGuild, Author: author},
		Responder: fakeResponder{f: f, channelID: testChannel},
		Prefix:    "!", Invoked: cmd.Name, Command: cmd, RawArgs: args, Discord: f,
	}
}

// fakeResponder answers through fakeDiscord.Send.
type fakeResponder struct {
	f         *fakeDiscord
	channelID string
}

func (r fakeResponder) Respond(ctx context.Context, m *discordgo.MessageSend, _ bool) (*discordgo.Message, error) {
	return r.f.Send(ctx, r.channelID, m)
}

func (r fakeResponder) Send(ctx context.Context, m *discordgo.MessageSend) (*discordgo.Message, error) {
	return r.f.Send(ctx, r.channelID, m)
}

func (r fakeResponder) Edit(_ context.Context, id string, e *discordgo.MessageEdit) (*discordgo.Message, error) {
	return &discordgo.Message{ID: id, ChannelID: r.channelID}, nil
}

func (r fakeResponder) Defer(context.Context, bool) error { return nil }

func testUser(id, name string) *discordgo.User {
	return &discordgo.User{ID: id, Username: name}
}

// mustTable builds a table or fails the test.
func mustTable(t testing.TB, groups ...Group) *Table {
	t.Helper()
	tbl, err := NewTable(groups)
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}
