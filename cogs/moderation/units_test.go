package moderation

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/bot"
	"cogd/internal/command"
	"cogd/internal/store"
	"cogd/internal/store/storetest"
)

func TestDefaultBackoff(t *testing.T) {
	t.Parallel()
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := DefaultBackoff(i + 1); got != w {
			t.Errorf("attempt %d: %s, want %s", i+1, got, w)
		}
	}
}

// restErr builds the error discordgo returns for an HTTP answer.
func restErr(status, code int) error {
	return fmt.Errorf("unban: %w", &discordgo.RESTError{Response: &http.Response{StatusCode: status},
		Message: &discordgo.APIErrorMessage{Code: code}})
}

func TestOutcome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"success", nil, outcomeDone},
		{"unknown ban", restErr(404, discordgo.ErrCodeUnknownBan), outcomeDone},
		{"unknown guild", restErr(404, discordgo.ErrCodeUnknownGuild), outcomePermanent},
		{"missing permissions", restErr(403, discordgo.ErrCodeMissingPermissions), outcomePermanent},
		{"bad request", restErr(400, 50035), outcomePermanent},
		{"unsupported", fmt.Errorf("%w: kick", errUnsupported), outcomePermanent},
		{"server error", restErr(500, 0), outcomeTransient},
		{"rate limited", &discordgo.RateLimitError{}, outcomeTransient},
		{"network", errors.New("connection refused"), outcomeTransient},
	}
	for _, tt := range tests {
		if got := outcome(tt.err); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestWithStep(t *testing.T) {
	t.Parallel()
	p := modstore.EscalationPolicy{{Points: 3, Action: modstore.ActionKick}, {Points: 5, Action: modstore.ActionBan}}
	got := withStep(p, modstore.EscalationStep{Points: 3, Action: modstore.ActionTimeout, Duration: 90 * time.Second})
	if len(got) != 2 || got[1] != (modstore.EscalationStep{Points: 3, Action: modstore.ActionTimeout, Duration: 90 * time.Second}) {
		t.Fatalf("replace: %+v", got)
	}
	if got := withStep(p, modstore.EscalationStep{Points: 5}); len(got) != 1 || got[0].Points != 3 {
		t.Fatalf("remove: %+v", got)
	}
	if len(p) != 2 || p[0].Action != modstore.ActionKick {
		t.Fatalf("the input changed: %+v", p)
	}
}

func TestRenderWelcome(t *testing.T) {
	t.Parallel()
	g := &discordgo.Guild{Name: "The **Best** Server @everyone", MemberCount: 42}
	u := &discordgo.User{ID: "7", Username: "eve_<@1>"}
	tests := []struct{ template, want string }{
		{"", "Welcome to The \\*\\*Best\\*\\* Server @\u200beveryone, <@7>! You are member #42."},
		{"Hi {name} ({user}), #{count} of {server} {unknown}", "Hi eve\\_<@\u200b1> (<@7>), #42 of The \\*\\*Best\\*\\* Server @\u200beveryone {unknown}"},
		{"no placeholders", "no placeholders"},
	}
	for _, tt := range tests {
		if got := renderWelcome(tt.template, g, u); got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.template, got, tt.want)
		}
	}
	if got := renderWelcome("{count}", &discordgo.Guild{}, u); got != "?" {
		t.Errorf("unknown count = %q", got)
	}
}

func TestWelcomeChannel(t *testing.T) {
	t.Parallel()
	g := &discordgo.Guild{Channels: []*discordgo.Channel{
		{ID: "v", Name: "welcome", Type: discordgo.ChannelTypeGuildVoice}, {ID: "w", Name: "Welcome", Type: discordgo.ChannelTypeGuildText}}}
	tests := []struct{ set, want string }{{"", "w"}, {"c", "c"}, {welcomeDisabled, ""}}
	for _, tt := range tests {
		if got := welcomeChannel(g, modstore.Settings{Settings: store.Settings{WelcomeChannelID: tt.set}}); got != tt.want {
			t.Errorf("setting %q: %q, want %q", tt.set, got, tt.want)
		}
	}
	if got := welcomeChannel(&discordgo.Guild{}, modstore.Settings{}); got != "" {
		t.Errorf("no #welcome: %q", got)
	}
}

// fixed is the moment the golden embeds are made at.
var fixed = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func TestEmbedsGolden(t *testing.T) {
	t.Parallel()
	alice := &discordgo.User{ID: "200", Username: "alice_*"}
	mod := &discordgo.User{ID: "100", Username: "mod"}
	warn := modstore.Case{Number: 12, Action: modstore.ActionWarn, TargetID: "200", ModeratorID: "100", Points: 2,
		Reason: "spam @everyone **now**", CreatedAt: fixed}
	tempban := modstore.Case{Number: 13, Action: modstore.ActionTempban, TargetID: "200", ModeratorID: "100", Duration: 36 * time.Hour,
		ExpiresAt: fixed.Add(36 * time.Hour), CreatedAt: fixed, EditedAt: fixed.Add(time.Hour), EditedBy: "100"}
	revoked := warn
	revoked.RevokedAt, revoked.RevokedBy, revoked.Reason = fixed.Add(time.Hour), "100", strings.Repeat("long ", 400)
	purge := modstore.Case{Number: 14, Action: modstore.ActionPurge, ModeratorID: "100", Reason: "Deleted 3 messages in #general; none skipped.", CreatedAt: fixed}
	list := warnList{user: alice, active: 3, decayDays: 30, page: 1, now: fixed.AddDate(0, 0, 40),
		warns: []modstore.Case{{Number: 3, Action: modstore.ActionWarn, Points: 1, ModeratorID: "100", CreatedAt: fixed.AddDate(0, 0, 35)},
			revoked, {Number: 1, Action: modstore.ActionWarn, Points: 2, ModeratorID: "100", Reason: "old", CreatedAt: fixed}}}
	set := modstore.Settings{Settings: store.Settings{ModlogChannelID: "300", WarnDecayDays: 30, WelcomeMessage: "Hi {user} ```"}, Escalation: modstore.EscalationPolicy{
		{Points: 7, Action: modstore.ActionBan}, {Points: 3, Action: modstore.ActionTimeout, Duration: time.Hour}, {Points: 5, Action: modstore.ActionBan, Duration: 7 * 24 * time.Hour}}}
	golden := map[string]*discordgo.MessageEmbed{
		"case_warn.json":       caseEmbed(caseView{Case: warn, Target: alice, Moderator: mod}),
		"case_tempban.json":    caseEmbed(caseView{Case: tempban}),
		"case_revoked.json":    caseEmbed(caseView{Case: revoked, Target: alice, Moderator: mod}),
		"case_purge.json":      caseEmbed(caseView{Case: purge, Moderator: mod}),
		"warnings.json":        list.embed(),
		"warnings_empty.json":  warnList{user: alice, page: 3}.embed(),
		"settings.json":        settingsEmbed(set, "!"),
		"settings_empty.json":  settingsEmbed(modstore.Settings{Settings: store.Settings{WelcomeChannelID: welcomeDisabled}}, "?"),
		"welcome_default.json": welcomeEmbed("", &discordgo.Guild{Name: "Demo", MemberCount: 5}, alice),
	}
	for name, e := range golden {
		t.Run(name, func(t *testing.T) {
			if n := command.EmbedLength(e); n > command.EmbedTotalLimit {
				t.Errorf("%d characters", n)
			}
			assertGolden(t, name, indentJSON(t, e))
		})
	}
}

func TestCommandsFormATable(t *testing.T) {
	t.Parallel()
	cmds := New(Options{}).Commands()
	if _, err := command.NewTable([]command.Group{{Name: "moderation", Commands: cmds}}); err != nil {
		t.Fatal(err)
	}
	var walk func(cs []*command.Command)
	walk = func(cs []*command.Command) {
		for _, c := range cs {
			if !c.GuildOnly {
				t.Errorf("%s is not guild-only", c.Name)
			}
			// confirm and undo act only for the moderator who started the
			// action, checking the action's permission again.
			if c.Permissions == 0 && c.Name != "warnings" && c.Name != "confirm" && c.Name != "undo" {
				t.Errorf("%s needs no permission", c.Name)
			}
			walk(c.Subcommands)
		}
	}
	walk(cmds)
}

func TestSetupNeedsAStoreAndREST(t *testing.T) {
	t.Parallel()
	rest, err := discordgo.New("Bot test")
	if err != nil {
		t.Fatal(err)
	}
	_, err = bot.Standalone(context.Background(), Info, bot.StandaloneDeps{REST: rest})
	if err == nil || !strings.Contains(err.Error(), "needs a database") {
		t.Fatalf("Setup without a store = %v", err)
	}
	noREST := Info
	noREST.Grants = 0
	_, err = bot.Standalone(context.Background(), noREST, bot.StandaloneDeps{REST: rest, Resources: []any{storetest.MustOpen(t)}})
	if err == nil || !strings.Contains(err.Error(), "REST is not granted") {
		t.Fatalf("Setup without the REST grant = %v", err)
	}
}

// TestSetupAndTeardown: Setup starts the scheduler as a background task,
// Close cancels and awaits it (goleak in TestMain checks that nothing is
// left running), and a command after the teardown is refused.
func TestSetupAndTeardown(t *testing.T) {
	t.Parallel()
	rest, err := discordgo.New("Bot test")
	if err != nil {
		t.Fatal(err)
	}
	c := New(Options{SchedulerEvery: time.Millisecond})
	info := Info
	info.New = func() bot.Cog { return c }
	db := storetest.MustOpenConfig(t, store.Config{Migrations: []store.MigrationSet{store.CoreMigrations(), modstore.Migrations()}})
	reg, err := bot.Standalone(context.Background(), info, bot.StandaloneDeps{Discord: stubDiscord{}, REST: rest, Resources: []any{db}})
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Commands()) == 0 || len(reg.Listeners()) != 1 {
		t.Fatalf("registered %d commands, %d listeners", len(reg.Commands()), len(reg.Listeners()))
	}
	reg.Close(context.Background())
	if c.svc.Load() != nil {
		t.Fatal("still serving after the teardown")
	}
	if err := c.run(nil)(context.Background(), nil); !errors.Is(err, errNotLoaded) {
		t.Fatalf("command after the teardown: %v", err)
	}
}

// stubDiscord is a command.Discord that knows nothing.
type stubDiscord struct{ command.Discord }

func (stubDiscord) BotUser() *discordgo.User { return &discordgo.User{ID: "1"} }
