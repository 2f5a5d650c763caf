package command

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

const (
	aliceID = "410000000000000001"
	alanID  = "410000000000000002"
	bobID   = "410000000000000003"
)

// peopleFake is the test guild with members alice, alan and bob.
func peopleFake() *fakeDiscord {
	f := newFake()
	f.addMember(&discordgo.Member{User: &discordgo.User{ID: aliceID, Username: "alice", GlobalName: "Alice A"}, Nick: "Ally"})
	f.addMember(&discordgo.Member{User: &discordgo.User{ID: alanID, Username: "alan"}})
	f.addMember(&discordgo.Member{User: &discordgo.User{ID: bobID, Username: "bob"}, Nick: "Bobby"})
	return f
}

// describeArgs renders parsed values for comparison: name=value, with a
// trailing * when the user gave the value.
func describeArgs(c *Context) string {
	var parts []string
	for _, a := range c.args {
		v := a.value
		switch x := v.(type) {
		case *discordgo.Member:
			v = "<nil>"
			if x != nil {
				v = x.User.Username
			}
		case *discordgo.User:
			v = x.Username
		case *discordgo.Role:
			v = x.Name
		case *discordgo.Channel:
			v = "#" + x.Name
		case string:
			v = fmt.Sprintf("%q", x)
		}
		mark := ""
		if a.given {
			mark = "*"
		}
		parts = append(parts, fmt.Sprintf("%s=%v%s", a.name, v, mark))
	}
	return strings.Join(parts, " ")
}

func warnCommand() *Command {
	return &Command{Name: "warn", Params: []Param{
		Member("member", "who"),
		Int("points", "how many").Optional(1).Min(1).Max(10),
		String("reason", "why").Optional("").Rest(),
	}, Run: func(context.Context, *Context) error { return nil }}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, args, want string
		params           []Param
	}{
		{"all given", "<@410000000000000001> 2 spamming links", `member=alice* points=2* reason="spamming links"*`, nil},
		{"optional skipped", "alice spamming", `member=alice* points=1 reason="spamming"*`, nil},
		{"defaults", "<@!410000000000000003>", `member=bob* points=1 reason=""`, nil},
		{"rest keeps inner quotes", `bob 3 he said "hi  there"  `, `member=bob* points=3* reason="he said \"hi  there\""*`, nil},
		{"rest single quoted", `bob 3 "just this"`, `member=bob* points=3* reason="just this"*`, nil},
		{"rest unclosed quote is text", `bob 3 he said "hi`, `member=bob* points=3* reason="he said \"hi"*`, nil},
		{"quoted member name", `"Ally" 2`, `member=alice* points=2* reason=""`, nil},
		{"greedy ints", "1 2 3 x", `ids=[1 2 3]* rest="x"*`, []Param{Int("ids", "").Greedy(), String("rest", "")}},
		{"greedy optional empty", "x", `ids=[] rest="x"*`, []Param{Int("ids", "").Greedy().Optional(0), String("rest", "")}},
		{"bool and duration", "on 1h30m", `flag=true* d=1h30m0s*`, []Param{Bool("flag", ""), Duration("d", "")}},
		{"float", "-2.5", `x=-2.5*`, []Param{Float("x", "")}},
		{"custom", "Red", `c="red"*`, []Param{Custom("c", "", func(_ context.Context, _ *Context, s string) (string, error) {
			return strings.ToLower(s), nil
		})}},
		{"optional member skipped", "50", `who=<nil> n=50*`, []Param{Member("who", "").Optional(nil), Int("n", "")}},
		{"role and channel", "<@&600000000000000001> #general", `role=Mods* ch=#general*`, []Param{Role("role", ""), TextChannel("ch", "")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := peopleFake()
			f.addRole(&discordgo.Role{ID: "600000000000000001", Name: "Mods"})
			cmd := warnCommand()
			if tt.params != nil {
				cmd.Params = tt.params
			}
			c := newContext(f, cmd, testUser(aliceID, "alice"), tt.args)
			if err := Parse(context.Background(), c); err != nil {
				t.Fatalf("Parse(%q): %v", tt.args, err)
			}
			if got := describeArgs(c); got != tt.want {
				t.Errorf("Parse(%q)\n got %s\nwant %s", tt.args, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, args string
		params     []Param
		check      func(error) bool
		msg        string
	}{
		{"missing", "", nil, usageKind(MissingArgument), "Missing argument: member."},
		{"out of range is not skipped", "bob 20 spamming", nil, conversion("points"), "Bad value for points: “20” is out of range (1 to 10)."},
		{"not a member", "<@410000000000000009>", nil, conversion("member"), "Bad value for member: “<@\u200b410000000000000009>” is not a member of this server."},
		{"ambiguous", "al", nil, conversion("member"), "Bad value for member: “al” matches 2 members: Ally (alice), alan."},
		{"too many", "a b c", []Param{String("x", "")}, usageKind(TooManyArguments), "Too many arguments: “b c” was not expected."},
		{"skipped error reported", "bob x", []Param{Member("m", ""), Int("n", "").Optional(1)}, conversion("n"), "Bad value for n: “x” is not a whole number."},
		{"unclosed", `"bob`, nil, usageKind(UnclosedQuote), "Unclosed quote: “\"bob” is never closed — add a closing \" or remove the opening one."},
		{"string too long", "abcdef", []Param{String("s", "").MaxLen(3)}, conversion("s"), "Bad value for s: “abcdef” is too long (at most 3 characters)."},
		{"greedy bound is an error", "1 2 99", []Param{Int("ids", "").Max(10).Greedy()}, conversion("ids"), "Bad value for ids: “99” is out of range (at most 10)."},
		{"greedy required none", "x", []Param{Int("ids", "").Greedy()}, conversion("ids"), "Bad value for ids: “x” is not a whole number."},
		{"duration bound", "2w", []Param{Duration("d", "").Max(7 * 24 * time.Hour)}, conversion("d"), "Bad value for d: “2w” is out of range: must be at most 7 days."},
		{"echo is escaped", "@everyone", []Param{Int("n", "")}, conversion("n"), "Bad value for n: “@\u200beveryone” is not a whole number."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := warnCommand()
			if tt.params != nil {
				cmd.Params = tt.params
			}
			c := newContext(peopleFake(), cmd, testUser(aliceID, "alice"), tt.args)
			err := Parse(context.Background(), c)
			if err == nil || !tt.check(err) {
				t.Fatalf("Parse(%q) = %v (%T)", tt.args, err, err)
			}
			if err.Error() != tt.msg {
				t.Errorf("message\n got %q\nwant %q", err.Error(), tt.msg)
			}
		})
	}
}

func TestParseInternalErrorIsWrapped(t *testing.T) {
	boom := errors.New("boom")
	cmd := &Command{Name: "x", Params: []Param{Custom("c", "", func(context.Context, *Context, string) (int, error) {
		return 0, boom
	})}}
	c := newContext(newFake(), cmd, testUser(aliceID, "alice"), "v")
	err := Parse(context.Background(), c)
	if !errors.Is(err, boom) || isConversion(err) {
		t.Fatalf("err = %v; want boom wrapped, not a ConversionError", err)
	}
}

func TestTypedAccessors(t *testing.T) {
	points := Int("points", "").Optional(1)
	cmd := &Command{Name: "x", Params: []Param{points, Member("m", "").Optional(nil), String("s", "").Optional("").Greedy()}}
	c := newContext(peopleFake(), cmd, testUser(aliceID, "alice"), "")
	if err := Parse(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if v, given := Value[int](c, "points"); v != 1 || given {
		t.Errorf("Value[int] = %d, %v; want default 1, false", v, given)
	}
	if points.Get(c) != 1 || c.Int("points") != 1 || c.Member("m") != nil || c.Has("m") {
		t.Error("typed accessors disagree with defaults")
	}
	if _, ok := Value[string](c, "points"); ok {
		t.Error("Value of the wrong type reported ok")
	}
	c.RawArgs = "3 bob x y"
	if err := Parse(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if points.Get(c) != 3 || c.Member("m").User.ID != bobID || strings.Join(Values[string](c, "s"), ",") != "x,y" {
		t.Errorf("got %s", describeArgs(c))
	}
}

func usageKind(k UsageKind) func(error) bool {
	return func(err error) bool {
		var ue *UsageError
		return errors.As(err, &ue) && ue.Problem == k
	}
}

func conversion(param string) func(error) bool {
	return func(err error) bool {
		var ce *ConversionError
		return errors.As(err, &ce) && ce.Param == param
	}
}
