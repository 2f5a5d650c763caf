package utility_test

import (
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/utility"
	"cogd/internal/bot"
	"cogd/internal/bot/bottest"
	"cogd/internal/discordtest"
)

// testNow is the fixed clock of the end-to-end tests: Thursday
// 2026-11-26, 12:00 CET, before that day's rates update.
var testNow = time.Date(2026, 11, 26, 11, 0, 0, 0, time.UTC)

// world is a guild with fixed IDs, so rendered embeds are stable.
type world struct {
	Guild, General, Voice, Category string
	Owner, Alice, Bob               string
	MemberRole, ModRole             string
}

// fixedID returns the snowflake of a fixed moment, n seconds into 2020.
func fixedID(n int) string {
	return discordtest.Snowflake(time.Date(2020, 1, 1, 0, 0, n, 0, time.UTC))
}

// seed builds the world: "Utility Test" owned by "you", alice (Member and
// Moderator, nick "Ally") and bob (Member), #general, a voice channel and
// a category.
func seed(emu *discordtest.Server, owner string) world {
	w := world{Owner: owner, Guild: fixedID(1), General: fixedID(2), Voice: fixedID(3), Category: fixedID(4),
		Alice: fixedID(5), Bob: fixedID(6), MemberRole: fixedID(7), ModRole: fixedID(8)}
	emu.AddUser(discordtest.User{ID: owner, Username: "you", GlobalName: "You"})
	emu.AddUser(discordtest.User{ID: w.Alice, Username: "alice", GlobalName: "Alice"})
	emu.AddUser(discordtest.User{ID: w.Bob, Username: "bob"})
	emu.AddGuild(discordtest.Guild{ID: w.Guild, Name: "Utility Test", OwnerID: owner})
	emu.AddRole(w.Guild, discordtest.Role{ID: w.MemberRole, Name: "Member", Position: 1, Color: 0x3498db})
	emu.AddRole(w.Guild, discordtest.Role{ID: w.ModRole, Name: "Moderator", Position: 2, Color: 0xe67e22, Hoist: true})
	emu.AddMember(w.Guild, w.Alice, []string{w.MemberRole, w.ModRole}, "Ally")
	emu.AddMember(w.Guild, w.Bob, []string{w.MemberRole}, "")
	emu.AddChannel(w.Guild, discordtest.Channel{ID: w.General, Name: "general"})
	emu.AddChannel(w.Guild, discordtest.Channel{ID: w.Voice, Name: "Lounge", Type: discordgo.ChannelTypeGuildVoice})
	emu.AddChannel(w.Guild, discordtest.Channel{ID: w.Category, Name: "Info", Type: discordgo.ChannelTypeGuildCategory})
	return w
}

// harness is a bot with the utility cog, connected to an emulator, with
// its upstreams faked.
// harness is a bot serving the utility cog, against fake upstreams.
type harness struct {
	*bottest.Harness
	t     *testing.T
	emu   *discordtest.Server
	world world
	api   *utility.FakeAPI
}

func start(t *testing.T) *harness {
	t.Helper()
	return startWith(t, func(*bot.Options) {})
}

// startWith is start with the bot's options changed by configure.
func startWith(t *testing.T, configure func(*bot.Options)) *harness {
	t.Helper()
	owner := fixedID(0)
	emu := discordtest.NewTB(t, discordtest.Options{OwnerID: owner})
	h := &harness{t: t, emu: emu, world: seed(emu, owner), api: utility.NewFakeAPI(t)}
	cog := utility.New(h.api.Options(2*time.Second, func() time.Time { return testNow }))
	opts := bottest.Options(emu, bottest.Fixed("utility", cog))
	configure(&opts)
	h.Harness = bottest.Start(t, emu, opts)
	return h
}

// say posts content as author in #general and returns the bot's replies
// once the bot has finished handling it.
func (h *harness) say(author, content string) []*discordgo.Message {
	h.t.Helper()
	return h.Say(h.world.General, author, content)
}

// one asserts exactly one reply and returns it.
func (h *harness) one(author, content string) *discordgo.Message {
	h.t.Helper()
	rs := h.say(author, content)
	if len(rs) != 1 {
		h.t.Fatalf("%q: got %d replies, want 1\nlogs:\n%s", content, len(rs), h.Logs.String())
	}
	return rs[0]
}

// text asserts exactly one plain reply and returns its content.
func (h *harness) text(author, content string) string {
	h.t.Helper()
	m := h.one(author, content)
	if len(m.Embeds) != 0 {
		h.t.Fatalf("%q: want a text reply, got embeds %+v", content, m.Embeds)
	}
	return m.Content
}

// embed asserts exactly one reply with one embed and returns the embed.
func (h *harness) embed(author, content string) *discordgo.MessageEmbed {
	h.t.Helper()
	m := h.one(author, content)
	if len(m.Embeds) != 1 {
		h.t.Fatalf("%q: want one embed, got %q with %d embeds", content, m.Content, len(m.Embeds))
	}
	return m.Embeds[0]
}
