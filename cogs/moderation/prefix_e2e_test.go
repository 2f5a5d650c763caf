package moderation_test

import (
	"context"
	"strings"
	"testing"
)

// TestConfigPrefixRule: `config prefix` applies command.ValidPrefix's rule,
// the one COMMAND_PREFIX follows, and stores only what passes.
func TestConfigPrefixRule(t *testing.T) {
	t.Parallel()
	h := start(t)
	refused := []struct{ cmd, want string }{
		{"!config prefix a", "That can't be the prefix: “a” is only letters or digits."},
		{"!config prefix ab", "That can't be the prefix: “ab” is only letters or digits."},
		{"!config prefix 12", "That can't be the prefix: “12” is only letters or digits."},
		{`!config prefix "a b"`, "That can't be the prefix: “a b” contains whitespace."},
		{"!config prefix @x", "That can't be the prefix: “@\u200bx” contains @, # or \\`."},
	}
	for _, s := range refused {
		got := h.reply(h.w.Owner, s.cmd)
		if !strings.HasPrefix(got, s.want) || !strings.Contains(got, "A prefix is 1 to 10 characters") {
			t.Errorf("%s = %q, want %q and the rule", s.cmd, got, s.want)
		}
	}
	if set, _ := h.st.GuildSettings(context.Background(), h.w.Guild); set.Prefix != "" {
		t.Fatalf("a refused prefix was stored: %q", set.Prefix)
	}
	for _, p := range []string{">>", "cogd!", "!"} {
		if got, want := h.reply(h.w.Owner, "!config prefix "+p), "The prefix is now `"+p+"`."; got != want {
			t.Fatalf("prefix %s = %q, want %q", p, got, want)
		}
		if p != "!" {
			h.reply(h.w.Owner, p+"config prefix !")
		}
	}
}
