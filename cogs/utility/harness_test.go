package utility_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/utility"
	"cogd/internal/bot"
	"cogd/internal/discordtest"
	"cogd/internal/gateway"
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
type harness struct {
	t       *testing.T
	emu     *discordtest.Server
	world   world
	api     *utility.FakeAPI
	bot     *bot.Bot
	tracker *bot.Tracker
	replies <-chan *discordgo.Message
	logs    *syncBuffer
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs a bot with the utility cog against a new emulator and a new
// fake upstream.
func start(t *testing.T) *harness {
	t.Helper()
	owner := fixedID(0)
	emu := discordtest.NewTB(t, discordtest.Options{OwnerID: owner})
	h := &harness{t: t, emu: emu, world: seed(emu, owner), api: utility.NewFakeAPI(t), tracker: bot.NewTracker(), logs: &syncBuffer{}}
	cog := utility.New(h.api.Options(2*time.Second, func() time.Time { return testNow }))
	h.run(bot.Options{
		Token: emu.Token(), APIURL: emu.APIURL(), Prefix: "!",
		Cogs:           []bot.Cog{cog},
		Logger:         slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		CommandTimeout: 10 * time.Second, StartupTimeout: 10 * time.Second, Observe: h.tracker.Observe,
		Shard: gateway.Options{
			Backoff:            func(int) time.Duration { return 10 * time.Millisecond },
			InvalidSessionWait: func() time.Duration { return 10 * time.Millisecond },
			CheckEvery:         20 * time.Millisecond,
		},
	})
	return h
}

func (h *harness) run(opts bot.Options) {
	h.t.Helper()
	b, err := bot.New(opts)
	if err != nil {
		h.t.Fatal(err)
	}
	done := make(chan error, 1)
	h.bot = b
	replies, unsubscribe := h.emu.Subscribe()
	h.replies = replies
	ctx, cancel := context.WithCancel(context.Background())
	go func() { done <- b.Run(ctx) }()
	h.t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			h.t.Errorf("bot.Run: %v", err)
		}
		unsubscribe()
	})
	select {
	case <-b.Ready():
	case err := <-done:
		done <- err
		h.t.Fatalf("bot did not start: %v", err)
	case <-time.After(15 * time.Second):
		h.t.Fatal("bot not ready after 15 s")
	}
}

// say posts content as author in #general and returns the bot's replies
// once the bot has finished handling it.
func (h *harness) say(author, content string) []*discordgo.Message {
	h.t.Helper()
	m, err := h.emu.SendMessage(h.world.General, author, content)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := h.tracker.Wait(ctx, h.bot, m.ID); err != nil {
		h.t.Fatalf("message %q not handled: %v\nlogs:\n%s", content, err, h.logs.String())
	}
	var out []*discordgo.Message
	for {
		select {
		case r := <-h.replies:
			out = append(out, r)
		default:
			return out
		}
	}
}

// one asserts exactly one reply and returns it.
func (h *harness) one(author, content string) *discordgo.Message {
	h.t.Helper()
	rs := h.say(author, content)
	if len(rs) != 1 {
		h.t.Fatalf("%q: got %d replies, want 1\nlogs:\n%s", content, len(rs), h.logs.String())
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
