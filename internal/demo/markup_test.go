package demo

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/golden"
)

// fakeNames knows user 1 (alice), role 2 (Moderator) and channel 3 (general).
type fakeNames struct{}

func (fakeNames) User(id string) string    { return map[string]string{"1": "alice"}[id] }
func (fakeNames) Role(id string) string    { return map[string]string{"2": "Moderator"}[id] }
func (fakeNames) Channel(id string) string { return map[string]string{"3": "general"}[id] }

var now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func TestMarkup(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hi <@1> and <@!1>", "hi @alice and @alice"},
		{"ping <@&2>", "ping @Moderator"},
		{"in <#3>", "in #general"},
		{"unknown <@9> <@&9> <#9>", "unknown <@9> <@&9> <#9>"},
		{"<t:" + itoa(now.Add(2*time.Hour).Unix()) + ":R>", "in 2 hours"},
		{"<t:" + itoa(now.Add(-90*time.Second).Unix()) + ":R>", "1 minute ago"},
		{"<t:" + itoa(now.Add(-3*24*time.Hour).Unix()) + ":R>", "3 days ago"},
		{"<t:" + itoa(now.Unix()) + ":R>", "now"},
		{"<t:" + itoa(now.Unix()) + ":f>", "1 December 2026 12:00"},
		{"<t:" + itoa(now.Unix()) + ">", "1 December 2026 12:00"},
		{"<t:" + itoa(now.Unix()) + ":F>", "Tuesday, 1 December 2026 12:00"},
		{"<t:" + itoa(now.Unix()) + ":d> <t:" + itoa(now.Unix()) + ":D>", "2026-12-01 1 December 2026"},
		{"<t:" + itoa(now.Unix()) + ":t> <t:" + itoa(now.Unix()) + ":T>", "12:00 12:00:00"},
		{"<t:abc:R> <t:1:Q>", "<t:abc:R> <t:1:Q>"},
	}
	for _, tt := range tests {
		if got := Markup(tt.in, fakeNames{}, now); got != tt.want {
			t.Errorf("Markup(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Markup("<@1>", nil, now); got != "<@1>" {
		t.Errorf("without names: %q", got)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestRenderWithGolden(t *testing.T) {
	ts := itoa(now.Add(7 * 24 * time.Hour).Unix())
	m := &discordgo.Message{Author: &discordgo.User{Username: "cogd"}, Content: "<@&2>: <@1> was banned until <t:" + ts + ":f> (<t:" + ts + ":R>).",
		Embeds: []*discordgo.MessageEmbed{{Title: "Case 4 · ban", Description: "<@1> in <#3>",
			Fields: []*discordgo.MessageEmbedField{{Name: "Until", Value: "<t:" + ts + ":R>"}}}}}
	golden.Assert(t, filepath.Join("testdata", "markup.golden"), []byte(RenderWith(m, fakeNames{}, now)), *update)
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []token
	}{
		{`member:bob reason:"too loud" 3`, []token{{key: "member", value: "bob"}, {key: "reason", value: "too loud", quoted: true}, {value: "3"}}},
		{`prefix set prefix:?`, []token{{value: "prefix"}, {value: "set"}, {key: "prefix", value: "?"}}},
		{`url:http://x "say \"hi\""`, []token{{key: "url", value: "http://x"}, {value: `say "hi"`, quoted: true}}},
		{`Bad:key`, []token{{value: "Bad:key"}}},
		{``, nil},
	}
	for _, tt := range tests {
		got, err := tokenize(tt.in)
		if err != nil || len(got) != len(tt.want) {
			t.Errorf("tokenize(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("tokenize(%q)[%d] = %+v, want %+v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
	if _, err := tokenize(`reason:"open`); err == nil || !strings.Contains(err.Error(), `unterminated quote in "open`) {
		t.Errorf("unterminated quote: %v", err)
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{`a:b "c d" e`, `x:"\"`, `:::`, `"`, `k:"v\\"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks, err := tokenize(s)
		if err != nil {
			return
		}
		for _, tk := range toks {
			if tk.key != "" && !optionKey.MatchString(tk.key) {
				t.Fatalf("key %q is not an option name", tk.key)
			}
			if !tk.quoted && strings.ContainsAny(tk.value, " \t") {
				t.Fatalf("unquoted value %q has a space", tk.value)
			}
		}
	})
}
