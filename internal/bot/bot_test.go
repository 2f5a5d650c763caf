package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/goleak"

	"cogd/internal/bot"
	"cogd/internal/bot/bottest"
	"cogd/internal/command"
	"cogd/internal/discordtest"
	"cogd/internal/gateway"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestPingAnswers(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{HeartbeatInterval: 100 * time.Millisecond})
	got := h.one(h.world.Alice, "!ping")
	if !strings.HasPrefix(got, "Pong! Gateway heartbeat:") || !strings.Contains(got, "REST round trip:") {
		t.Fatalf("ping reply = %q", got)
	}
	if got := h.one(h.world.Alice, "!PING"); !strings.HasPrefix(got, "Pong!") {
		t.Fatalf("commands are case-insensitive; got %q", got)
	}
	if got := h.one(h.world.Alice, "!latency"); !strings.HasPrefix(got, "Pong!") {
		t.Fatalf("alias: got %q", got)
	}
}

func TestUnknownCommandPointsToHelp(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{})
	got := h.one(h.world.Alice, "!pnig")
	for _, want := range []string{"“pnig”", "Did you mean `!ping`?", "`!help`"} {
		if !strings.Contains(got, want) {
			t.Errorf("reply %q lacks %q", got, want)
		}
	}
	// A far name is answered only when the bot was mentioned (the default
	// policy; see TestUnknownCommandPolicy).
	got = h.one(h.world.Alice, "<@"+h.emu.BotID()+"> zzzzzzzz")
	if strings.Contains(got, "Did you mean") || !strings.Contains(got, "`!help`") {
		t.Errorf("far name: reply %q", got)
	}
}

func TestHelpListsCommands(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, (&testCog{}).info())
	got := strings.Join(texts(h.say(h.world.Alice, "!help")), "\n")
	for _, want := range []string{"ping", "help", "echo"} {
		if !strings.Contains(got, want) {
			t.Errorf("help lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "secret") {
		t.Errorf("help lists an owner-only command to a member:\n%s", got)
	}
	if got := h.one(h.world.Alice, "!help ping"); !strings.Contains(got, "!ping") {
		t.Errorf("help ping = %q", got)
	}
}

func TestPanicAnswersWithReferenceAndBotKeepsServing(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, (&testCog{}).info())
	got := h.one(h.world.Alice, "!boom")
	ref := between(got, "reference `", "`")
	if ref == "" {
		t.Fatalf("panic reply has no reference: %q", got)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, ref) || !strings.Contains(logs, "kaboom") || !strings.Contains(logs, "goroutine") {
		t.Errorf("log lacks ref, panic value or stack:\n%s", logs)
	}
	if got := h.one(h.world.Alice, "!ping"); !strings.HasPrefix(got, "Pong!") {
		t.Fatalf("after a panic: %q", got)
	}
}

func TestInternalErrorIsNotShown(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, (&testCog{}).info())
	got := h.one(h.world.Alice, "!fail")
	if strings.Contains(got, "secret detail") || between(got, "reference `", "`") == "" {
		t.Fatalf("reply = %q", got)
	}
}

func TestCommandTimeoutIsReportedWithReference(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, (&testCog{}).info())
	got := h.one(h.world.Alice, "!slow")
	if between(got, "reference `", "`") == "" {
		t.Fatalf("timeout reply = %q", got)
	}
	if !strings.Contains(h.logs.String(), "outcome=timeout") {
		t.Errorf("timeout not logged as such")
	}
}

func TestListenerPanicIsRecovered(t *testing.T) {
	t.Parallel()
	joined := make(chan string, 2)
	h := start(t, discordtest.Options{}, (&testCog{joined: joined}).info())
	id := h.emu.AddUser(discordtest.User{Username: "panicky"})
	h.emu.AddMember(h.world.Guild, id, nil, "")
	select {
	case name := <-joined:
		if name != "panicky" {
			t.Fatalf("joined %q", name)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("listener never ran")
	}
	if err := h.bot.Dispatcher().Idle(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.logs.String(), "listener kaboom") {
		t.Errorf("listener panic not logged")
	}
	if got := h.one(h.world.Alice, "!ping"); !strings.HasPrefix(got, "Pong!") {
		t.Fatalf("after a listener panic: %q", got)
	}
}

func TestEveryMessageHasEmptyAllowedMentions(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, (&testCog{}).info())
	h.say(h.world.Alice, "!echo @everyone <@&"+h.world.ModRole+"> hi")
	h.say(h.world.Alice, "!help")
	h.say(h.world.Alice, "<@"+h.emu.BotID()+"> nope") // unknown: answered when mentioned
	h.say(h.world.Alice, "!boom")
	n := 0
	for _, r := range h.emu.Requests() {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.Path, "/messages") {
			continue
		}
		n++
		var body struct {
			AllowedMentions *struct {
				Parse []string `json:"parse"`
			} `json:"allowed_mentions"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatal(err)
		}
		if body.AllowedMentions == nil || body.AllowedMentions.Parse == nil || len(body.AllowedMentions.Parse) != 0 {
			t.Errorf("%s: allowed_mentions = %s", r.Path, r.Body)
		}
		if !strings.Contains(string(r.Body), `"parse":[]`) {
			t.Errorf("%s: parse must be sent as []: %s", r.Path, r.Body)
		}
		if strings.Contains(string(r.Body), "@everyone") && !strings.Contains(string(r.Body), `"fail_if_not_exists":false`) {
			t.Errorf("the echo is not a soft reply to the command: %s", r.Body)
		}
	}
	if n < 4 {
		t.Fatalf("saw %d message posts, want ≥ 4", n)
	}
}

func TestLongReplyIsSplit(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, (&testCog{}).info())
	rs := h.say(h.world.Alice, "!long")
	if len(rs) != 3 {
		t.Fatalf("got %d messages, want 3", len(rs))
	}
	total := 0
	for _, r := range rs {
		n := utf8.RuneCountInString(r.Content)
		if n > 2000 || n == 0 {
			t.Errorf("message of %d characters", n)
		}
		total += len(strings.Fields(r.Content))
	}
	if total != 900 {
		t.Errorf("%d words arrived, want 900", total)
	}
}

func TestMentionPrefixAndIgnoredAuthors(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{})
	bot := h.emu.BotID()
	for _, c := range []string{"<@" + bot + "> ping", "<@!" + bot + ">ping"} {
		if got := h.one(h.world.Alice, c); !strings.HasPrefix(got, "Pong!") {
			t.Errorf("%q: %q", c, got)
		}
	}
	if got := h.one(h.world.Alice, "<@"+bot+">"); !strings.Contains(got, "prefix here is `!`") {
		t.Errorf("bare mention: %q", got)
	}
	other := h.emu.AddUser(discordtest.User{Username: "otherbot", Bot: true})
	h.emu.AddMember(h.world.Guild, other, nil, "")
	for _, c := range []struct{ author, text string }{{other, "!ping"}, {h.world.Alice, "ping"}, {h.world.Alice, "hello !ping"}} {
		if rs := h.say(c.author, c.text); len(rs) != 0 {
			t.Errorf("%q by %s answered: %v", c.text, c.author, texts(rs))
		}
	}
}

func TestMemberMissingFromStateIsFetchedOnce(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, (&testCog{}).info())
	if got := h.one(h.world.Owner, "!whois "+h.world.Bob); got != "found bob" {
		t.Fatalf("whois = %q", got)
	}
	n := 0
	for _, r := range h.emu.Requests() {
		if r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/members/"+h.world.Bob) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("GET member %d times, want 1 (then from state)", n)
	}
}

func TestOwnerOnlyCommand(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, (&testCog{}).info())
	if got := h.one(h.world.Alice, "!secret"); strings.Contains(got, "the owner's secret") || !strings.Contains(strings.ToLower(got), "owner") {
		t.Errorf("non-owner got %q", got)
	}
	if got := h.one(h.world.Owner, "!secret"); got != "the owner's secret" {
		t.Errorf("owner got %q", got)
	}
}

func TestCogThatFailsToLoadIsSkipped(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, (&testCog{loadErr: errors.New("no database")}).info())
	if got := h.one(h.world.Alice, "!ping"); !strings.HasPrefix(got, "Pong!") {
		t.Fatalf("ping = %q", got)
	}
	if got := h.one(h.world.Alice, "<@"+h.emu.BotID()+"> boom"); !strings.Contains(got, "don't know the command") {
		t.Errorf("command of the failed cog answered: %q", got)
	}
	if logs := h.logs.String(); !strings.Contains(logs, "cog=testing") || !strings.Contains(logs, "no database") {
		t.Errorf("load failure not logged with cog and reason:\n%s", logs)
	}
}

func TestResumesAfterDroppedConnection(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{HeartbeatInterval: 200 * time.Millisecond})
	h.emu.DropConnections()
	waitFor(t, func() bool { return h.emu.Resumes() >= 1 && h.emu.Connections() == 1 })
	if got := h.one(h.world.Alice, "!ping"); !strings.HasPrefix(got, "Pong!") {
		t.Fatalf("after resume: %q", got)
	}
	if h.emu.Identifies() != 1 {
		t.Errorf("identified %d times, want 1 (resume, not re-identify)", h.emu.Identifies())
	}
}

func TestZombieConnectionIsReplacedAndResumed(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{HeartbeatInterval: 100 * time.Millisecond})
	h.emu.SetHeartbeatAcks(false)
	waitFor(t, func() bool { return h.emu.Resumes() >= 1 })
	h.emu.SetHeartbeatAcks(true)
	if got := h.one(h.world.Alice, "!ping"); !strings.HasPrefix(got, "Pong!") {
		t.Fatalf("after zombie: %q\n%s", got, h.logs.String())
	}
	if !strings.Contains(h.logs.String(), "no heartbeat ACK") {
		t.Errorf("zombie not logged")
	}
}

func TestReconnectOpResumes(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{})
	h.emu.SendReconnect()
	waitFor(t, func() bool { return h.emu.Resumes() >= 1 && h.emu.Connections() == 1 })
	if got := h.one(h.world.Alice, "!ping"); !strings.HasPrefix(got, "Pong!") {
		t.Fatalf("after op 7: %q", got)
	}
}

func TestInvalidSessionReidentifies(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{})
	h.emu.SendInvalidSession(false)
	waitFor(t, func() bool { return h.emu.Identifies() >= 2 })
	if got := h.one(h.world.Alice, "!ping"); !strings.HasPrefix(got, "Pong!") {
		t.Fatalf("after op 9: %q", got)
	}
}

func TestFailedResumeReidentifies(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{})
	h.emu.CloseConnections(4009, "Session timed out") // not resumable
	waitFor(t, func() bool { return h.emu.Identifies() >= 2 && h.emu.Connections() == 1 })
	if got := h.one(h.world.Alice, "!ping"); !strings.HasPrefix(got, "Pong!") {
		t.Fatalf("after a failed resume: %q", got)
	}
}

func TestFatalCloseAtStartup(t *testing.T) {
	t.Parallel()
	for _, code := range []int{4004, 4014} {
		emu := discordtest.NewTB(t, discordtest.Options{})
		emu.SeedDemo()
		emu.FailIdentify(code)
		b, err := bot.New(newOptions(emu))
		if err != nil {
			t.Fatal(err)
		}
		err = b.Run(context.Background())
		var fe *gateway.FatalError
		if !errors.As(err, &fe) || fe.Code != code {
			t.Fatalf("code %d: Run = %v", code, err)
		}
		if emu.Identifies() != 1 {
			t.Errorf("code %d: %d identifies, want 1 (no retry)", code, emu.Identifies())
		}
	}
}

func TestPreflightRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    discordtest.Options
		token   string
		require discordgo.Intent
		want    string
	}{
		{"bad token", discordtest.Options{}, "wrong-token-123", 0, "DISCORD_TOKEN was rejected"},
		{"required message content intent", discordtest.Options{ApplicationFlags: discordtest.FlagGatewayGuildMembers}, "",
			discordgo.IntentMessageContent, "Message Content Intent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu := discordtest.NewTB(t, tt.opts)
			o := newOptions(emu)
			o.RequireIntents = tt.require
			if tt.token != "" {
				o.Token = tt.token
			}
			b, err := bot.New(o)
			if err != nil {
				t.Fatal(err)
			}
			if err := b.Run(context.Background()); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Run = %v, want %q", err, tt.want)
			}
			if emu.Connections() != 0 || emu.Identifies() != 0 {
				t.Errorf("gateway was dialled before the preflight passed")
			}
		})
	}
}

func TestNoUnknownRoutes(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, (&testCog{}).info())
	for _, c := range []string{"!ping", "!help", "!help utility", "!whois " + h.world.Bob, "!nope"} {
		h.say(h.world.Alice, c)
	}
	if u := h.emu.UnknownRoutes(); len(u) != 0 {
		t.Fatalf("unknown routes hit: %+v", u)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 10 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func between(s, a, b string) string {
	_, rest, ok := strings.Cut(s, a)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, b)
	return v
}

// dupCog registers a command whose alias collides with utility's ping.
func dupCog() bot.CogInfo {
	return bottest.Commands("dup", &command.Command{Name: "pong", Aliases: []string{"PING"}, Description: "x",
		Run: func(context.Context, *command.Context) error { return nil }})
}

func TestDuplicateCommandIsAStartupError(t *testing.T) {
	t.Parallel()
	emu := discordtest.NewTB(t, discordtest.Options{})
	emu.SeedDemo()
	b, err := bot.New(newOptions(emu, dupCog()))
	if err != nil {
		t.Fatal(err)
	}
	err = b.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "register commands") || !strings.Contains(strings.ToLower(err.Error()), "ping") {
		t.Fatalf("Run = %v, want a duplicate-command error naming ping", err)
	}
	if emu.Connections() != 0 {
		t.Error("the gateway was dialled despite the error")
	}
}
