package moderation_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation"
	"cogd/internal/bot"
	"cogd/internal/bot/bottest"
	"cogd/internal/discordtest"
	"cogd/internal/store"
	"cogd/internal/store/storetest"
)

// Shape of the benchmark load.
const (
	// benchTargets is how many members are warned, in turn.
	benchTargets = 200
	// benchInFlight is how many warns are in flight at once.
	benchInFlight = 64
)

// BenchmarkWarnEndToEnd measures `warn` through the emulator: the command
// arrives over the gateway, the case is written to SQLite, the member is
// DMed and the moderator gets the reply. benchInFlight warns are in flight
// at once; a warn counts when its reply arrives. The moderators type in one
// channel, or in four in turn: discordgo sends one request at a time per
// rate-limit bucket, and a channel's messages are one bucket, so with one
// channel the replies queue behind each other.
func BenchmarkWarnEndToEnd(b *testing.B) {
	for _, channels := range []int{1, 4} {
		b.Run(fmt.Sprintf("channels=%d", channels), func(b *testing.B) { benchWarn(b, channels) })
	}
}

// warnLoad is the benchmark's world: where to type and what.
type warnLoad struct {
	emu       *discordtest.Server
	moderator string
	channels  []string
	commands  []string
	replies   <-chan *discordgo.Message
}

func benchWarn(b *testing.B, channels int) {
	l := newWarnLoad(b, channels)
	l.send(b, benchTargets) // warm up: DM channels, member state, pools
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	l.send(b, b.N)
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "warns/s")
}

// newWarnLoad seeds the demo world with benchTargets members and extra
// channels, and starts a bot with the moderation cog.
func newWarnLoad(b *testing.B, channels int) *warnLoad {
	emu := discordtest.NewTB(b, discordtest.Options{NoRecord: true})
	w := emu.SeedDemo()
	l := &warnLoad{emu: emu, moderator: w.Moderator, channels: []string{w.General}}
	for i := 1; i < channels; i++ {
		l.channels = append(l.channels, emu.AddChannel(w.Guild, discordtest.Channel{Name: "mod-" + strconv.Itoa(i)}))
	}
	st := storetest.MustOpenConfig(b, store.Config{Migrations: migrationSets()})
	if _, err := st.UpdateGuildSettings(context.Background(), w.Guild, func(s *store.Settings) error {
		s.WelcomeChannelID = "off" // no welcome posts for the members added below
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	for i := range benchTargets {
		id := emu.AddUser(discordtest.User{Username: "target" + strconv.Itoa(i)})
		emu.AddMember(w.Guild, id, []string{w.MemberRole}, "")
		l.commands = append(l.commands, "!warn <@"+id+"> benchmark")
	}
	l.replies = runBenchBot(b, emu, st)
	return l
}

// isReply reports whether m is a reply (not a DM).
func (l *warnLoad) isReply(m *discordgo.Message) bool {
	for _, ch := range l.channels {
		if m.ChannelID == ch {
			return true
		}
	}
	return false
}

// send sends n warns, keeping benchInFlight in flight, and returns when
// every reply has arrived.
func (l *warnLoad) send(b *testing.B, n int) {
	slots := make(chan struct{}, benchInFlight)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for got := 0; got < n; {
			select {
			case m := <-l.replies:
				if l.isReply(m) {
					got++
					<-slots
				}
			case <-time.After(10 * time.Second):
				b.Errorf("%d of %d replies after a 10 s silence", got, n)
				return
			}
		}
	}()
	for i := range n {
		slots <- struct{}{}
		if _, err := l.emu.SendMessage(l.channels[i%len(l.channels)], l.moderator, l.commands[i%len(l.commands)]); err != nil {
			b.Fatal(err)
		}
	}
	<-done
}

// runBenchBot starts a bot with the moderation cog and returns the bot's
// messages as the emulator sees them.
func runBenchBot(b *testing.B, emu *discordtest.Server, st *store.Store) <-chan *discordgo.Message {
	opts := bot.Options{
		Token: emu.Token(), APIURL: emu.APIURL(), Prefix: "!",
		Cogs:   []bot.CogInfo{moderation.Info},
		Logger: slog.New(slog.DiscardHandler), CommandTimeout: 30 * time.Second, StartupTimeout: 10 * time.Second,
	}
	bottest.UseStore(&opts, st)
	bt, err := bot.New(opts)
	if err != nil {
		b.Fatal(err)
	}
	replies, unsubscribe := emu.Subscribe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bt.Run(ctx) }()
	b.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			b.Errorf("bot.Run: %v", err)
		}
		unsubscribe()
	})
	select {
	case <-bt.Ready():
	case err := <-done:
		b.Fatalf("bot did not start: %v", err)
	}
	return replies
}
