package moderation_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation"
	"cogd/internal/bot"
	"cogd/internal/discordtest"
	"cogd/internal/gateway"
	"cogd/internal/store"
	"cogd/internal/store/storetest"
)

// harness is a bot with the moderation cog, connected to an emulator
// seeded with the demo world, over a temporary SQLite store whose clock
// (and the cog's) is a settable fake starting at the real time.
type harness struct {
	t       *testing.T
	emu     *discordtest.Server
	w       discordtest.Demo
	st      *store.Store
	dbPath  string
	clock   *storetest.Clock
	opts    moderation.Options
	bot     *bot.Bot
	tracker *bot.Tracker
	replies <-chan *discordgo.Message
	logs    *syncBuffer
	stop    func()
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

// start runs a bot against a new emulator and store.
func start(t *testing.T) *harness {
	t.Helper()
	emu := discordtest.NewTB(t, discordtest.Options{})
	clock := storetest.NewClock(time.Now())
	h := &harness{t: t, emu: emu, w: emu.SeedDemo(), clock: clock, logs: &syncBuffer{}, dbPath: filepath.Join(t.TempDir(), "cogd.db")}
	h.st = storetest.MustOpenConfig(t, store.Config{Now: clock.Now, Path: h.dbPath})
	h.opts = moderation.Options{Now: clock.Now, SchedulerEvery: 20 * time.Millisecond,
		Backoff: func(int) time.Duration { return time.Minute }}
	h.startBot()
	return h
}

// botOptions are the options of the harness's bots.
func (h *harness) botOptions() bot.Options {
	return bot.Options{
		Token: h.emu.Token(), APIURL: h.emu.APIURL(), Prefix: "!", Store: h.st,
		Cogs:           []bot.Cog{moderation.New(h.opts)},
		Logger:         slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		CommandTimeout: 10 * time.Second, StartupTimeout: 10 * time.Second, DrainTimeout: 5 * time.Second,
		Shard: gateway.Options{
			Backoff:            func(int) time.Duration { return 10 * time.Millisecond },
			InvalidSessionWait: func() time.Duration { return 10 * time.Millisecond },
			CheckEvery:         20 * time.Millisecond,
		},
	}
}

// startBot starts a new bot on the harness's emulator and store.
func (h *harness) startBot() {
	h.t.Helper()
	opts := h.botOptions()
	h.tracker = bot.NewTracker()
	opts.Observe = h.tracker.Observe
	b, err := bot.New(opts)
	if err != nil {
		h.t.Fatal(err)
	}
	h.bot = b
	replies, unsubscribe := h.emu.Subscribe()
	h.replies = replies
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	var once sync.Once
	h.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
				h.t.Errorf("bot.Run: %v", err)
			}
			unsubscribe()
		})
	}
	h.t.Cleanup(h.stop)
	h.waitReady(b, done)
}

// waitReady waits for the bot to be ready.
func (h *harness) waitReady(b *bot.Bot, done chan error) {
	h.t.Helper()
	select {
	case <-b.Ready():
	case err := <-done:
		done <- err
		h.t.Fatalf("bot did not start: %v\nlogs:\n%s", err, h.logs.String())
	case <-time.After(15 * time.Second):
		h.t.Fatal("bot not ready after 15 s")
	}
}

// restart stops the bot and starts a new one on the same store.
func (h *harness) restart(between func()) {
	h.t.Helper()
	h.stop()
	if between != nil {
		between()
	}
	h.startBot()
}

// say posts content as author in #general and returns every message the
// bot created (replies, DMs, modlog posts) once it has handled it.
func (h *harness) say(author, content string) []*discordgo.Message {
	h.t.Helper()
	return h.sayIn(h.w.General, author, content)
}

// sayIn is say in another channel.
func (h *harness) sayIn(channel, author, content string) []*discordgo.Message {
	h.t.Helper()
	m, err := h.emu.SendMessage(channel, author, content)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := h.tracker.Wait(ctx, h.bot, m.ID); err != nil {
		h.t.Fatalf("message %q not handled: %v\nlogs:\n%s", content, err, h.logs.String())
	}
	return h.drain()
}

// drain returns the bot's messages received so far.
func (h *harness) drain() []*discordgo.Message {
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

// reply runs content and returns the text of the single reply in
// #general (other channels' messages are ignored).
func (h *harness) reply(author, content string) string {
	h.t.Helper()
	ms := in(h.say(author, content), h.w.General)
	if len(ms) != 1 {
		h.t.Fatalf("%q: got %d replies in #general, want 1: %q\nlogs:\n%s", content, len(ms), texts(ms), h.logs.String())
	}
	return text(ms[0])
}

// in keeps the messages posted in channel.
func in(ms []*discordgo.Message, channel string) []*discordgo.Message {
	var out []*discordgo.Message
	for _, m := range ms {
		if m.ChannelID == channel {
			out = append(out, m)
		}
	}
	return out
}

// text is a message's content and embeds as text.
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

// mark returns how many requests the emulator has recorded, for since.
func (h *harness) mark() int { return len(h.emu.Requests()) }

// since returns the requests recorded after mark.
func (h *harness) since(mark int) []discordtest.Request { return h.emu.Requests()[mark:] }

// mutations keeps the requests that change something other than posting
// a message in #general (replies): bans, kicks, member edits, deletions,
// DMs, modlog posts.
func (h *harness) mutations(reqs []discordtest.Request) []string {
	var out []string
	for _, r := range reqs {
		if r.Method == http.MethodGet || (r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/channels/"+h.w.General+"/messages")) {
			continue
		}
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// find returns the first request after mark with the method and path
// suffix, failing the test when there is none.
func (h *harness) find(mark int, method, suffix string) discordtest.Request {
	h.t.Helper()
	for _, r := range h.since(mark) {
		if r.Method == method && strings.HasSuffix(r.Path, suffix) {
			return r
		}
	}
	h.t.Fatalf("no %s …%s request; got %v", method, suffix, h.mutations(h.since(mark)))
	return discordtest.Request{}
}

// cases returns every case of the demo guild, oldest first.
func (h *harness) cases() []store.Case {
	h.t.Helper()
	var out []store.Case
	for n := int64(1); ; n++ {
		c, err := h.st.Case(context.Background(), h.w.Guild, n)
		if errors.Is(err, store.ErrNotFound) {
			return out
		}
		if err != nil {
			h.t.Fatal(err)
		}
		out = append(out, c)
	}
}

// lastCase returns the guild's newest case.
func (h *harness) lastCase() store.Case {
	h.t.Helper()
	cs := h.cases()
	if len(cs) == 0 {
		h.t.Fatal("no cases")
	}
	return cs[len(cs)-1]
}

// member adds a user with roles to the demo guild and returns its ID
// once the bot has welcomed them in #welcome (so it has seen the join).
func (h *harness) member(name string, roles ...string) string {
	h.t.Helper()
	id := h.emu.AddUser(discordtest.User{Username: name})
	h.emu.AddMember(h.w.Guild, id, roles, "")
	h.eventually("welcome of "+name, func() bool { return h.welcomed(id) })
	h.drain()
	return id
}

// welcomed reports whether #welcome has a welcome for user id.
func (h *harness) welcomed(id string) bool {
	for _, m := range h.emu.Messages(h.w.Welcome) {
		if len(m.Embeds) == 1 && strings.Contains(m.Embeds[0].Description, mention(id)) {
			return true
		}
	}
	return false
}

// setModlog points the modlog at #modlog through the store.
func (h *harness) setModlog() {
	h.t.Helper()
	_, err := h.st.UpdateGuildSettings(context.Background(), h.w.Guild, func(s *store.Settings) error {
		s.ModlogChannelID = h.w.Modlog
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
}

// eventually waits (on the emulator's changes) until cond holds.
func (h *harness) eventually(what string, cond func() bool) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			h.t.Fatalf("%s: not after 10 s\nlogs:\n%s", what, h.logs.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// mention is a user mention.
func mention(id string) string { return "<@" + id + ">" }

// discordtestRole is a role below the bot's with the given permissions.
func discordtestRole(name string, perms int64) discordtest.Role {
	return discordtest.Role{Name: name, Position: 1, Permissions: perms}
}
