package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"cogd/internal/bot"
	"cogd/internal/bot/bottest"
	"cogd/internal/discordtest"
)

type shardWorld struct {
	alice  string
	guilds []string
	chans  []string
}

// shardedEmulator is an emulator recommending shards, with n guilds of one
// channel each and alice in all of them.
func shardedEmulator(t *testing.T, shards, maxConcurrency, n int) (*discordtest.Server, shardWorld) {
	t.Helper()
	emu := discordtest.NewTB(t, discordtest.Options{Shards: shards, MaxConcurrency: maxConcurrency})
	w := shardWorld{alice: emu.AddUser(discordtest.User{Username: "alice"})}
	for i := range n {
		g := emu.AddGuild(discordtest.Guild{Name: "guild " + string(rune('A'+i%26)), OwnerID: w.alice})
		w.guilds = append(w.guilds, g)
		w.chans = append(w.chans, emu.AddChannel(g, discordtest.Channel{Name: "general"}))
		emu.AddMember(g, w.alice, nil, "")
	}
	return emu, w
}

func startSharded(t *testing.T, emu *discordtest.Server, edit func(*bot.Options)) *bottest.Harness {
	t.Helper()
	opts := newOptions(emu)
	opts.IdentifyInterval = 20 * time.Millisecond
	edit(&opts)
	return bottest.Start(t, emu, opts)
}

// identifiedShards lists the shard IDs in the order they identified.
func identifiedShards(emu *discordtest.Server) []int {
	var order []int
	for _, f := range emu.Frames() {
		if f.Out || f.Op != 2 {
			continue
		}
		var p struct {
			D struct {
				Shard [2]int `json:"shard"`
			} `json:"d"`
		}
		if json.Unmarshal(f.Raw, &p) == nil {
			order = append(order, p.D.Shard[0])
		}
	}
	return order
}

func TestFourShardsHandleEachGuildOnce(t *testing.T) {
	t.Parallel()
	emu, w := shardedEmulator(t, 4, 2, 40)
	h := startSharded(t, emu, func(*bot.Options) {})
	order := identifiedShards(emu)
	if len(order) != 4 || !(slices.Contains(order[:2], 0) && slices.Contains(order[:2], 1)) {
		t.Fatalf("identify order %v: shards 0 and 1 (one wave, max_concurrency 2) go before 2 and 3", order)
	}
	for i, ch := range w.chans {
		if rs := h.Say(ch, w.alice, "!ping"); len(rs) != 1 || !strings.HasPrefix(rs[0].Content, "Pong!") {
			t.Fatalf("guild %d (shard %d): %d replies %v", i, bot.ShardFor(w.guilds[i], 4), len(rs), bottest.Texts(rs))
		}
		want := fmt.Sprintf("guild=%s shard=%d ", w.guilds[i], bot.ShardFor(w.guilds[i], 4))
		if !strings.Contains(h.Logs.String(), want) {
			t.Errorf("guild %d: command not handled by its shard (no %q in the log)", i, want)
		}
	}
	emu.DropConnections()
	var sent []string
	for _, ch := range w.chans { // while the shards reconnect
		m, err := emu.SendMessage(ch, w.alice, "!ping")
		if err != nil {
			t.Fatal(err)
		}
		sent = append(sent, m.ID)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for i, ch := range w.chans {
		if _, err := emu.WaitMessage(ctx, ch, sent[i]); err != nil {
			t.Fatalf("guild %d: message sent during the reconnect went unanswered: %v", i, err)
		}
	}
	// Every shard resumes, those without a test guild too (they may still
	// be reconnecting when the last reply arrives); none identifies again.
	if err := emu.WaitFor(ctx, func() bool { return emu.Resumes() >= 4 }); err != nil || emu.Identifies() != 4 {
		t.Errorf("identifies %d (want 4), resumes %d (want ≥ 4)", emu.Identifies(), emu.Resumes())
	}
}

func TestShardRangeHandlesOnlyItsGuilds(t *testing.T) {
	t.Parallel()
	emu, w := shardedEmulator(t, 1, 1, 24)
	h := startSharded(t, emu, func(o *bot.Options) { o.ShardCount, o.ShardIDs = 4, []int{0, 1} })
	mine := -1
	for i, g := range w.guilds {
		if bot.ShardFor(g, 4) >= 2 {
			if _, err := emu.SendMessage(w.chans[i], w.alice, "!ping"); err != nil {
				t.Fatal(err)
			}
		} else {
			mine = i
		}
	}
	if mine < 0 {
		t.Skip("no guild landed on shards 0-1")
	}
	if rs := h.Say(w.chans[mine], w.alice, "!ping"); len(rs) != 1 {
		t.Fatalf("own guild: %d replies", len(rs))
	}
	time.Sleep(100 * time.Millisecond) // foreign guilds' messages had time to (wrongly) arrive
	for i, g := range w.guilds {
		n := 0
		for _, m := range emu.Messages(w.chans[i]) {
			if m.Author != nil && m.Author.Bot {
				n++
			}
		}
		if shard := bot.ShardFor(g, 4); (shard >= 2 && n != 0) || (i == mine && n != 1) {
			t.Errorf("guild %d on shard %d: %d bot messages", i, shard, n)
		}
	}
	if got := identifiedShards(emu); !slices.Equal(got, []int{0, 1}) {
		t.Errorf("identified shards %v, want [0 1]", got)
	}
}

// BenchmarkStart16Shards is the time from Run to every shard ready, with
// 16 shards and max_concurrency 16 (one identify wave), reported as
// ms-to-ready; ns/op includes the shutdown (discordgo's Close waits 1 s).
func BenchmarkStart16Shards(b *testing.B) {
	var total time.Duration
	for b.Loop() {
		total += startAndStop(b)
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms-to-ready")
}

// startAndStop starts a 16-shard bot and returns how long it took to be
// ready.
func startAndStop(b *testing.B) time.Duration {
	emu, err := discordtest.New(discordtest.Options{Shards: 16, MaxConcurrency: 16, NoRecord: true})
	if err != nil {
		b.Fatal(err)
	}
	defer emu.Close()
	emu.SeedDemo()
	bt, err := bot.New(bot.Options{Token: emu.Token(), APIURL: emu.APIURL()})
	if err != nil {
		b.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- bt.Run(ctx) }()
	<-bt.Ready()
	ready := time.Since(start)
	stop()
	<-done
	return ready
}

func TestIdentifyPacingFollowsMaxConcurrency(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		interval time.Duration
		refused  bool
	}{
		{"waves far enough apart", 150 * time.Millisecond, false},
		{"waves too close", time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			emu := discordtest.NewTB(t, discordtest.Options{Shards: 4, MaxConcurrency: 2, IdentifyWindow: 100 * time.Millisecond})
			emu.SeedDemo()
			startSharded(t, emu, func(o *bot.Options) { o.IdentifyInterval = tt.interval })
			if got := emu.PaceRefusals() > 0; got != tt.refused {
				t.Fatalf("identifies refused by the pacing: %v, want %v", got, tt.refused)
			}
		})
	}
}

func TestShardingRequiredIsFatal(t *testing.T) {
	t.Parallel()
	emu := discordtest.NewTB(t, discordtest.Options{MaxGuildsPerShard: 5})
	w := emu.SeedDemo()
	for range 6 {
		g := emu.AddGuild(discordtest.Guild{Name: "big", OwnerID: w.Owner})
		emu.AddChannel(g, discordtest.Channel{Name: "general"})
	}
	b, err := bot.New(newOptions(emu))
	if err != nil {
		t.Fatal(err)
	}
	err = b.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "4011") || !strings.Contains(err.Error(), "SHARD_COUNT") {
		t.Fatalf("Run = %v, want a 4011 error naming SHARD_COUNT", err)
	}
}
