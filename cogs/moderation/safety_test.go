package moderation

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

func TestCheckParties(t *testing.T) {
	t.Parallel()
	g := &discordgo.Guild{ID: "g", OwnerID: "owner", Roles: []*discordgo.Role{
		{ID: "g", Position: 0}, {ID: "member", Position: 1}, {ID: "mod", Position: 2}, {ID: "bot", Position: 3}, {ID: "top", Position: 4},
	}}
	mem := func(id string, roles ...string) *discordgo.Member {
		return &discordgo.Member{User: &discordgo.User{ID: id, Username: id}, Roles: roles}
	}
	mod, owner, bot := mem("mod", "member", "mod"), mem("owner"), mem("bot", "bot")
	tests := []struct {
		name      string
		moderator *discordgo.Member
		target    *discordgo.Member
		outside   bool // the target is not in the guild
		want      string
	}{
		{"below both", mod, mem("alice", "member"), false, ""},
		{"no roles", mod, mem("alice"), false, ""},
		{"not in the guild", mod, mem("stranger"), true, ""},
		{"oneself", mod, mod, false, "You can't do that to yourself."},
		{"the bot", mod, bot, false, "I won't do that to myself."},
		{"the owner", mod, owner, false, "The server owner can't be moderated."},
		{"the owner, outside", mod, owner, true, "The server owner can't be moderated."},
		{"equal rank", mod, mem("mod2", "mod"), false, "You can't moderate mod2: their highest role is not below yours."},
		{"higher rank", mod, mem("boss", "top"), false, "You can't moderate boss"},
		{"owner exempt, bot below", owner, mem("boss", "top", "member"), false, "I can't moderate boss: their highest role is not below mine."},
		{"owner exempt, bot equal", owner, mem("twin", "bot"), false, "I can't moderate twin"},
		{"owner exempt", owner, mem("mod2", "mod"), false, ""},
		{"unknown role ignored", mod, mem("alice", "gone"), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parties{guild: g, moderator: tt.moderator, bot: bot, target: tt.target.User, member: tt.target}
			if tt.outside {
				p.member = nil
			}
			err := checkParties(p)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestAuditHeader(t *testing.T) {
	t.Parallel()
	mod := &discordgo.User{ID: "42", Username: "mod"}
	tests := []struct {
		name, reason, want string
	}{
		{"no reason", "", "By mod (42)"},
		{"plain", "spam", "By mod (42): spam"},
		{"newline and unicode", "line one\nline two — ünï 🚀 100% & ?=/", "By mod (42): line one\nline two — ünï 🚀 100% & ?=/"},
		{"too long", strings.Repeat("x", 600), "By mod (42): " + strings.Repeat("x", 512-len("By mod (42): ")-1) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := auditHeader(mod, tt.reason)
			if strings.ContainsFunc(h, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
				t.Fatalf("header %q has bytes that are not printable ASCII", h)
			}
			got, err := url.PathUnescape(h)
			if err != nil || got != tt.want {
				t.Fatalf("decodes to %q (%v), want %q", got, err, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > auditReasonLimit {
				t.Fatalf("%d characters", n)
			}
		})
	}
}

func TestBounded(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"plain", 10, "plain"},
		{"@everyone", 20, "@\u200beveryone"},
		{"**bold**", 20, "\\*\\*bold\\*\\*"},
		{"abcdefghij", 5, "abcd…"},
		{"*****", 6, "\\*\\*…"},
	}
	for _, tt := range tests {
		if got := bounded(tt.in, tt.n); got != tt.want || utf8.RuneCountInString(got) > tt.n {
			t.Errorf("bounded(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
