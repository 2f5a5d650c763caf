package demo

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/goleak"

	"cogd/internal/discordtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fixture is the demo world with a stand-in bot: a discordgo session that
// registers slash commands and answers their interactions with a plain
// callback, as the test tells it.
type fixture struct {
	srv   *discordtest.Server
	world discordtest.Demo
	dg    *discordgo.Session
	mu    sync.Mutex
	seen  []*discordgo.InteractionCreate
}

func newFixture(t *testing.T, cmds []*discordgo.ApplicationCommand, answer func(*discordgo.InteractionCreate) *discordgo.InteractionResponse) *fixture {
	t.Helper()
	srv := discordtest.NewTB(t, discordtest.Options{})
	f := &fixture{srv: srv, world: srv.SeedDemo()}
	dg, err := srv.NewSession(discordgo.IntentsAllWithoutPrivileged | discordgo.IntentMessageContent)
	if err != nil {
		t.Fatal(err)
	}
	dg.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		f.mu.Lock()
		f.seen = append(f.seen, ic)
		f.mu.Unlock()
		if r := answer(ic); r != nil {
			_ = s.InteractionRespond(ic.Interaction, r)
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := srv.Open(ctx, dg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		dg.Lock()
		dg.ShouldReconnectOnError = false
		dg.Unlock()
		_ = dg.Close()
		dg.Client.CloseIdleConnections()
	})
	if len(cmds) > 0 {
		if _, err := dg.ApplicationCommandBulkOverwrite(srv.BotID(), f.world.Guild, cmds); err != nil {
			t.Fatal(err)
		}
	}
	f.dg = dg
	return f
}

func (f *fixture) interactions() []*discordgo.InteractionCreate {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*discordgo.InteractionCreate(nil), f.seen...)
}

// run plays input through a console and returns what it printed.
func (f *fixture) run(t *testing.T, input string) string {
	t.Helper()
	return f.runAfter(t, input, func() {})
}

// runAfter is run with before called once the console's subscription to
// the bot's messages exists.
func (f *fixture) runAfter(t *testing.T, input string, before func()) string {
	t.Helper()
	replies, unsubscribe := f.srv.Subscribe()
	defer unsubscribe()
	before()
	var out strings.Builder
	c := Console{Server: f.srv, World: f.world, In: strings.NewReader(input), Out: &out, Replies: replies,
		Handled: func(context.Context, string) error { return nil },
		Now:     func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	if err := c.Run(ctx); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func demoCommands() []*discordgo.ApplicationCommand {
	one := 1.0
	return []*discordgo.ApplicationCommand{
		{Name: "ping", Description: "Pong"},
		{Name: "warn", Description: "Warn a member", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "who", Required: true},
			{Type: discordgo.ApplicationCommandOptionString, Name: "reason", Description: "why"},
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "points", Description: "how many", MinValue: &one},
		}},
		{Name: "config", Description: "Settings", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: "prefix", Description: "the prefix", Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "set", Description: "set it", Options: []*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionString, Name: "prefix", Description: "the prefix", Required: true},
				}},
			}},
		}},
		{Name: "users", Description: "a slash command the console command shadows"},
	}
}

// flatten renders an interaction's options as name=value, subcommands as
// their names.
func flatten(opts []*discordgo.ApplicationCommandInteractionDataOption) string {
	var parts []string
	for _, o := range opts {
		if o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
			parts = append(parts, o.Name+" "+flatten(o.Options))
			continue
		}
		parts = append(parts, o.Name+"="+fmt.Sprint(o.Value))
	}
	return strings.Join(parts, " ")
}

// answerEcho answers every slash command with what it received; /warn by
// a member who is not a moderator gets an ephemeral refusal.
func (f *fixture) answerEcho(ic *discordgo.InteractionCreate) *discordgo.InteractionResponse {
	d := ic.ApplicationCommandData()
	data := &discordgo.InteractionResponseData{Content: "got /" + d.Name + " " + flatten(d.Options)}
	if d.Name == "warn" && ic.Member.User.ID != f.world.Moderator {
		data = &discordgo.InteractionResponseData{Content: "You need Moderate Members.", Flags: discordgo.MessageFlagsEphemeral}
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data}
}

func TestSlashCommandsAreInteractions(t *testing.T) {
	var f *fixture
	f = newFixture(t, demoCommands(), func(ic *discordgo.InteractionCreate) *discordgo.InteractionResponse { return f.answerEcho(ic) })
	out := f.run(t, strings.Join([]string{
		"/ping",
		"/as mod",
		`/warn member:bob reason:too loud points:2`,
		`/warn bob "quoted reason"`,
		`/config prefix set prefix:?`,
		`/config prefix set prefix:"a b"`,
		"/as alice",
		"/warn member:bob",
		"/warn member:nobody",
		"/warn points:x member:bob",
		"/warn reason:spam",
		"/config nosuch",
		"/nosuch thing",
		"/users",
	}, "\n")+"\n")
	for _, want := range []string{
		"cogd › got /ping \n",
		"cogd › got /warn member=" + f.world.Bob + " reason=too loud points=2\n",
		"cogd › got /warn member=" + f.world.Bob + " reason=quoted reason\n",
		"cogd › got /config prefix set prefix=?\n",
		"cogd › got /config prefix set prefix=a b\n",
		"(only you can see this)\ncogd › You need Moderate Members.\n",
		`(/warn: option member: no user "nobody" (/users lists them))`,
		`(/warn: option points: "x" is not a whole number)`,
		"(/warn: option member is required (options: member: reason: points:))",
		`(/config: no subcommand "nosuch" (want prefix))`,
		"(unknown command /nosuch: not a console command and not one of the bot's slash commands — /help lists both)",
		"users: alice, bob, mod, you\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "got /ping"); n != 1 {
		t.Errorf("/ping's public reply printed %d times (it also arrives as a message):\n%s", n, out)
	}
	for _, ic := range f.interactions() {
		if ic.ApplicationCommandData().Name == "users" {
			t.Errorf("/users was sent as a slash command; the console command must win")
		}
	}
	if got := len(f.interactions()); got != 6 {
		t.Errorf("%d interactions sent, want 6 (the lines that parse)", got)
	}
}

func TestHelpListsConsoleAndSlashCommands(t *testing.T) {
	f := newFixture(t, demoCommands()[:1], func(*discordgo.InteractionCreate) *discordgo.InteractionResponse { return nil })
	out := f.run(t, "/help\n")
	for _, want := range []string{"/as <user>", "/join <name>", "/users", "/help", "/quit",
		"Console commands win over slash commands of the same name.", "The bot's slash commands: /ping\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("/help lacks %q:\n%s", want, out)
		}
	}
}

func TestUnknownSlashWithoutCommandsIsAnError(t *testing.T) {
	f := newFixture(t, nil, func(*discordgo.InteractionCreate) *discordgo.InteractionResponse { return nil })
	out := f.run(t, "/foo\n/help\n")
	if !strings.Contains(out, "(unknown command /foo: not a console command") {
		t.Errorf("/foo was not refused:\n%s", out)
	}
	if !strings.Contains(out, "The bot has registered no slash commands.") {
		t.Errorf("/help does not say there are no slash commands:\n%s", out)
	}
	if msgs := f.srv.Messages(f.world.General); len(msgs) != 0 {
		t.Errorf("console lines were sent as chat: %v", msgs[0].Content)
	}
}

func TestUsersAndJoinFollowTheWorld(t *testing.T) {
	f := newFixture(t, nil, func(*discordgo.InteractionCreate) *discordgo.InteractionResponse { return nil })
	f.srv.RemoveMember(f.world.Guild, f.world.Bob) // kicked
	out := f.run(t, "/users\n/join bob\n/users\n/join bob\n")
	for _, want := range []string{
		"users: alice, mod, you\nnot in Demo Server: bob (/join <name> brings one back)\n",
		"bob joined Demo Server\n",
		"users: alice, bob, mod, you\n",
		"bob is already here\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestEndsWhenContextEnds(t *testing.T) {
	f := newFixture(t, nil, func(*discordgo.InteractionCreate) *discordgo.InteractionResponse { return nil })
	pr, pw := io.Pipe()
	defer pw.Close()
	var out strings.Builder
	c := Console{Server: f.srv, World: f.world, In: pr, Out: &out, Handled: func(context.Context, string) error { return nil }}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	if _, err := io.WriteString(pw, "/users\n"); err != nil { // taken: the console is reading
		t.Fatal(err)
	}
	cancel() // Ctrl-C, or the bot stopped
	if err := <-done; err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
}

func TestRendersDMsRolesAndTimesByName(t *testing.T) {
	f := newFixture(t, nil, func(*discordgo.InteractionCreate) *discordgo.InteractionResponse { return nil })
	until := time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC).Unix()
	out := f.runAfter(t, "hello\n", func() {
		dm, err := f.dg.UserChannelCreate(f.world.Bob)
		if err != nil {
			t.Fatal(err)
		}
		text := fmt.Sprintf("<@&%s> muted you until <t:%d:f> (<t:%d:R>) in <#%s>", f.world.ModRole, until, until, f.world.General)
		if _, err := f.dg.ChannelMessageSend(dm.ID, text); err != nil {
			t.Fatal(err)
		}
	})
	want := "[DM to bob] " + "cogd › @Moderator muted you until 1 December 2026 14:00 (in 2 hours) in #general\n"
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}
