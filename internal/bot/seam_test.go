package bot_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/bot"
	"cogd/internal/bot/bottest"
	"cogd/internal/command"
	"cogd/internal/discordtest"
)

// setupFunc is a cog whose Setup is a function.
type setupFunc func(r *bot.Registrar) error

func (f setupFunc) Setup(r *bot.Registrar) error { return f(r) }

func cogOf(name string, f func(r *bot.Registrar) error) bot.CogInfo {
	return bottest.Fixed(name, setupFunc(f))
}

// TestMessageListenerSeesChatAndCommands: a MESSAGE_CREATE listener fires
// for a plain chat message and for a command (commands still run).
func TestMessageListenerSeesChatAndCommands(t *testing.T) {
	t.Parallel()
	seen := make(chan string, 8)
	h := start(t, discordtest.Options{}, cogOf("listening", func(r *bot.Registrar) error {
		r.Listen(bot.On(func(_ context.Context, e *discordgo.MessageCreate) error {
			if e.Author != nil && !e.Author.Bot {
				seen <- e.Content // the bot's own replies arrive too, in any order
			}
			return nil
		}))
		return nil
	}))
	if rs := h.say(h.world.Alice, "just chatting"); len(rs) != 0 {
		t.Fatalf("chat got answers: %v", texts(rs))
	}
	if got := h.one(h.world.Alice, "!ping"); !strings.HasPrefix(got, "Pong!") {
		t.Fatalf("ping = %q", got)
	}
	// Listeners run concurrently: the two messages may arrive in any order.
	got := map[string]bool{}
	for range 2 {
		select {
		case c := <-seen:
			got[c] = true
		case <-time.After(5 * time.Second):
			t.Fatalf("listener saw only %v", got)
		}
	}
	if !got["just chatting"] || !got["!ping"] {
		t.Errorf("listener saw %v, want the chat and the command", got)
	}
}

// TestBadListenerIsAStartupError: listeners that could never fire stop
// start-up with an error naming the cog, before the gateway is dialled.
func TestBadListenerIsAStartupError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		l    bot.Listener
		want string
	}{
		{"non-pointer", bot.On(func(context.Context, discordgo.MessageCreate) error { return nil }), "delivered as pointers"},
		{"not an event", bot.On(func(context.Context, *discordgo.Message) error { return nil }), "never delivers"},
		{"interface", bot.On(func(context.Context, any) error { return nil }), "delivered as pointers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			emu := discordtest.NewTB(t, discordtest.Options{})
			emu.SeedDemo()
			cleaned := false
			b, err := bot.New(newOptions(emu, cogOf("broken", func(r *bot.Registrar) error {
				r.Cleanup(func(context.Context) error { cleaned = true; return nil })
				r.Listen(tt.l)
				return nil
			})))
			if err != nil {
				t.Fatal(err)
			}
			err = b.Run(context.Background())
			var re *bot.RegistrationError
			if !errors.As(err, &re) || re.Cog != "broken" || !strings.Contains(err.Error(), "cog broken") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Run = %v, want a registration error of cog broken saying %q", err, tt.want)
			}
			if !cleaned {
				t.Error("the failed set-up's cleanup did not run")
			}
			if emu.Connections() != 0 {
				t.Error("the gateway was dialled despite the error")
			}
		})
	}
}

// TestConcurrencyLimitIsAUserError: the run beyond MaxConcurrency is told
// the command is already running, and it is not logged as a failure.
func TestConcurrencyLimitIsAUserError(t *testing.T) {
	t.Parallel()
	running, release := make(chan struct{}, 1), make(chan struct{})
	h := start(t, discordtest.Options{}, bottest.Commands("busy", &command.Command{Name: "busy", Description: "Blocks.",
		Cooldown: &command.Cooldown{MaxConcurrency: 1, Bucket: command.BucketGlobal},
		Run: func(ctx context.Context, cx *command.Context) error {
			running <- struct{}{}
			<-release
			return cx.Reply(ctx, "done")
		}}))
	if _, err := h.emu.SendMessage(h.world.General, h.world.Alice, "!busy"); err != nil {
		t.Fatal(err)
	}
	<-running
	got := h.reply(h.world.Bob, "!busy")
	close(release)
	if got != "This command is already running. Try again when it has finished." {
		t.Fatalf("second run = %q", got)
	}
	if strings.Contains(h.logs.String(), "command failed") {
		t.Errorf("the refusal was logged as a failure:\n%s", h.logs.String())
	}
}

// TestUnloadKeepsHelpAndReloadKeepsOtherCooldowns: help belongs to the
// bot, and reloading one cog leaves another cog's cooldowns alone.
func TestUnloadKeepsHelpAndReloadKeepsOtherCooldowns(t *testing.T) {
	t.Parallel()
	var setups atomic.Int32
	other := cogOf("other", func(r *bot.Registrar) error {
		setups.Add(1)
		r.Command(&command.Command{Name: "nop", Description: "Nothing.", Run: func(context.Context, *command.Context) error { return nil }})
		return nil
	})
	limited := bottest.Commands("limited", &command.Command{Name: "once", Description: "Once a minute.",
		Cooldown: &command.Cooldown{Rate: 1, Per: time.Minute, Bucket: command.BucketUser},
		Run:      func(ctx context.Context, cx *command.Context) error { return cx.Reply(ctx, "ran") }})
	h := start(t, discordtest.Options{}, ownerInfo(), other, limited)
	if got := h.one(h.world.Alice, "!once"); got != "ran" {
		t.Fatalf("first once = %q", got)
	}
	if got := h.one(h.world.Owner, "!reload other"); got != "✓ other: reloaded" || setups.Load() != 2 {
		t.Fatalf("reload other = %q (set-ups %d)", got, setups.Load())
	}
	if got := h.one(h.world.Alice, "!once"); !strings.HasPrefix(got, "Slow down") {
		t.Fatalf("cooldown after another cog's reload = %q, want it kept", got)
	}
	if got := h.one(h.world.Owner, "!unload utility"); got != "Unloaded utility." {
		t.Fatalf("unload utility = %q", got)
	}
	if rs := h.say(h.world.Alice, "!help"); len(rs) == 0 || !strings.Contains(text(rs[0]), "help") {
		t.Fatalf("help after unloading utility: %v", texts(rs))
	}
}

// TestSetupErrorLeavesTheCogOut: a Setup that fails at run time (a missing
// resource) is logged, its cleanups run, and the other cogs serve.
func TestSetupErrorLeavesTheCogOut(t *testing.T) {
	t.Parallel()
	cleaned := make(chan struct{}, 1)
	h := start(t, discordtest.Options{}, cogOf("needy", func(r *bot.Registrar) error {
		r.Cleanup(func(context.Context) error { cleaned <- struct{}{}; return nil })
		_, err := bot.Resource[*strings.Builder](r)
		return err
	}))
	select {
	case <-cleaned:
	default:
		t.Fatal("cleanup of the failed set-up did not run")
	}
	if !strings.Contains(h.logs.String(), "needs a *strings.Builder") {
		t.Errorf("log lacks the reason:\n%s", h.logs.String())
	}
	if got := h.one(h.world.Alice, "!ping"); !strings.HasPrefix(got, "Pong!") {
		t.Fatalf("ping = %q", got)
	}
}

// TestInexpressibleSlashDefinitionStopsStartup: a command Discord would
// refuse as an application command (here a 150-character description)
// stops start-up with an error naming it, before any gateway connection.
func TestInexpressibleSlashDefinitionStopsStartup(t *testing.T) {
	t.Parallel()
	emu := discordtest.NewTB(t, discordtest.Options{})
	emu.SeedDemo()
	b, err := bot.New(newOptions(emu, bottest.Commands("wordy", &command.Command{Name: "wordy",
		Description: strings.Repeat("far too long ", 12), Run: func(context.Context, *command.Context) error { return nil }})))
	if err != nil {
		t.Fatal(err)
	}
	err = b.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "/wordy") || !strings.Contains(err.Error(), "description") {
		t.Fatalf("Run = %v, want an error naming /wordy and its description", err)
	}
	if emu.Connections() != 0 || emu.CommandStats("").Puts != 0 {
		t.Error("the gateway was dialled or commands registered despite the error")
	}
}
