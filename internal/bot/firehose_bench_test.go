package bot_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/bot"
	"cogd/internal/bot/bottest"
	"cogd/internal/command"
	"cogd/internal/discordtest"
	"cogd/internal/gateway"
)

// pongCog answers !pong with "pong": a command with no work of its own,
// so the firehose measures the dispatch path and the REST reply.
func pongCog() bot.CogInfo {
	return bottest.Commands("pong", &command.Command{Name: "pong", Description: "pong", Run: func(ctx context.Context, c *command.Context) error {
		return c.Reply(ctx, "pong")
	}})
}

// firehose sends b.N "!pong" messages and waits for b.N replies.
func firehose(b *testing.B, emu *discordtest.Server, w discordtest.Demo) {
	b.Helper()
	replies, cancel := emu.Subscribe()
	defer cancel()
	got := make(chan struct{})
	go func() {
		for range b.N {
			<-replies
		}
		close(got)
	}()
	b.ResetTimer()
	for range b.N {
		if _, err := emu.SendMessage(w.General, w.Alice, "!pong"); err != nil {
			b.Fatal(err)
		}
	}
	select {
	case <-got:
	case <-time.After(time.Minute):
		b.Fatal("replies missing after a minute")
	}
	b.StopTimer()
}

// BenchmarkFirehoseCogd: N !pong through cogd (dispatcher, middleware,
// safe send) against the emulator.
func BenchmarkFirehoseCogd(b *testing.B) {
	emu, err := discordtest.New(discordtest.Options{NoRecord: true})
	if err != nil {
		b.Fatal(err)
	}
	defer emu.Close()
	w := emu.SeedDemo()
	bt, err := bot.New(bot.Options{Token: emu.Token(), APIURL: emu.APIURL(), Cogs: []bot.CogInfo{pongCog()},
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bt.Run(ctx) }()
	<-bt.Ready()
	b.ReportAllocs()
	firehose(b, emu, w)
	stop()
	<-done
}

// BenchmarkFirehoseBare: the same through a bare discordgo handler (same
// HTTP client, same message shape, no cogd) — the baseline for cogd's
// overhead.
func BenchmarkFirehoseBare(b *testing.B) {
	emu, err := discordtest.New(discordtest.Options{NoRecord: true})
	if err != nil {
		b.Fatal(err)
	}
	defer emu.Close()
	w := emu.SeedDemo()
	dg, err := emu.NewSession(bot.Intents)
	if err != nil {
		b.Fatal(err)
	}
	if dg.Client, err = gateway.NewHTTPClient(emu.APIURL(), 20*time.Second); err != nil {
		b.Fatal(err)
	}
	dg.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) {
		if m.Author.Bot || m.Content != "!pong" {
			return
		}
		_, _ = s.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{Content: "pong",
			Reference:       m.Reference(),
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}})
	})
	if err := emu.Open(context.Background(), dg); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	firehose(b, emu, w)
	_ = dg.Close()
	dg.Client.CloseIdleConnections()
}
