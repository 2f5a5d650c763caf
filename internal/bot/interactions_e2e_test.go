package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/appcmd"
	"cogd/internal/bot"
	"cogd/internal/bot/bottest"
	"cogd/internal/command"
	"cogd/internal/discordtest"
	"cogd/internal/discordtest/openapicheck"
	"cogd/internal/fakeclock"
)

// slash invokes a command as user in #general and waits for the answer
// the user finally sees.
func (h *harness) slash(user, name string, opts ...discordtest.Option) (*discordtest.Interaction, discordtest.Response) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ix, err := h.emu.InvokeSlash(ctx, discordtest.Slash{Channel: h.world.General, User: user, Name: name, Options: opts, Override: true})
	if err != nil {
		h.t.Fatalf("/%s: %v", name, err)
	}
	r, err := ix.AwaitReply(ctx)
	if err != nil {
		h.t.Fatalf("/%s: no reply: %v\n%s", name, err, h.logs.String())
	}
	return ix, r
}

// gateCog has a command that waits until released, to test slow answers.
func gateCog(release <-chan struct{}, started chan<- struct{}) bot.CogInfo {
	return bottest.Commands("gate", &command.Command{Name: "gate", Description: "Waits until released.",
		Run: func(ctx context.Context, cx *command.Context) error {
			started <- struct{}{}
			<-release
			return cx.Reply(ctx, "released")
		}})
}

func TestSlashPing(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{})
	ix, r := h.slash(h.world.Alice, "ping")
	if r.Type != discordgo.InteractionResponseChannelMessageWithSource || !strings.HasPrefix(r.Content, "Pong!") || r.Ephemeral() {
		t.Fatalf("/ping answered %+v", r)
	}
	if n := len(ix.Callbacks()); n != 1 {
		t.Errorf("%d callbacks, want exactly 1", n)
	}
	checkInteractionBodies(t, h.emu)
}

// TestSlashErrorsAreEphemeral: a refused check is answered only to the
// invoker, from the permissions Discord computed.
func TestSlashErrorsAreEphemeral(t *testing.T) {
	t.Parallel()
	h := start(t, discordtest.Options{}, (&testCog{}).info())
	_, r := h.slash(h.world.Alice, "secret")
	if !r.Ephemeral() || !strings.Contains(r.Content, "Only the bot's owners") {
		t.Fatalf("/secret by a member: %+v", r)
	}
	_, r = h.slash(h.world.Alice, "fail")
	if !r.Ephemeral() || !strings.Contains(r.Content, "reference") || strings.Contains(r.Content, "secret detail") {
		t.Fatalf("/fail: %+v", r)
	}
	checkInteractionBodies(t, h.emu)
}

// TestSlowSlashCommandIsDeferred: a command still running after the defer
// delay is deferred (type 5), then finishes with an edit of the response.
func TestSlowSlashCommandIsDeferred(t *testing.T) {
	t.Parallel()
	release, started := make(chan struct{}), make(chan struct{}, 1)
	emu := discordtest.NewTB(t, discordtest.Options{})
	w := emu.SeedDemo()
	h := startWith(t, emu, w, func(o *bot.Options) { o.DeferAfter = 20 * time.Millisecond }, gateCog(release, started))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ix, err := emu.InvokeSlash(ctx, discordtest.Slash{Channel: w.General, User: w.Alice, Name: "gate"})
	if err != nil {
		t.Fatal(err)
	}
	<-started
	first, err := ix.Await(ctx)
	if err != nil || first.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || !first.OK() {
		t.Fatalf("first callback = %+v, %v; want an accepted deferral", first, err)
	}
	close(release)
	r, err := ix.AwaitReply(ctx)
	if err != nil || r.Kind != discordtest.KindEdit || r.Content != "released" {
		t.Fatalf("answer = %+v, %v; want the edit of the deferred response", r, err)
	}
	if n := len(ix.Callbacks()); n != 1 {
		t.Errorf("%d callbacks, want exactly 1", n)
	}
	_ = h
	checkInteractionBodies(t, emu)
}

// TestExpiredTokenFallsBackToTheChannel: a command that outlives the
// token's 15 minutes answers with a channel message instead.
func TestExpiredTokenFallsBackToTheChannel(t *testing.T) {
	t.Parallel()
	release, started := make(chan struct{}), make(chan struct{}, 1)
	clock := fakeclock.New(time.Now())
	emu := discordtest.NewTB(t, discordtest.Options{})
	emu.SetClock(clock.Now)
	w := emu.SeedDemo()
	h := startWith(t, emu, w, func(o *bot.Options) {
		o.DeferAfter, o.TokenClock, o.CommandTimeout = 20*time.Millisecond, clock.Now, time.Hour
	}, gateCog(release, started))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ix, err := emu.InvokeSlash(ctx, discordtest.Slash{Channel: w.General, User: w.Alice, Name: "gate"})
	if err != nil {
		t.Fatal(err)
	}
	<-started
	if _, err := ix.Await(ctx); err != nil {
		t.Fatal(err)
	}
	clock.Advance(16 * time.Minute)
	close(release)
	if err := emu.WaitFor(ctx, func() bool {
		for _, m := range emu.Messages(w.General) {
			if m.Content == "released" && m.Author != nil && m.Author.Bot {
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatal("no channel message after the token expired")
	}
	for _, r := range ix.Responses() {
		if r.Kind != discordtest.KindCallback {
			t.Errorf("used the expired token: %+v", r)
		}
	}
	if !strings.Contains(h.logs.String(), "interaction token expired") {
		t.Error("the fallback is not logged")
	}
}

// TestSyncOnlyWhenDefinitionsChange: a restart with the same definitions
// registers nothing; a changed definition makes exactly one bulk PUT.
func TestSyncOnlyWhenDefinitionsChange(t *testing.T) {
	t.Parallel()
	emu := discordtest.NewTB(t, discordtest.Options{})
	w := emu.SeedDemo()
	hashes := &memHashes{m: map[string]string{}}
	run := func(extra ...bot.CogInfo) {
		h := startWith(t, emu, w, func(o *bot.Options) { o.CommandHashes = hashes }, extra...)
		h.Stop()
	}
	run()
	if got := emu.CommandStats("").Puts; got != 1 {
		t.Fatalf("first start: %d PUTs, want 1", got)
	}
	run()
	if got := emu.CommandStats("").Puts; got != 1 {
		t.Fatalf("unchanged restart: %d PUTs in all, want still 1", got)
	}
	run(bottest.Commands("more", &command.Command{Name: "more", Description: "One more.",
		Run: func(context.Context, *command.Context) error { return nil }}))
	if got := emu.CommandStats("").Puts; got != 2 {
		t.Fatalf("changed definitions: %d PUTs in all, want 2", got)
	}
	if st := emu.CommandStats(""); st.Posts+st.Patches+st.Deletes != 0 {
		t.Errorf("per-command requests were made: %+v", st)
	}
	if err := discordtest.ValidateCommands(emu.Commands("")); err != nil {
		t.Errorf("registered commands fail the emulator's validation: %v", err)
	}
}

// TestNoPrivilegedIntents: an application without Message Content and
// Server Members starts, answers a mention and a slash command, ignores a
// bare prefix (Discord sends it without content), and says so once.
func TestNoPrivilegedIntents(t *testing.T) {
	t.Parallel()
	emu := discordtest.NewTB(t, discordtest.Options{ApplicationFlags: 1 << 23})
	w := emu.SeedDemo()
	h := startWith(t, emu, w, func(*bot.Options) {})
	if got := h.one(w.Alice, "<@"+emu.BotID()+"> ping"); !strings.HasPrefix(got, "Pong!") {
		t.Fatalf("mention ping = %q", got)
	}
	if rs := h.say(w.Alice, "!ping"); len(rs) != 0 {
		t.Fatalf("a prefix message without content was answered: %v", texts(rs))
	}
	if _, r := h.slash(w.Alice, "ping"); !strings.HasPrefix(r.Content, "Pong!") {
		t.Fatalf("/ping = %+v", r)
	}
	if n := strings.Count(h.logs.String(), "running without privileged intents"); n != 1 {
		t.Fatalf("%d lines about the missing intents, want 1:\n%s", n, h.logs.String())
	}
	for _, want := range []string{"Message Content Intent", "Server Members Intent"} {
		if !strings.Contains(h.logs.String(), want) {
			t.Errorf("the log does not name %s", want)
		}
	}
}

// checkInteractionBodies: every callback, followup and edit carries an
// empty allowed_mentions parse list, and every recorded request matches
// Discord's OpenAPI description.
func checkInteractionBodies(t *testing.T, emu *discordtest.Server) {
	t.Helper()
	for _, r := range emu.Requests() {
		if !strings.HasPrefix(r.Path, "/api/v9/interactions/") && !strings.HasPrefix(r.Path, "/api/v9/webhooks/") {
			continue
		}
		var body struct {
			Data *struct {
				AllowedMentions *struct {
					Parse []string `json:"parse"`
				} `json:"allowed_mentions"`
				Content string `json:"content"`
			} `json:"data"`
			AllowedMentions *struct {
				Parse []string `json:"parse"`
			} `json:"allowed_mentions"`
			Type int `json:"type"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil || len(r.Body) == 0 {
			continue
		}
		am := body.AllowedMentions
		if body.Data != nil {
			am = body.Data.AllowedMentions
		}
		switch discordgo.InteractionResponseType(body.Type) {
		case discordgo.InteractionResponseDeferredChannelMessageWithSource, discordgo.InteractionResponseDeferredMessageUpdate,
			discordgo.InteractionApplicationCommandAutocompleteResult:
			continue // no message in these
		}
		if am == nil || am.Parse == nil || len(am.Parse) != 0 {
			t.Errorf("%s %s: allowed_mentions not an empty parse list: %s", r.Method, r.Path, r.Body)
		}
	}
	openapicheck.CheckRecording(t, emu.Requests())
}

// memHashes is a HashStore shared by several bots in one test.
type memHashes struct {
	m map[string]string
}

func (h *memHashes) LastHash(_ context.Context, s appcmdScope) (string, error) {
	return h.m[s.Key()], nil
}
func (h *memHashes) SaveHash(_ context.Context, s appcmdScope, v string) error {
	h.m[s.Key()] = v
	return nil
}

type appcmdScope = appcmd.Scope

// TestComponentsRouteByName: a button's click reaches the handler named
// in its custom_id, which updates the message; a click nobody handles is
// answered privately; two cogs cannot share a component name.
func TestComponentsRouteByName(t *testing.T) {
	t.Parallel()
	buttons := cogOf("buttons", func(r *bot.Registrar) error {
		r.Command(&command.Command{Name: "offer", Description: "Offers a button.", Run: func(ctx context.Context, cx *command.Context) error {
			_, err := cx.Respond(ctx, &discordgo.MessageSend{Content: "pick", Components: []discordgo.MessageComponent{
				discordgo.ActionsRow{Components: []discordgo.MessageComponent{
					discordgo.Button{Label: "Take", Style: discordgo.PrimaryButton, CustomID: bot.ComponentID("take", "42")},
					discordgo.Button{Label: "Orphan", Style: discordgo.SecondaryButton, CustomID: bot.ComponentID("nobody", "1")},
				}}}})
			return err
		}})
		r.Component("take", func(ctx context.Context, cx *command.Context, cl bot.Click) error {
			return cx.Reply(ctx, "taken "+cl.Arg+" by "+cx.Author().Username)
		})
		return nil
	})
	h := start(t, discordtest.Options{}, buttons)
	_, offer := h.slash(h.world.Alice, "offer")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	click := func(id string) discordtest.Response {
		t.Helper()
		ix, err := h.emu.ClickButton(ctx, discordtest.Click{Channel: h.world.General, Message: offer.MessageID, User: h.world.Bob, CustomID: id})
		if err != nil {
			t.Fatal(err)
		}
		r, err := ix.AwaitReply(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := click("nobody:1"); !r.Ephemeral() || !strings.Contains(r.Content, "no longer works") {
		t.Fatalf("unhandled click = %+v", r)
	}
	if r := click("take:42"); r.Type != discordgo.InteractionResponseUpdateMessage || r.Content != "taken 42 by bob" {
		t.Fatalf("click = %+v", r)
	}
	checkInteractionBodies(t, h.emu)

	emu := discordtest.NewTB(t, discordtest.Options{})
	emu.SeedDemo()
	twice := func(name string) bot.CogInfo {
		return cogOf(name, func(r *bot.Registrar) error {
			r.Component("same", func(context.Context, *command.Context, bot.Click) error { return nil })
			return nil
		})
	}
	b, err := bot.New(newOptions(emu, twice("one"), twice("two")))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Run(context.Background()); err == nil || !strings.Contains(err.Error(), `component "same"`) {
		t.Fatalf("Run = %v, want a clash naming the component", err)
	}
}

// TestFailedAutocompleteAnswersNoChoices: a completer that fails answers
// an empty choices list (sent as [], not left out), never an error.
func TestFailedAutocompleteAnswersNoChoices(t *testing.T) {
	t.Parallel()
	broken := command.String("word", "any word").Complete(func(context.Context, *command.Context, string) ([]command.Choice, error) {
		return nil, errors.New("upstream down")
	})
	h := start(t, discordtest.Options{}, bottest.Commands("words", &command.Command{Name: "say", Description: "Says a word.",
		Params: []command.Param{broken}, Run: func(ctx context.Context, cx *command.Context) error { return cx.Reply(ctx, broken.Get(cx)) }}))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ix, err := h.emu.Autocomplete(ctx, discordtest.Slash{Channel: h.world.General, User: h.world.Alice, Name: "say",
		Options: []discordtest.Option{{Name: "word", Value: "he", Focused: true}}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := ix.Await(ctx)
	if err != nil || r.Type != discordgo.InteractionApplicationCommandAutocompleteResult || !r.OK() || !strings.Contains(string(r.Raw), `"choices":[]`) {
		t.Fatalf("autocomplete = %+v (%s), %v", r, r.Raw, err)
	}
	checkInteractionBodies(t, h.emu)
}
