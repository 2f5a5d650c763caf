package moderation_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation"
	"cogd/cogs/moderation/modstore"
	"cogd/internal/bot"
	"cogd/internal/bot/bottest"
	"cogd/internal/discordtest"
	"cogd/internal/metrics"
	"cogd/internal/store"
	"cogd/internal/store/storetest"
)

// harness is a bot with the moderation cog, connected to an emulator
// seeded with the demo world, over a temporary store (SQLite, or PostgreSQL: openTestStore) whose clock
// (and the cog's) is a settable fake starting at the real time. The bot is
// a bottest.Harness; restart replaces it with a new one on the same store.
type harness struct {
	*bottest.Harness
	t      *testing.T
	emu    *discordtest.Server
	w      discordtest.Demo
	db     *store.Store
	st     *modstore.Store
	dbPath string
	clock  *storetest.Clock
	opts   moderation.Options
	bot    *bot.Bot
	logs   *syncBuffer
	// metrics are every bot's numbers (kept across restarts).
	metrics *metrics.Metrics
}

// migrationSets are the sets cogd migrates: core, then moderation's.
func migrationSets() []store.MigrationSet {
	return []store.MigrationSet{store.CoreMigrations(), modstore.Migrations()}
}

// syncBuffer is a log sink safe for concurrent writes, kept across restarts.
type syncBuffer = bottest.LogBuffer

// openTestStore opens the store the suite runs on: a SQLite file (its path
// is returned), or a PostgreSQL schema with
// COGD_TEST_MODERATION_BACKEND=postgres (make test runs the suite on both
// when COGD_TEST_POSTGRES_URL is set).
func openTestStore(t *testing.T, cfg store.Config) (*store.Store, string) {
	t.Helper()
	if os.Getenv("COGD_TEST_MODERATION_BACKEND") == "postgres" {
		return storetest.Postgres().Open(t, cfg), ""
	}
	cfg.Path = filepath.Join(t.TempDir(), "cogd.db")
	return storetest.MustOpenConfig(t, cfg), cfg.Path
}

// requireSQLite skips a test that reaches into SQLite's file or dialect.
func (h *harness) requireSQLite() {
	h.t.Helper()
	if h.dbPath == "" {
		h.t.Skip("needs SQLite (it reads the database file or uses SQLite's dialect)")
	}
}

// start runs a bot against a new emulator and store.
func start(t *testing.T) *harness {
	t.Helper()
	// COGD_TEST_FULL_MEMBERS=1 runs every test with GUILD_CREATE carrying
	// every member (the default is Discord's sparse list).
	emu := discordtest.NewTB(t, discordtest.Options{FullMemberList: os.Getenv("COGD_TEST_FULL_MEMBERS") != ""})
	clock := storetest.NewClock(time.Now())
	h := &harness{t: t, emu: emu, w: emu.SeedDemo(), clock: clock, logs: &syncBuffer{},
		metrics: metrics.New(metrics.Options{})}
	h.db, h.dbPath = openTestStore(t, store.Config{Now: clock.Now, Migrations: migrationSets()})
	h.st = modstore.New(h.db)
	h.opts = moderation.Options{Now: clock.Now, SchedulerEvery: 20 * time.Millisecond,
		Backoff: func(int) time.Duration { return time.Minute }}
	h.startBot()
	return h
}

// botOptions are the options of the harness's bots.
func (h *harness) botOptions() bot.Options {
	info := moderation.Info
	info.New = func() bot.Cog { return moderation.New(h.opts) }
	o := bottest.Options(h.emu, info)
	bottest.UseStore(&o, h.db)
	o.DrainTimeout = 5 * time.Second
	o.Metrics = h.metrics
	o.Logger = slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return o
}

// startBot starts a new bot on the harness's emulator and store.
func (h *harness) startBot() {
	h.t.Helper()
	h.Harness = bottest.Start(h.t, h.emu, h.botOptions())
	h.bot = h.Harness.Bot
}

// restart stops the bot and starts a new one on the same store.
func (h *harness) restart(between func()) {
	h.t.Helper()
	h.Stop()
	if between != nil {
		between()
	}
	h.startBot()
}

// say posts content as author in #general and returns every message the
// bot created (replies, DMs, modlog posts) once it has handled it.
func (h *harness) say(author, content string) []*discordgo.Message {
	h.t.Helper()
	return h.Say(h.w.General, author, content)
}

// sayIn is say in another channel.
func (h *harness) sayIn(channel, author, content string) []*discordgo.Message {
	h.t.Helper()
	return h.Say(channel, author, content)
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

func text(m *discordgo.Message) string { return bottest.Text(m) }

func texts(ms []*discordgo.Message) []string { return bottest.Texts(ms) }

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
func (h *harness) cases() []modstore.Case {
	h.t.Helper()
	var out []modstore.Case
	for n := int64(1); ; n++ {
		c, err := h.st.Case(context.Background(), h.w.Guild, n)
		if errors.Is(err, modstore.ErrNotFound) {
			return out
		}
		if err != nil {
			h.t.Fatal(err)
		}
		out = append(out, c)
	}
}

// lastCase returns the guild's newest case.
func (h *harness) lastCase() modstore.Case {
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
	h.Drain()
	return id
}

// welcomed reports whether #welcome has a welcome for user id and its
// request is recorded (the message is visible a moment before that, and a
// mark taken in between would count the welcome as the test's request).
func (h *harness) welcomed(id string) bool {
	posted := false
	for _, m := range h.emu.Messages(h.w.Welcome) {
		if len(m.Embeds) == 1 && strings.Contains(m.Embeds[0].Description, mention(id)) {
			posted = true
		}
	}
	if !posted {
		return false
	}
	path := "/channels/" + h.w.Welcome + "/messages"
	for _, r := range h.emu.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, path) && strings.Contains(string(r.Body), id) {
			return true
		}
	}
	return false
}

// setModlog points the modlog at #modlog through the store.
func (h *harness) setModlog() {
	h.t.Helper()
	_, err := h.st.UpdateGuildSettings(context.Background(), h.w.Guild, func(s *modstore.Settings) error {
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
