package bot

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
	"cogd/internal/metrics"
)

// benchDispatcher is a dispatcher serving one no-op "ping" command.
func benchDispatcher(b *testing.B) *Dispatcher {
	b.Helper()
	log := slog.New(slog.DiscardHandler)
	d := NewDispatcher(DispatcherOptions{BotID: "100000000000000001", Prefix: func(string) string { return "!" },
		Errors:  &ErrorHandler{Log: log, RefID: func() string { return "ref" }},
		Timeout: time.Minute, Base: context.Background()})
	reg, err := setupCog(CogInfo{Name: "bench", New: func() Cog { return benchCog{} }}, &host{ctx: context.Background(), log: log})
	if err != nil {
		b.Fatal(err)
	}
	rt, err := buildRoutes([]*registration{reg}, func(run command.RunFunc) command.RunFunc {
		return command.Chain(run, Recover, Instrument(log, metrics.New(metrics.Options{})))
	})
	if err != nil {
		b.Fatal(err)
	}
	d.routes.Store(rt)
	return d
}

type benchCog struct{}

func (benchCog) Setup(r *Registrar) error {
	r.Command(&command.Command{Name: "ping", Description: "no-op", Run: func(context.Context, *command.Context) error { return nil }})
	return nil
}

func benchMessage(content string) *discordgo.Message {
	return &discordgo.Message{ID: "1", ChannelID: "2", GuildID: "3", Content: content,
		Author: &discordgo.User{ID: "4", Username: "alice"}}
}

// benchIgnored measures OnMessage for a message that is not a command.
func benchIgnored(b *testing.B, content string) {
	d := benchDispatcher(b)
	m := benchMessage(content)
	b.ReportAllocs()
	for b.Loop() {
		d.OnMessage(m, 0)
	}
}

// BenchmarkDispatchNoPrefix is the hot path: a chat message that is not a
// command (target ≤ 200 ns, 0 allocations).
func BenchmarkDispatchNoPrefix(b *testing.B) {
	benchIgnored(b, "hello everyone, how is it going today?")
}

// BenchmarkDispatchMentionOther is a message starting with a mention of
// someone else: also not a command.
func BenchmarkDispatchMentionOther(b *testing.B) {
	benchIgnored(b, "<@123456789012345678> look at this")
}

// BenchmarkParseAndRoutePing is `!ping` from prefix to the command's Run:
// lookup, context, middleware chain (recover, log, checks, parse), without
// the goroutine and the reply (target ≤ 5 µs).
func BenchmarkParseAndRoutePing(b *testing.B) {
	d := benchDispatcher(b)
	m := benchMessage("!ping")
	b.ReportAllocs()
	for b.Loop() {
		n := d.prefixLen(m)
		if d.start() {
			d.invoke(m, n, 0)
		}
	}
}

// BenchmarkDispatchNoPrefixGuildCache is the hot path with the real guild
// prefix lookup: a warm TTL cache (no database access).
func BenchmarkDispatchNoPrefixGuildCache(b *testing.B) {
	d := benchDispatcher(b)
	def := "!"
	var p atomic.Pointer[string]
	p.Store(&def)
	m := metrics.New(metrics.Options{})
	load := func(context.Context, string) (string, error) { return "", nil }
	px := newPrefixes(&p, load, time.Now, slog.New(slog.DiscardHandler), m.CacheHook("prefix"))
	d.prefix = px.For
	msg := benchMessage("hello everyone, how is it going today?")
	px.For(msg.GuildID) // warm the cache
	b.ReportAllocs()
	for b.Loop() {
		d.OnMessage(msg, 0)
	}
}
