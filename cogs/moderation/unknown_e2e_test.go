package moderation_test

import (
	"context"
	"strings"
	"testing"

	"cogd/internal/store"
)

// TestConfigUnknown: `config unknown` sets the guild's unknown-command
// policy, which the bot applies at once; anything else is refused with
// the choices.
func TestConfigUnknown(t *testing.T) {
	t.Parallel()
	h := start(t)
	at := "<@" + h.emu.BotID() + "> "
	const typo = "I don't know the command “wran”. Did you mean `!warn`?"
	type say struct{ author, content, want string } // want "": silence
	steps := []struct {
		name string
		says []say
	}{
		{"default (suggest)", []say{
			{h.w.Alice, "!!", ""}, {h.w.Alice, "!zzzzzz", ""}, {h.w.Alice, "!wran", typo}, {h.w.Alice, at + "wran", typo},
			{h.w.Alice, at + "zzzzzz", "I don't know the command “zzzzzz”."},
		}},
		{"refused", []say{
			{h.w.Owner, "!config unknown bogus", "Bad value for policy: “bogus” is not suggest, reply, silent: choose one of them"},
			{h.w.Owner, "!config unknown", "policy"},
			{h.w.Moderator, "!config unknown silent", "You need these permissions: Manage Server."},
		}},
		{"reply", []say{
			{h.w.Owner, "!config unknown reply", "I now answer every unknown command that is a word"},
			{h.w.Alice, "!zzzzzz", "I don't know the command “zzzzzz”. Type `!help`"}, {h.w.Alice, "!!", ""}, {h.w.Alice, "!wran", typo},
		}},
		{"silent", []say{
			{h.w.Owner, "!config unknown SILENT", "I now answer unknown commands only when I am mentioned."},
			{h.w.Alice, "!wran", ""}, {h.w.Alice, "!zzzzzz", ""}, {h.w.Alice, at + "wran", typo},
		}},
		{"suggest", []say{
			{h.w.Owner, "!config unknown suggest", "I now answer an unknown command only when it looks like a typo of one (`!wran` → `!warn`)"},
			{h.w.Alice, "!zzzzzz", ""}, {h.w.Alice, "!wran", typo},
		}},
	}
	for _, st := range steps {
		for _, s := range st.says {
			rs := texts(h.say(s.author, s.content))
			switch {
			case s.want == "" && len(rs) != 0:
				t.Errorf("%s: %q answered %q, want silence", st.name, s.content, rs)
			case s.want != "" && (len(rs) != 1 || !strings.Contains(rs[0], s.want)):
				t.Errorf("%s: %q answered %q, want one answer with %q", st.name, s.content, rs, s.want)
			}
		}
	}
	if set, _ := h.st.GuildSettings(context.Background(), h.w.Guild); set.UnknownCommands != "suggest" {
		t.Errorf("stored policy = %q, want suggest", set.UnknownCommands)
	}
}

// TestConfigShowsUnknownPolicy: `config show` names the policy.
func TestConfigShowsUnknownPolicy(t *testing.T) {
	t.Parallel()
	h := start(t)
	if got := h.reply(h.w.Owner, "!config show"); !strings.Contains(got, "Unknown commands") || !strings.Contains(got, "suggest (default)") {
		t.Fatalf("config show = %q", got)
	}
	h.reply(h.w.Owner, "!config unknown silent")
	if got := h.reply(h.w.Owner, "!config show"); !strings.Contains(got, "silent") || strings.Contains(got, "silent (default)") {
		t.Fatalf("config show after silent = %q", got)
	}
}

// TestAnyoneHereWithLetterPrefix: a guild prefix of one letter (stored
// before prefixes were checked) does not turn chat into commands.
func TestAnyoneHereWithLetterPrefix(t *testing.T) {
	t.Parallel()
	h := start(t)
	_, err := h.db.UpdateGuildSettings(context.Background(), h.w.Guild, func(s *store.Settings) error { s.Prefix = "a"; return nil })
	if err != nil {
		t.Fatal(err)
	}
	for _, chat := range []string{"anyone here?", "a", "and you?"} {
		if rs := h.say(h.w.Alice, chat); len(rs) != 0 {
			t.Errorf("%q answered %q, want silence", chat, texts(rs))
		}
	}
	if got := h.reply(h.w.Alice, "awran"); !strings.Contains(got, "Did you mean `awarn`?") {
		t.Errorf("awran = %q", got)
	}
}

// TestModerationStoreErrorsCount: a database failure in moderation's
// settings read counts as a store error.
func TestModerationStoreErrorsCount(t *testing.T) {
	t.Parallel()
	h := start(t)
	if err := h.db.DB(context.Background()).Exec("ALTER TABLE guild_settings RENAME TO guild_settings_gone").Error; err != nil {
		t.Fatal(err)
	}
	storeErrors := func() uint64 { return h.metrics.Snapshot().ErrorsBySource["store"] }
	before := storeErrors()
	h.say(h.w.Alice, "!help") // the bot's own prefix lookups fail too
	bot := storeErrors() - before
	before = storeErrors()
	if got := h.reply(h.w.Moderator, "!warn alice spam"); !strings.Contains(got, "Something went wrong") {
		t.Fatalf("warn without settings = %q", got)
	}
	if got := storeErrors() - before; got <= bot {
		t.Errorf("store errors of a warn = %d, of help = %d: moderation's settings read was not counted", got, bot)
	}
}

// TestSchedulerPollErrorsCount: a scheduler that cannot read its actions
// counts scheduler errors.
func TestSchedulerPollErrorsCount(t *testing.T) {
	t.Parallel()
	h := start(t)
	if err := h.db.DB(context.Background()).Exec("ALTER TABLE scheduled_actions RENAME TO scheduled_actions_gone").Error; err != nil {
		t.Fatal(err)
	}
	h.eventually("a scheduler error", func() bool { return h.metrics.Snapshot().ErrorsBySource["scheduler"] > 0 })
	if !strings.Contains(h.logs.String(), "scheduler: could not read due actions") {
		t.Errorf("the failure was not logged:\n%s", h.logs.String())
	}
}
