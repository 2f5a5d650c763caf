package moderation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
	"cogd/internal/fakeclock"
)

var epoch = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// userMessage is the text a ticket refusal shows.
func userMessage(err error) string {
	var ue interface{ UserMessage() string }
	if errors.As(err, &ue) {
		return ue.UserMessage()
	}
	return fmt.Sprint(err)
}

func TestTickets(t *testing.T) {
	t.Parallel()
	clock := fakeclock.New(epoch)
	tk := newTickets[string](clock.Now, time.Minute, "confirm", "Too late.")
	code, expires := tk.add("g", "mod", "purge")
	if !expires.Equal(epoch.Add(time.Minute)) || len(code) != codeLength || strings.Trim(code, codeAlphabet) != "" {
		t.Fatalf("code %q expires %v", code, expires)
	}
	for _, tt := range []struct{ guild, mod, code, want string }{
		{"other", "mod", code, "There is nothing to confirm with code " + code + "."},
		{"g", "mod2", code, "Only the moderator who started it can confirm " + code + "."},
		{"g", "mod", "NOPE42", "There is nothing to confirm with code NOPE42."},
	} {
		if _, err := tk.take(tt.guild, tt.mod, tt.code); userMessage(err) != tt.want {
			t.Errorf("take(%s, %s, %s) = %q, want %q", tt.guild, tt.mod, tt.code, userMessage(err), tt.want)
		}
	}
	clock.Advance(time.Minute)
	if v, err := tk.take("g", "mod", " "+strings.ToLower(code)+" "); err != nil || v != "purge" {
		t.Fatalf("take at the deadline = %q, %v", v, err)
	}
	code, _ = tk.add("g", "mod", "late")
	clock.Advance(time.Minute + time.Second)
	if _, err := tk.take("g", "mod", code); userMessage(err) != "Code "+code+" expired. Too late." {
		t.Fatalf("expired = %q", userMessage(err))
	}
}

func TestTicketsForgetLongExpiredAndStayBounded(t *testing.T) {
	t.Parallel()
	clock := fakeclock.New(epoch)
	tk := newTickets[int](clock.Now, time.Minute, "undo", "Too late.")
	old, _ := tk.add("g", "mod", 0)
	clock.Advance(2*time.Minute + time.Second)
	tk.add("g", "mod", 1)
	if _, err := tk.take("g", "mod", old); !strings.HasPrefix(userMessage(err), "There is nothing") {
		t.Fatalf("long expired = %q, want forgotten", userMessage(err))
	}
	first, _ := tk.add("g", "mod", 2)
	clock.Advance(time.Second)
	for i := range maxTickets {
		tk.add("g", "mod", 3+i)
	}
	if n := len(tk.items); n != maxTickets {
		t.Fatalf("%d tickets, want at most %d", n, maxTickets)
	}
	if _, err := tk.take("g", "mod", first); err == nil {
		t.Fatal("the ticket expiring first was kept in a full store")
	}
}

// previewPlans are the previews rendered in golden files.
func previewPlans() map[string]*discordgo.MessageEmbed {
	mod := &discordgo.User{ID: "100000000000000001", Username: "mod"}
	msg := func(id, author string, at time.Duration) *discordgo.Message {
		return &discordgo.Message{ID: id, Author: &discordgo.User{ID: "2000" + author, Username: author}, Timestamp: epoch.Add(at), Content: "hi"}
	}
	purge := &purgePlan{guildID: "g", channelID: "300000000000000001", channelName: "#general", moderator: mod,
		scan: purgeScan{msgs: []*discordgo.Message{msg("5", "bob", 4*time.Minute), msg("4", "alice", 3*time.Minute),
			msg("3", "bob", 2*time.Minute), msg("2", "alice", time.Minute), msg("1", "alice", 0)}, pinned: 1, old: 2}}
	mass := &massbanPlan{guildID: "g", moderator: mod, reason: "raid **wave** @everyone",
		ban: []*discordgo.User{{ID: "400000000000000001", Username: "spam1"}, {ID: "400000000000000002", Username: "spam_2"}},
		skipped: []skippedUser{{userLabel(&discordgo.User{Username: "robot"}, "400000000000000003"), "a bot"},
			{userLabel(nil, "400000000000000004"), "unknown user"}}}
	return map[string]*discordgo.MessageEmbed{
		"preview_purge.json": purge.preview(), "preview_massban.json": mass.preview(),
		"preview_massban_nobody.json": (&massbanPlan{skipped: mass.skipped}).preview(),
	}
}

func TestPreviewGolden(t *testing.T) {
	t.Parallel()
	for name, e := range previewPlans() {
		t.Run(name, func(t *testing.T) {
			if n := command.EmbedLength(e); n > command.EmbedTotalLimit {
				t.Errorf("%d characters", n)
			}
			assertGolden(t, name, indentJSON(t, e))
		})
	}
}

func TestMassbanPreviewBoundsLongLists(t *testing.T) {
	t.Parallel()
	p := &massbanPlan{}
	for i := range maxMassban {
		p.ban = append(p.ban, &discordgo.User{ID: fmt.Sprintf("4%017d", i), Username: strings.Repeat("x", 32)})
	}
	e := p.preview()
	if n := command.EmbedLength(e); n > command.EmbedTotalLimit || !strings.HasSuffix(e.Fields[0].Value, "more") || strings.HasSuffix(e.Fields[0].Value, "…") {
		t.Fatalf("%d characters, list ends %q", n, e.Fields[0].Value[len(e.Fields[0].Value)-20:])
	}
}

func TestCaseList(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   []int64
		want string
	}{
		{[]int64{5}, "case #5"},
		{[]int64{5, 6, 7}, "cases #5–#7"},
		{[]int64{5, 7, 9}, "cases #5, #7, #9"},
	} {
		if got := caseList(tt.in); got != tt.want {
			t.Errorf("caseList(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseCaseSearch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		words   string
		who     string
		actions []modstore.Action
		since   time.Duration
		page    int
		err     string
	}{
		{"", "", nil, 0, 1, ""},
		{"bob", "bob", nil, 0, 1, ""},
		{"bob ban 30d page:2", "bob", []modstore.Action{modstore.ActionBan}, 30 * 24 * time.Hour, 2, ""},
		{"bob 2", "bob", nil, 0, 2, ""},
		{"Kicks mutes since:1w", "", []modstore.Action{modstore.ActionKick, modstore.ActionTimeout}, 7 * 24 * time.Hour, 1, ""},
		{`"bob the builder" warn`, "bob the builder", []modstore.Action{modstore.ActionWarn}, 0, 1, ""},
		{"123456789012345678", "123456789012345678", nil, 0, 1, ""},
		{"bob eve", "", nil, 0, 0, "Give one member, not both bob and eve (quote a name with spaces)."},
		{"1d 1w", "", nil, 0, 0, "Give one duration, not both 1d and 1w."},
		{"page:0", "", nil, 0, 0, "page:0 is not a page number (page:2) or a duration (since:30d)."},
		{"since:soon", "", nil, 0, 0, "since:soon is not a page number (page:2) or a duration (since:30d)."},
	}
	for _, tt := range tests {
		words, err := command.Split(tt.words)
		if err != nil {
			t.Fatal(err)
		}
		got, err := parseCaseSearch(words)
		if tt.err != "" {
			if userMessage(err) != tt.err {
				t.Errorf("%q: error %q, want %q", tt.words, userMessage(err), tt.err)
			}
			continue
		}
		if err != nil || got.who != tt.who || !slices.Equal(got.actions, tt.actions) || got.since != tt.since || got.page != tt.page {
			t.Errorf("%q = %+v, %v", tt.words, got, err)
		}
	}
}

func TestParseCaseNumber(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"4": 4, "#4": 4, "#12": 12, "#": 0, "#-1": 0, "+4": 0, "#+4": 0, "x": 0, "0": 0, "##4": 0} {
		got, err := parseCaseNumber(context.Background(), nil, in)
		if got != want || (want == 0) != (err != nil) {
			t.Errorf("parseCaseNumber(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

func FuzzParseCaseSearch(f *testing.F) {
	for _, s := range []string{"bob ban 30d page:2", "bob 2", `"a b" kicks since:1w`, "page:", "since:", "9999 10000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words, err := command.Split(s)
		if err != nil {
			return
		}
		q, err := parseCaseSearch(words)
		if err != nil {
			if userMessage(err) == fmt.Sprint(err) && !strings.Contains(fmt.Sprint(err), " ") {
				t.Fatalf("%q: error without a message: %v", s, err)
			}
			return
		}
		if q.page < 1 || q.page > maxCasePage || q.since < 0 {
			t.Fatalf("%q: page %d, since %v", s, q.page, q.since)
		}
		for _, a := range q.actions {
			if !a.Valid() {
				t.Fatalf("%q: action %q", s, a)
			}
		}
	})
}

func FuzzParseCaseNumber(f *testing.F) {
	for _, s := range []string{"4", "#4", "#", "-1", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseCaseNumber(context.Background(), nil, s)
		if (err == nil) != (n >= 1) {
			t.Fatalf("%q = %d, %v", s, n, err)
		}
	})
}

func TestUserMentionID(t *testing.T) {
	t.Parallel()
	const id = "123456789012345678"
	for in, want := range map[string]string{id: id, "<@" + id + ">": id, "<@!" + id + ">": id,
		"<@&" + id + ">": "", "<@" + id: "", "!" + id: "", id + ">": "", "12345": "", "bob": "", "<@bob>": ""} {
		got, ok := userMentionID(in)
		if got != want || ok != (want != "") {
			t.Errorf("userMentionID(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
