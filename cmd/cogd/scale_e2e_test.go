package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation"
	"cogd/cogs/moderation/modstore"
	"cogd/internal/bot"
	"cogd/internal/bot/bottest"
	"cogd/internal/discordtest"
	"cogd/internal/fakeclock"
	"cogd/internal/store"
	"cogd/internal/store/pgtest"
)

// The scale-out tests run two cogd processes in this test process, each
// wired as runCommand wires one (config → storeConfig, botOptions with the
// identify gate and the settings watch), on one PostgreSQL database. What
// differs from `cogd run`: a shared fake clock for the store and the
// moderation cog (its scheduler polls every 20 ms), fast shard reconnects,
// and an identify interval of gateInterval instead of 5 s, against an
// emulator enforcing emuWindow.
const (
	gateInterval = 250 * time.Millisecond
	emuWindow    = 200 * time.Millisecond
)

// process is one in-process cogd.
type process struct {
	bot     *bot.Bot
	st      *store.Store
	logs    *lockedBuffer
	tracker *bot.Tracker
	watched chan struct{} // closed when the settings watch first connects
	done    chan error
	stop    func()
}

// processSpec says what a process runs against.
type processSpec struct {
	emu      *discordtest.Server
	dsn      string
	shardIDs string // "" all
	shards   int    // SHARD_COUNT; 0 auto
	clock    *fakeclock.Clock
}

// newProcess builds a cogd process; it connects once start is closed.
func newProcess(t *testing.T, spec processSpec, start <-chan struct{}) *process {
	t.Helper()
	local := "http://127.0.0.1:9/v1"
	vars := map[string]string{"DISCORD_TOKEN": spec.emu.Token(), "DISCORD_API_URL": spec.emu.APIURL(), "DATABASE_URL": spec.dsn,
		"SHARD_IDS": spec.shardIDs, "GEOCODING_API_URL": local, "WEATHER_API_URL": local, "CURRENCY_API_URL": local, "STARTUP_TIMEOUT": "20s"}
	if spec.shards > 0 {
		vars["SHARD_COUNT"] = strconv.Itoa(spec.shards)
	}
	cfg := loadWith(t, vars)
	p := &process{logs: &lockedBuffer{}, tracker: bot.NewTracker(), watched: make(chan struct{}), done: make(chan error, 1)}
	log := slog.New(slog.NewTextHandler(p.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	sc := storeConfig(cfg, log)
	sc.Now = spec.clock.Now
	st, err := store.Open(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	p.st = st
	opts := botOptions(cfg, log, st)
	opts.Cogs = cogsAt(spec.clock)
	opts.Shard, opts.DrainTimeout, opts.Settled = bottest.FastShard(), 2*time.Second, p.tracker.Settled
	opts.IdentifyGate = identifyGateEvery(cfg, st, log, gateInterval)
	opts.WatchSettings = p.observeWatch(opts.WatchSettings)
	if p.bot, err = bot.New(opts); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-start; p.done <- p.bot.Run(ctx) }()
	var once sync.Once
	p.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-p.done; err != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("bot.Run: %v", err)
			}
		})
	}
	t.Cleanup(p.stop)
	return p
}

// observeWatch wraps the settings watch to tell when it first connected
// (WatchSettings calls onChange("") after each connect).
func (p *process) observeWatch(watch func(context.Context, func(string)) error) func(context.Context, func(string)) error {
	var once sync.Once
	return func(ctx context.Context, onChange func(string)) error {
		return watch(ctx, func(guildID string) {
			onChange(guildID)
			if guildID == "" {
				once.Do(func() { close(p.watched) })
			}
		})
	}
}

// cogsAt is cogList with the moderation cog on clock, polling its
// schedule every 20 ms.
func cogsAt(clock *fakeclock.Clock) []bot.CogInfo {
	list := cogList()
	for i := range list {
		if list[i].Name == moderation.Info.Name {
			list[i].New = func() bot.Cog {
				return moderation.New(moderation.Options{Now: clock.Now, SchedulerEvery: 20 * time.Millisecond})
			}
		}
	}
	return list
}

// waitReady waits until p is ready.
func (p *process) waitReady(t *testing.T) {
	t.Helper()
	select {
	case <-p.bot.Ready():
	case err := <-p.done:
		p.done <- err
		t.Fatalf("process did not start: %v\n%s", err, p.logs.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("process not ready after 30 s\n%s", p.logs.String())
	}
}

// say posts content and waits until p has handled it; it returns the
// bot's messages in the channel after it.
func (p *process) say(t *testing.T, emu *discordtest.Server, channel, author, content string) []*discordgo.Message {
	t.Helper()
	m, err := emu.SendMessage(channel, author, content)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := p.tracker.Wait(ctx, p.bot, m.ID); err != nil {
		t.Fatalf("%q not handled: %v\n%s", content, err, p.logs.String())
	}
	return botMessagesAfter(emu, channel, m.ID)
}

// botMessagesAfter lists the bot's messages in channel after message id
// ("": all of them).
func botMessagesAfter(emu *discordtest.Server, channel, id string) []*discordgo.Message {
	var out []*discordgo.Message
	after := id == ""
	for _, m := range emu.Messages(channel) {
		if m.ID == id {
			after = true
			continue
		}
		if after && m.Author != nil && m.Author.Bot {
			out = append(out, m)
		}
	}
	return out
}

// scaleWorld is an emulator with 4 shards and max_concurrency 1,
// enforcing identify pacing, with guilds until every shard has some; the
// application owner owns them, alice and bob are members.
type scaleWorld struct {
	alice, bob string
	guilds     []string
	chans      map[string]string // guild → #general
}

func newScaleEmulator(t *testing.T) (*discordtest.Server, scaleWorld) {
	t.Helper()
	emu := discordtest.NewTB(t, discordtest.Options{Shards: 4, MaxConcurrency: 1, IdentifyWindow: emuWindow})
	w := scaleWorld{alice: emu.AddUser(discordtest.User{Username: "alice"}), bob: emu.AddUser(discordtest.User{Username: "bob"}),
		chans: map[string]string{}}
	perShard := map[int]int{}
	for len(w.guilds) < 200 && (len(perShard) < 4 || len(w.guilds) < 8) {
		g := emu.AddGuild(discordtest.Guild{Name: "guild " + strconv.Itoa(len(w.guilds))})
		w.guilds = append(w.guilds, g)
		w.chans[g] = emu.AddChannel(g, discordtest.Channel{Name: "general"})
		emu.AddMember(g, w.alice, nil, "")
		emu.AddMember(g, w.bob, nil, "")
		perShard[bot.ShardFor(g, 4)]++
	}
	if len(perShard) < 4 {
		t.Fatalf("guilds cover shards %v only", perShard)
	}
	return emu, w
}

// guildOn is the first guild on a shard of want.
func (w scaleWorld) guildOn(want func(shard int) bool) string {
	for _, g := range w.guilds {
		if want(bot.ShardFor(g, 4)) {
			return g
		}
	}
	return ""
}

func low(shard int) bool  { return shard < 2 }
func high(shard int) bool { return shard >= 2 }

// startPair starts process A (shards 0-1) and B (2-3) at the same instant.
func startPair(t *testing.T, emu *discordtest.Server, dsn string, clock *fakeclock.Clock) (a, b *process) {
	t.Helper()
	start := make(chan struct{})
	a = newProcess(t, processSpec{emu: emu, dsn: dsn, shardIDs: "0-1", shards: 4, clock: clock}, start)
	b = newProcess(t, processSpec{emu: emu, dsn: dsn, shardIDs: "2-3", shards: 4, clock: clock}, start)
	close(start)
	a.waitReady(t)
	b.waitReady(t)
	return a, b
}

// TestTwoProcessesShareTheShards: two processes on one PostgreSQL
// database, started at the same instant against one emulator with 4 shards
// and max_concurrency 1, split 0-1 / 2-3: one session per shard, no
// identify refused for pacing, every guild's !ping answered once, and a
// warn in a guild of each process is that guild's case #1.
func TestTwoProcessesShareTheShards(t *testing.T) {
	dsn := pgtest.Schema(t, os.Getenv)
	emu, w := newScaleEmulator(t)
	a, b := startPair(t, emu, dsn, fakeclock.New(time.Now()))
	got := identifiedShards(emu)
	slices.Sort(got)
	if !slices.Equal(got, []int{0, 1, 2, 3}) || emu.Sessions() != 4 {
		t.Fatalf("identified shards %v, %d sessions; want [0 1 2 3] and 4", got, emu.Sessions())
	}
	if n := emu.PaceRefusals(); n != 0 {
		t.Fatalf("%d IDENTIFYs broke the identify pacing across the two processes", n)
	}
	owner := emu.OwnerID()
	for _, g := range w.guilds {
		p := pick(g, a, b)
		if rs := p.say(t, emu, w.chans[g], w.alice, "!ping"); len(rs) != 1 || !strings.HasPrefix(rs[0].Content, "Pong!") {
			t.Fatalf("guild %s (shard %d): replies %v", g, bot.ShardFor(g, 4), contents(rs))
		}
	}
	warned := []string{w.guildOn(low), w.guildOn(high)}
	for _, g := range warned {
		rs := pick(g, a, b).say(t, emu, w.chans[g], owner, "!warn alice spam")
		if len(rs) != 1 || !strings.HasPrefix(rs[0].Content, "Case #1: ") {
			t.Fatalf("warn in guild %s (shard %d): replies %v", g, bot.ShardFor(g, 4), contents(rs))
		}
	}
	for _, g := range w.guilds { // no process answered a guild of the other one
		want := 1
		if slices.Contains(warned, g) {
			want = 2
		}
		if n := len(botMessagesAfter(emu, w.chans[g], "")); n != want {
			t.Errorf("guild %s: %d bot messages, want %d", g, n, want)
		}
	}
}

// pick is the process serving guild g.
func pick(g string, a, b *process) *process {
	if low(bot.ShardFor(g, 4)) {
		return a
	}
	return b
}

func contents(ms []*discordgo.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Content)
	}
	return out
}

// unbans counts the DELETE /guilds/{g}/bans/{user} requests emu received.
func unbans(emu *discordtest.Server, guild, user string) int {
	n := 0
	for _, r := range emu.Requests() {
		if r.Method == "DELETE" && strings.HasSuffix(r.Path, "/guilds/"+guild+"/bans/"+user) {
			n++
		}
	}
	return n
}

// eventually polls cond until it holds, failing after 15 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestTempbanOutlivesItsProcess: a temporary ban set through process B;
// B dies holding the claim on its unban (its scheduler claimed the due
// action and never finished); A lifts the ban once the claim's lease
// lapses, exactly once; B restarted does not lift it again.
//
// B's death is simulated in-process: B is stopped, and the claim its
// scheduler would hold at the moment of a SIGKILL is taken in its name
// (modstore.ClaimDueActions with B's lease, before the clock reaches the
// due time, so A cannot take it first). In the database that is exactly
// what a killed B leaves behind — a live lease, no outcome — and
// in-process the shared fake clock can run the 5-minute lease out, which
// a child process on the real clock could not within a test.
func TestTempbanOutlivesItsProcess(t *testing.T) {
	dsn := pgtest.Schema(t, os.Getenv)
	emu, w := newScaleEmulator(t)
	clock := fakeclock.New(time.Now())
	a, b := startPair(t, emu, dsn, clock)
	g := w.guildOn(high)
	if rs := b.say(t, emu, w.chans[g], emu.OwnerID(), "!ban alice 1h spam"); len(rs) != 1 || !strings.HasPrefix(rs[0].Content, "Case #1: ") {
		t.Fatalf("ban: %v", contents(rs))
	}
	ms := modstore.New(a.st)
	ctx := context.Background()
	due, err := ms.DueActions(ctx, clock.Now().Add(2*time.Hour), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("scheduled actions %+v, %v; want the unban", due, err)
	}
	b.stop()
	const lease = 5 * time.Minute // the moderation scheduler's claimLease
	if held, err := ms.ClaimDueActions(ctx, "process-b:killed", due[0].DueAt, lease, 10); err != nil || len(held) != 1 {
		t.Fatalf("B's claim: %+v, %v", held, err)
	}
	clock.Set(due[0].DueAt.Add(time.Minute))
	time.Sleep(100 * time.Millisecond) // several polls of A's scheduler
	if _, banned := emu.Ban(g, w.alice); !banned || unbans(emu, g, w.alice) != 0 {
		t.Fatal("lifted while B's claim was live")
	}
	clock.Set(due[0].DueAt.Add(lease + time.Second))
	eventually(t, "A lifts the ban", func() bool { _, banned := emu.Ban(g, w.alice); return !banned })
	eventually(t, "the unban recorded", func() bool {
		p, err := ms.DueActions(ctx, clock.Now().Add(time.Hour), 10)
		return err == nil && len(p) == 0
	})
	a.stop() // B restarted alone must not repeat it
	b2 := newProcess(t, processSpec{emu: emu, dsn: dsn, shardIDs: "2-3", shards: 4, clock: clock}, closed())
	b2.waitReady(t)
	if _, err := ms.ScheduleAction(ctx, modstore.ScheduledAction{GuildID: g, Kind: modstore.ActionUnban,
		TargetID: w.bob, DueAt: clock.Now().Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "restarted B runs its schedule", func() bool { return unbans(emu, g, w.bob) == 1 })
	if n := unbans(emu, g, w.alice); n != 1 {
		t.Fatalf("alice's ban lifted %d times, want once", n)
	}
}

// closed is a closed channel: start at once.
func closed() <-chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}

// TestPrefixChangeReachesTheOtherProcess: two processes on one PostgreSQL
// database (each with its own emulator holding the same guild); a prefix
// changed through A's `!config prefix ?` is honoured by B, whose cache
// held the old prefix, within a second. Owner reload and shutdown say
// they act on this process only.
func TestPrefixChangeReachesTheOtherProcess(t *testing.T) {
	dsn := pgtest.Schema(t, os.Getenv)
	clock := fakeclock.New(time.Now())
	emuA, emuB := discordtest.NewTB(t, discordtest.Options{}), discordtest.NewTB(t, discordtest.Options{})
	guild := emuA.AddGuild(discordtest.Guild{Name: "shared"})
	emuB.AddGuild(discordtest.Guild{ID: guild, Name: "shared"})
	chA, chB := emuA.AddChannel(guild, discordtest.Channel{Name: "general"}), emuB.AddChannel(guild, discordtest.Channel{Name: "general"})
	a := newProcess(t, processSpec{emu: emuA, dsn: dsn, clock: clock}, closed())
	b := newProcess(t, processSpec{emu: emuB, dsn: dsn, clock: clock}, closed())
	a.waitReady(t)
	b.waitReady(t)
	<-b.watched                                                           // B listens: a change from now on is notified, not found by a cache miss
	if rs := b.say(t, emuB, chB, emuB.OwnerID(), "!ping"); len(rs) != 1 { // B caches "no guild prefix"
		t.Fatalf("B before: %v", contents(rs))
	}
	if rs := a.say(t, emuA, chA, emuA.OwnerID(), "!config prefix ?"); len(rs) != 1 {
		t.Fatalf("config prefix: %v", contents(rs))
	}
	deadline := time.Now().Add(time.Second)
	for {
		if rs := b.say(t, emuB, chB, emuB.OwnerID(), "?ping"); len(rs) == 1 && strings.HasPrefix(rs[0].Content, "Pong!") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("B still ignores ?ping a second after A changed the prefix\n%s", b.logs.String())
		}
	}
	if rs := a.say(t, emuA, chA, emuA.OwnerID(), "?reload"); len(rs) != 1 || !strings.Contains(rs[0].Content, "in this process only") {
		t.Fatalf("reload: %v", contents(rs))
	}
	rs := b.say(t, emuB, chB, emuB.OwnerID(), "?shutdown")
	if len(rs) != 1 || !strings.Contains(rs[0].Content, "Shutting down this process") || !strings.Contains(rs[0].Content, "Other cogd processes") {
		t.Fatalf("shutdown: %v", contents(rs))
	}
}
