package bot_test

import (
	"context"
	"strings"
	"testing"

	"cogd/internal/bot"
	"cogd/internal/discordtest"
)

// startPolicy runs the utility bot with guild prefix prefix ("" for the
// default) and the stored unknown-command policy stored.
func startPolicy(t *testing.T, prefix, stored string) *harness {
	t.Helper()
	emu := discordtest.NewTB(t, discordtest.Options{})
	w := emu.SeedDemo()
	return startWith(t, emu, w, func(o *bot.Options) {
		o.LoadPrefix = func(context.Context, string) (string, error) { return prefix, nil }
		o.LoadUnknownPolicy = func(context.Context, string) (string, error) { return stored, nil }
	})
}

// TestUnknownCommandPolicy: what each policy answers to prefixed words
// that are no command; "" is the default (suggest), and a value the bot
// does not know is the default too.
func TestUnknownCommandPolicy(t *testing.T) {
	t.Parallel()
	const suggestion = "I don't know the command “pnig”. Did you mean `!ping`?"
	type say struct {
		content string
		want    string // "" for silence; else a prefix of the one answer
	}
	mention := func(h *harness, s string) string { return "<@" + h.emu.BotID() + "> " + s }
	tests := []struct {
		stored string
		says   func(h *harness) []say
	}{
		{"", func(h *harness) []say {
			return []say{{"!!", ""}, {"!!!", ""}, {"!?", ""}, {"!x", ""}, {"!pnig", suggestion}, {"!zzzzzz", ""},
				{"!pnig me", suggestion}, {mention(h, "pnig"), suggestion}, {mention(h, "zzzzzz"), "I don't know the command “zzzzzz”."}}
		}},
		{"suggest", func(h *harness) []say { return []say{{"!zzzzzz", ""}, {"!pnig", suggestion}} }},
		{"bogus", func(h *harness) []say { return []say{{"!zzzzzz", ""}, {"!pnig", suggestion}} }},
		{"reply", func(h *harness) []say {
			return []say{{"!!", ""}, {"!42", ""}, {"!pnig", suggestion}, {"!zzzzzz", "I don't know the command “zzzzzz”. Type `!help`"}}
		}},
		{"silent", func(h *harness) []say {
			return []say{{"!pnig", ""}, {"!zzzzzz", ""}, {"!!", ""}, {mention(h, "pnig"), suggestion},
				{mention(h, "!!"), "I don't know the command “!!”."}}
		}},
	}
	for _, tt := range tests {
		t.Run("stored "+tt.stored, func(t *testing.T) {
			t.Parallel()
			h := startPolicy(t, "", tt.stored)
			for _, s := range tt.says(h) {
				rs := texts(h.say(h.world.Alice, s.content))
				switch {
				case s.want == "" && len(rs) != 0:
					t.Errorf("%q answered %q, want silence", s.content, rs)
				case s.want != "" && (len(rs) != 1 || !strings.HasPrefix(rs[0], s.want)):
					t.Errorf("%q answered %q, want one answer starting %q", s.content, rs, s.want)
				}
			}
			if got := h.one(h.world.Alice, "!ping"); !strings.HasPrefix(got, "Pong!") {
				t.Errorf("ping = %q", got)
			}
		})
	}
}

// TestUnknownCommandChatWithLetterPrefix: with a guild prefix of one
// letter (set before prefixes were checked), chat that starts with it is
// not taken for a command.
func TestUnknownCommandChatWithLetterPrefix(t *testing.T) {
	t.Parallel()
	h := startPolicy(t, "a", "")
	for _, chat := range []string{"anyone here?", "and then", "a"} {
		if rs := h.say(h.world.Alice, chat); len(rs) != 0 {
			t.Errorf("%q answered %q, want silence", chat, texts(rs))
		}
	}
	if got := h.one(h.world.Alice, "aping"); !strings.HasPrefix(got, "Pong!") {
		t.Errorf("aping = %q", got)
	}
}
