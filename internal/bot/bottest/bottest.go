// Package bottest runs a real bot against the local Discord emulator for
// end-to-end tests: start it, post messages as members and read what the
// bot answered, once it has finished handling them.
package bottest

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/bot"
	"cogd/internal/command"
	"cogd/internal/discordtest"
	"cogd/internal/discordtest/openapicheck"
	"cogd/internal/gateway"
	"cogd/internal/store"
)

// Harness is a running bot connected to an emulator.
type Harness struct {
	TB      testing.TB
	Emu     *discordtest.Server
	Bot     *bot.Bot
	Logs    *LogBuffer
	tracker *bot.Tracker
	replies <-chan *discordgo.Message
	done    chan error
	stop    func()
}

// LogBuffer collects log output written from many goroutines.
type LogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns everything written so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// FastShard makes reconnects and checks quick, for tests.
func FastShard() gateway.Options {
	return gateway.Options{
		Backoff:            func(int) time.Duration { return 10 * time.Millisecond },
		InvalidSessionWait: func() time.Duration { return 10 * time.Millisecond },
		CheckEvery:         20 * time.Millisecond,
	}
}

// Options returns bot options for emu serving cogs, with prefix "!" and
// fast reconnects. Start logs into the harness's LogBuffer at debug level.
func Options(emu *discordtest.Server, cogs ...bot.CogInfo) bot.Options {
	return bot.Options{
		Token: emu.Token(), APIURL: emu.APIURL(), Prefix: "!", Cogs: cogs,
		CommandTimeout: 10 * time.Second, StartupTimeout: 10 * time.Second, Shard: FastShard(),
	}
}

// Fixed lists one cog instance under name: every set-up (reloads too)
// gets that same instance, so a test can watch it.
func Fixed(name string, c bot.Cog) bot.CogInfo {
	return bot.CogInfo{Name: name, Description: "The " + name + " cog.", New: func() bot.Cog { return c }}
}

// UseStore gives the bot st as cmd/cogd does: guild prefixes and
// unknown-command policies, the readiness check, and the resource cogs
// ask for.
func UseStore(o *bot.Options, st *store.Store) {
	o.LoadPrefix = func(ctx context.Context, guildID string) (string, error) {
		s, err := st.GuildSettings(ctx, guildID)
		return s.Prefix, err
	}
	o.LoadUnknownPolicy = func(ctx context.Context, guildID string) (string, error) {
		s, err := st.GuildSettings(ctx, guildID)
		return s.UnknownCommands, err
	}
	o.Ping, o.Resources = st.Ping, append(o.Resources, st)
}

// Commands lists a cog called name that registers cmds and nothing else.
func Commands(name string, cmds ...*command.Command) bot.CogInfo {
	return Fixed(name, commandsCog(cmds))
}

type commandsCog []*command.Command

func (c commandsCog) Setup(r *bot.Registrar) error {
	r.Command(c...)
	return nil
}

// Start runs a bot with opts against emu until the test ends and waits
// until it is ready. opts.Settled is taken over by the harness; when
// opts.Logger is nil, logs go to the harness's LogBuffer.
func Start(tb testing.TB, emu *discordtest.Server, opts bot.Options) *Harness {
	tb.Helper()
	h := &Harness{TB: tb, Emu: emu, Logs: &LogBuffer{}, tracker: bot.NewTracker(), done: make(chan error, 1)}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(h.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	opts.Settled = h.tracker.Settled
	b, err := bot.New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	h.Bot = b
	h.run()
	return h
}

func (h *Harness) run() {
	h.TB.Helper()
	replies, unsubscribe := h.Emu.Subscribe()
	h.replies = replies
	ctx, cancel := context.WithCancel(context.Background())
	go func() { h.done <- h.Bot.Run(ctx) }()
	var once sync.Once
	h.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-h.done; err != nil && !errors.Is(err, context.Canceled) {
				h.TB.Errorf("bot.Run: %v", err)
			}
			unsubscribe()
		})
	}
	h.TB.Cleanup(func() {
		h.stop()
		// Whatever the test did, cogd sent nothing Discord would reject,
		// and nothing that could ping.
		openapicheck.CheckRecording(h.TB, h.Emu.Requests())
		CheckAllowedMentions(h.TB, h.Emu.Requests())
	})
	select {
	case <-h.Bot.Ready():
	case err := <-h.done:
		h.done <- err
		h.TB.Fatalf("bot did not start: %v\n%s", err, h.Logs.String())
	case <-time.After(15 * time.Second):
		h.TB.Fatal("bot not ready after 15 s")
	}
}

// Stop stops the bot and waits for Run to return (the test's cleanup does
// it too); a test that restarts the bot calls Stop, then Start again.
func (h *Harness) Stop() { h.stop() }

// Done delivers Run's result once the bot stops by itself (shutdown); a
// test that reads it must put the value back for the cleanup.
func (h *Harness) Done() chan error { return h.done }

// Say posts content as author in channel and returns the bot's messages
// once it has finished handling it (every command it started included).
func (h *Harness) Say(channel, author, content string) []*discordgo.Message {
	h.TB.Helper()
	m, err := h.Emu.SendMessage(channel, author, content)
	if err != nil {
		h.TB.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.tracker.Wait(ctx, h.Bot, m.ID); err != nil {
		h.TB.Fatalf("message %q not handled: %v\nlogs:\n%s", content, err, h.Logs.String())
	}
	return h.Drain()
}

// Drain returns the bot's messages received since the last Say or Drain.
func (h *Harness) Drain() []*discordgo.Message {
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

// One is Say expecting exactly one message, returned as Text.
func (h *Harness) One(channel, author, content string) string {
	h.TB.Helper()
	rs := h.Say(channel, author, content)
	if len(rs) != 1 {
		h.TB.Fatalf("%q: got %d replies, want 1: %v", content, len(rs), Texts(rs))
	}
	return Text(rs[0])
}

// Reply posts content and waits only for the bot's next message in the
// channel, not for other commands to finish.
func (h *Harness) Reply(channel, author, content string) string {
	h.TB.Helper()
	m, err := h.Emu.SendMessage(channel, author, content)
	if err != nil {
		h.TB.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := h.Emu.WaitMessage(ctx, channel, m.ID)
	if err != nil {
		h.TB.Fatalf("%q: no reply: %v", content, err)
	}
	return Text(r)
}

// Text flattens a message: content, then each embed's title, description
// and "name: value" fields, one per line.
func Text(m *discordgo.Message) string {
	s := m.Content
	for _, e := range m.Embeds {
		s += "\n" + e.Title + "\n" + e.Description
		for _, f := range e.Fields {
			s += "\n" + f.Name + ": " + f.Value
		}
	}
	return s
}

// Texts is Text of each message.
func Texts(ms []*discordgo.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = Text(m)
	}
	return out
}
