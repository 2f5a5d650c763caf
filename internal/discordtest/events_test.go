package discordtest

import (
	"strconv"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestMessageContentIntent(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	var msgs <-chan *discordgo.MessageCreate
	openSession(t, srv, discordgo.IntentsGuilds|discordgo.IntentsGuildMessages|discordgo.IntentsDirectMessages, echoSetup(&msgs))
	tests := []struct {
		name, channel, author, content, want string
	}{
		{"plain guild message is redacted", demo.General, demo.Alice, "secret", ""},
		{"mention of the bot is visible", demo.General, demo.Alice, "<@" + srv.BotID() + "> help", "<@" + srv.BotID() + "> help"},
		{"DM is visible", srv.DMChannel(demo.Bob), demo.Bob, "psst", "psst"},
	}
	for _, tt := range tests {
		sent, err := srv.SendMessage(tt.channel, tt.author, tt.content)
		if err != nil {
			t.Fatal(err)
		}
		got := recv(t, msgs)
		if got.ID != sent.ID || got.Content != tt.want {
			t.Errorf("%s: content %q, want %q", tt.name, got.Content, tt.want)
		}
	}
}

func TestDirectMessages(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	sub, cancel := srv.Subscribe()
	defer cancel()
	openSession(t, srv, allIntents, func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) {
			if m.GuildID == "" && !m.Author.Bot {
				ch, err := s.UserChannelCreate(m.Author.ID)
				if err == nil {
					_, _ = s.ChannelMessageSend(ch.ID, "got "+m.Content)
				}
			}
		})
	})
	if _, err := srv.SendMessage(srv.DMChannel(demo.Alice), demo.Alice, "hello"); err != nil {
		t.Fatal(err)
	}
	if got := recv(t, sub); got.Content != "got hello" || got.ChannelID != srv.DMChannel(demo.Alice) || got.GuildID != "" {
		t.Fatalf("DM reply = %+v", got)
	}
}

func TestMemberEventsNeedIntent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		intents discordgo.Intent
		want    bool
	}{
		{"with GUILD_MEMBERS", allIntents, true},
		{"without GUILD_MEMBERS", discordgo.IntentsGuilds | discordgo.IntentsGuildMessages, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := NewTB(t, Options{})
			demo := srv.SeedDemo()
			var msgs <-chan *discordgo.MessageCreate
			openSession(t, srv, tt.intents, echoSetup(&msgs))
			carol := srv.AddUser(User{Username: "carol"})
			srv.AddMember(demo.Guild, carol, nil, "")
			sent, _ := srv.SendMessage(demo.General, carol, "<@"+srv.BotID()+"> hi")
			if got := recv(t, msgs); got.ID != sent.ID {
				t.Fatalf("unexpected message %s", got.ID)
			}
			if got := hasDispatch(srv, "GUILD_MEMBER_ADD"); got != tt.want {
				t.Fatalf("GUILD_MEMBER_ADD sent = %v, want %v", got, tt.want)
			}
		})
	}
}

// hasDispatch reports whether a dispatch of typ was sent.
func hasDispatch(srv *Server, typ string) bool {
	for _, f := range srv.Frames() {
		if f.Out && f.Type == typ {
			return true
		}
	}
	return false
}

func TestSharding(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{Shards: 2})
	even := srv.AddGuild(Guild{ID: strconv.FormatInt(2<<22, 10), Name: "even"})
	odd := srv.AddGuild(Guild{ID: strconv.FormatInt(3<<22, 10), Name: "odd"})
	gb, err := restSession(t, srv, allIntents).GatewayBot()
	if err != nil || gb.Shards != 2 {
		t.Fatalf("GatewayBot = %+v, %v", gb, err)
	}
	for shard, want := range []string{even, odd} {
		guilds := make(chan string, 4)
		openSession(t, srv, allIntents, func(dg *discordgo.Session) {
			dg.ShardID, dg.ShardCount = shard, 2
			dg.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) { guilds <- g.ID })
		})
		if got := recv(t, guilds); got != want {
			t.Fatalf("shard %d got guild %s, want %s", shard, got, want)
		}
	}
}

func TestWorldEventsAfterConnect(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	var guilds <-chan *discordgo.GuildCreate
	var channels <-chan *discordgo.ChannelCreate
	var roles <-chan *discordgo.GuildRoleCreate
	dg := openSession(t, srv, allIntents, func(dg *discordgo.Session) {
		guilds, channels = collect[*discordgo.GuildCreate](dg), collect[*discordgo.ChannelCreate](dg)
		roles = collect[*discordgo.GuildRoleCreate](dg)
	})
	recv(t, guilds) // the demo guild
	second := srv.AddGuild(Guild{Name: "Second"})
	if g := recv(t, guilds); g.ID != second {
		t.Fatalf("GUILD_CREATE for %s, want %s", g.ID, second)
	}
	ch := srv.AddChannel(demo.Guild, Channel{Name: "news"})
	if c := recv(t, channels); c.ID != ch || c.GuildID != demo.Guild {
		t.Fatalf("CHANNEL_CREATE = %+v", c.Channel)
	}
	role := srv.AddRole(demo.Guild, Role{Name: "VIP", Permissions: discordgo.PermissionMentionEveryone})
	if r := recv(t, roles); r.Role.ID != role || r.Role.Permissions != discordgo.PermissionMentionEveryone {
		t.Fatalf("GUILD_ROLE_CREATE = %+v", r.Role)
	}
	if _, err := dg.State.Channel(ch); err != nil {
		t.Fatalf("state lacks the new channel: %v", err)
	}
}
