package discordtest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// benchSession connects a bot to srv; echo makes it answer every user message.
func benchSession(b *testing.B, srv *Server, echo bool) {
	b.Helper()
	dg, err := srv.NewSession(allIntents)
	if err != nil {
		b.Fatal(err)
	}
	if echo {
		dg.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) {
			if !m.Author.Bot {
				_, _ = s.ChannelMessageSend(m.ChannelID, "echo "+m.Content)
			}
		})
	}
	ctx, cancel := context.WithTimeout(b.Context(), 10*time.Second)
	defer cancel()
	if err := srv.Open(ctx, dg); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = dg.Close()
		dg.Client.Transport.(*Transport).CloseIdleConnections()
	})
}

// BenchmarkFirehose measures a user message through the gateway to the bot and the bot's
// REST reply back to a subscriber.
func BenchmarkFirehose(b *testing.B) {
	srv := NewTB(b, Options{NoRecord: true})
	demo := srv.SeedDemo()
	sub, cancel := srv.Subscribe()
	defer cancel()
	benchSession(b, srv, true)
	b.ReportAllocs()
	b.ResetTimer()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range b.N {
			<-sub
		}
	}()
	for i := range b.N {
		if _, err := srv.SendMessage(demo.General, demo.Alice, strconv.Itoa(i)); err != nil {
			b.Fatal(err)
		}
	}
	<-done
}

// BenchmarkSendMessage measures storing a user message and dispatching MESSAGE_CREATE to
// one connected session.
func BenchmarkSendMessage(b *testing.B) {
	srv := NewTB(b, Options{NoRecord: true})
	demo := srv.SeedDemo()
	benchSession(b, srv, false)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := srv.SendMessage(demo.General, demo.Alice, "hello <@"+demo.Bob+">"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPostMessage measures the bot's REST POST /channels/{id}/messages.
func BenchmarkPostMessage(b *testing.B) {
	srv := NewTB(b, Options{NoRecord: true})
	demo := srv.SeedDemo()
	dg, err := srv.NewSession(allIntents)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(dg.Client.Transport.(*Transport).CloseIdleConnections)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := dg.ChannelMessageSend(demo.General, "pong"); err != nil {
			b.Fatal(err)
		}
	}
}
