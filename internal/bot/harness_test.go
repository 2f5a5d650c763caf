package bot_test

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

// harness is a bot connected to an emulator.
type harness struct {
	t       *testing.T
	emu     *discordtest.Server
	world   discordtest.Demo
	bot     *bot.Bot
	tracker *bot.Tracker
	replies <-chan *discordgo.Message
	logs    *syncBuffer
	done    chan error
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

// fastShard makes reconnects quick for tests.
func fastShard() gateway.Options {
	return gateway.Options{
		Backoff:            func(int) time.Duration { return 10 * time.Millisecond },
		InvalidSessionWait: func() time.Duration { return 10 * time.Millisecond },
		CheckEvery:         20 * time.Millisecond,
	}
}

func newOptions(emu *discordtest.Server, logs *syncBuffer, cogs ...bot.Cog) bot.Options {
	return bot.Options{
		Token: emu.Token(), APIURL: emu.APIURL(), Prefix: "!",
		Cogs:           append([]bot.Cog{utility.New(utility.Options{})}, cogs...),
		Logger:         slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		CommandTimeout: 5 * time.Second, StartupTimeout: 10 * time.Second, Shard: fastShard(),
	}
}

// start runs a bot with the utility cog plus cogs against a new emulator.
func start(t *testing.T, emuOpts discordtest.Options, cogs ...bot.Cog) *harness {
	t.Helper()
	emu := discordtest.NewTB(t, emuOpts)
	h := &harness{t: t, emu: emu, world: emu.SeedDemo(), tracker: bot.NewTracker(), logs: &syncBuffer{}}
	opts := newOptions(emu, h.logs, cogs...)
	opts.Observe = h.tracker.Observe
	h.run(opts)
	return h
}

func (h *harness) run(opts bot.Options) {
	h.t.Helper()
	b, err := bot.New(opts)
	if err != nil {
		h.t.Fatal(err)
	}
	h.bot, h.done = b, make(chan error, 1)
	replies, unsubscribe := h.emu.Subscribe()
	h.replies = replies
	ctx, cancel := context.WithCancel(context.Background())
	go func() { h.done <- b.Run(ctx) }()
	h.t.Cleanup(func() {
		cancel()
		if err := <-h.done; err != nil && !errors.Is(err, context.Canceled) {
			h.t.Errorf("bot.Run: %v", err)
		}
		unsubscribe()
	})
	select {
	case <-b.Ready():
	case err := <-h.done:
		h.done <- err
		h.t.Fatalf("bot did not start: %v", err)
	case <-time.After(15 * time.Second):
		h.t.Fatal("bot not ready after 15 s")
	}
}

// say posts content as author in #general and returns the bot's replies
// once the bot has finished handling it.
func (h *harness) say(author, content string) []*discordgo.Message {
	h.t.Helper()
	return h.sayIn(h.world.General, author, content)
}

func (h *harness) sayIn(channel, author, content string) []*discordgo.Message {
	h.t.Helper()
	m, err := h.emu.SendMessage(channel, author, content)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
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

// one asserts exactly one reply and returns its text (content + embeds).
func (h *harness) one(author, content string) string {
	h.t.Helper()
	rs := h.say(author, content)
	if len(rs) != 1 {
		h.t.Fatalf("%q: got %d replies, want 1: %v", content, len(rs), texts(rs))
	}
	return text(rs[0])
}

func text(m *discordgo.Message) string {
	s := m.Content
	for _, e := range m.Embeds {
		s += "\n" + e.Title + "\n" + e.Description
		for _, f := range e.Fields {
			s += "\n" + f.Name + ": " + f.Value
		}
	}
	return s
}

func texts(ms []*discordgo.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = text(m)
	}
	return out
}
