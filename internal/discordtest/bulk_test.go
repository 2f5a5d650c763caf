package discordtest

import (
	"context"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestAddBulkGuildArrivesInGuildCreate(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{FullMemberList: true})
	w := srv.AddBulkGuild(BulkGuild{Name: "big", Channels: 3, Roles: 2, Members: 50})
	if len(w.Channels) != 3 || len(w.Roles) != 2 || len(w.Members) != 50 {
		t.Fatalf("world = %d channels, %d roles, %d members", len(w.Channels), len(w.Roles), len(w.Members))
	}
	dg, err := srv.NewSession(allIntents)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	created := make(chan *discordgo.Guild, 1)
	dg.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) { created <- g.Guild })
	if err := srv.Open(ctx, dg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dg.Close(); dg.Client.Transport.(*Transport).CloseIdleConnections() })
	g := <-created
	if g.ID != w.Guild || len(g.Members) != 52 || len(g.Channels) != 3 || len(g.Roles) != 4 {
		t.Fatalf("GUILD_CREATE: id %s, %d members, %d channels, %d roles", g.ID, len(g.Members), len(g.Channels), len(g.Roles))
	}
	if _, err := srv.SendMessage(w.Channels[2], w.Members[49], "hi"); err != nil {
		t.Fatalf("a bulk member cannot post: %v", err)
	}
	late := srv.AddBulkGuild(BulkGuild{Name: "joined later", Members: 1})
	if g := <-created; g.ID != late.Guild || len(g.Members) != 3 {
		t.Fatalf("late GUILD_CREATE: id %s, %d members", g.ID, len(g.Members))
	}
}

// BenchmarkAddBulkGuild measures building a 1,000-member guild.
func BenchmarkAddBulkGuild(b *testing.B) {
	srv := NewTB(b, Options{NoRecord: true})
	b.ReportAllocs()
	for range b.N {
		srv.AddBulkGuild(BulkGuild{Name: "big", Channels: 8, Roles: 4, Members: 1000})
	}
}
