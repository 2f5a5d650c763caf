package discordtest

import (
	"errors"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

func TestConnectReadyAndGuildCreate(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	type summary struct {
		user, guild, session string
		unavailable          bool
		members, channels    int
		roles                int
	}
	ready, guilds := make(chan summary, 1), make(chan summary, 1)
	dg := openSession(t, srv, allIntents, func(dg *discordgo.Session) {
		dg.SyncEvents = true // read each event before the next one updates discordgo's state
		dg.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			ready <- summary{user: r.User.ID, session: r.SessionID, guild: r.Guilds[0].ID, unavailable: r.Guilds[0].Unavailable}
		})
		dg.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) {
			guilds <- summary{guild: g.ID, members: g.MemberCount, channels: len(g.Channels), roles: len(g.Roles)}
		})
	})
	if r := recv(t, ready); r.session == "" || r != (summary{user: srv.BotID(), guild: demo.Guild, session: r.session, unavailable: true}) {
		t.Fatalf("READY = %+v", r)
	}
	if gc := recv(t, guilds); gc != (summary{guild: demo.Guild, members: 5, channels: 3, roles: 4}) {
		t.Fatalf("GUILD_CREATE = %+v", gc)
	}
	g, err := dg.State.Guild(demo.Guild)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Members) != 1 || g.Members[0].User.ID != srv.BotID() {
		t.Fatalf("state members = %d, want only the bot", len(g.Members))
	}
	if _, err := dg.State.Member(demo.Guild, demo.Alice); err == nil {
		t.Fatal("alice in state without FullMemberList")
	}
	m, err := dg.GuildMember(demo.Guild, demo.Alice)
	if err != nil || m.User.Username != "alice" || len(m.Roles) != 1 {
		t.Fatalf("GuildMember = %+v, %v", m, err)
	}
	perms, err := dg.State.UserChannelPermissions(srv.BotID(), demo.General)
	if err != nil || perms&discordgo.PermissionSendMessages == 0 {
		t.Fatalf("bot perms in #general = %b, %v", perms, err)
	}
}

func TestMessageRoundTrip(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	demo := srv.SeedDemo()
	sub, cancel := srv.Subscribe()
	defer cancel()
	openSession(t, srv, allIntents, func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) {
			if m.Content == "!ping" {
				_, _ = s.ChannelMessageSendReply(m.ChannelID, "pong <@"+m.Author.ID+">", m.Reference())
			}
		})
	})
	sent, err := srv.SendMessage(demo.General, demo.Alice, "!ping")
	if err != nil {
		t.Fatal(err)
	}
	got := recv(t, sub)
	if got.Content != "pong <@"+demo.Alice+">" || got.ChannelID != demo.General || got.MessageReference == nil {
		t.Fatalf("bot message = %+v", got)
	}
	if len(got.Mentions) != 1 || got.Mentions[0].ID != demo.Alice {
		t.Fatalf("mentions = %v", got.Mentions)
	}
	waited, err := srv.WaitMessage(testCtx(t), demo.General, sent.ID)
	if err != nil || waited.ID != got.ID {
		t.Fatalf("WaitMessage = %v, %v", waited, err)
	}
}

func TestHeartbeatAck(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{})
	openSession(t, srv, allIntents, nil)
	waitFor(t, srv, "heartbeat ACK", func() bool { return hasFrame(srv, true, opHeartbeatAck) })
	if !hasFrame(srv, false, opHeartbeat) {
		t.Fatal("ACK without heartbeat")
	}
}

// hasFrame reports whether a frame with op in direction out was recorded.
func hasFrame(srv *Server, out bool, op int) bool {
	for _, f := range srv.Frames() {
		if f.Out == out && f.Op == op {
			return true
		}
	}
	return false
}

func TestIdentifyFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    Options
		fail    int
		token   string
		intents discordgo.Intent
		want    int
	}{
		{name: "FailIdentify 4004", fail: 4004, intents: allIntents, want: 4004},
		{name: "bad token", token: "nope", intents: allIntents, want: 4004},
		{name: "message content not enabled", opts: Options{ApplicationFlags: FlagGatewayGuildMembers}, intents: allIntents, want: 4014},
		{name: "presences not enabled", intents: discordgo.IntentGuildPresences, want: 4014},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := NewTB(t, tt.opts)
			srv.FailIdentify(tt.fail)
			dg := restSession(t, srv, tt.intents)
			if tt.token != "" {
				dg.Token, dg.Identify.Token = "Bot "+tt.token, "Bot "+tt.token
			}
			err := dg.Open()
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != tt.want {
				t.Fatalf("Open() = %v, want close %d", err, tt.want)
			}
			if tt.want == 4014 && !strings.Contains(ce.Text, "Disallowed intent") {
				t.Fatalf("close text %q", ce.Text)
			}
		})
	}
}
