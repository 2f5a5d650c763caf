package command

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

func nop(context.Context, *Context) error { return nil }

func sampleGroups() []Group {
	return []Group{
		{Name: "Moderation", Description: "Keep order.", Commands: []*Command{
			warnCommand(),
			{Name: "ban", Aliases: []string{"b"}, Run: nop},
			{Name: "warnings", Aliases: []string{"warns"}, Subcommands: []*Command{
				{Name: "list", Aliases: []string{"ls"}, Run: nop},
				{Name: "clear", Run: nop, Subcommands: []*Command{{Name: "all", Run: nop}}},
			}},
		}},
		{Name: "Utility", Commands: []*Command{
			{Name: "ping", Run: nop},
			{Name: "Weather", Aliases: []string{"wttr"}, Run: nop},
			{Name: "secret", Hidden: true, Run: nop},
		}},
	}
}

func TestNewTableRejects(t *testing.T) {
	tests := []struct {
		name   string
		groups []Group
		want   string
	}{
		{"duplicate across groups", []Group{
			{Name: "A", Commands: []*Command{{Name: "ping", Run: nop}}},
			{Name: "B", Commands: []*Command{{Name: "x", Aliases: []string{"PING"}, Run: nop}}},
		}, `"PING" of B/x clashes with A/ping`},
		{"duplicate alias in group", []Group{{Name: "A", Commands: []*Command{
			{Name: "a", Aliases: []string{"z"}, Run: nop}, {Name: "b", Aliases: []string{"Z"}, Run: nop}}}},
			`"Z" of A/b clashes with A/a`},
		{"duplicate subcommands", []Group{{Name: "A", Commands: []*Command{{Name: "p", Subcommands: []*Command{
			{Name: "x", Run: nop}, {Name: "y", Aliases: []string{"x"}, Run: nop}}}}}},
			`"x" of A/p y clashes with A/p x`},
		{"name with space", []Group{{Name: "A", Commands: []*Command{{Name: "a b", Run: nop}}}}, `bad name`},
		{"no run", []Group{{Name: "A", Commands: []*Command{{Name: "a"}}}}, `no Run`},
		{"rest not last", []Group{{Name: "A", Commands: []*Command{{Name: "a", Run: nop,
			Params: []Param{String("r", "").Rest(), Int("n", "")}}}}}, `must be last`},
		{"duplicate param", []Group{{Name: "A", Commands: []*Command{{Name: "a", Run: nop,
			Params: []Param{String("r", ""), Int("r", "")}}}}}, `duplicated`},
		{"duplicate group", []Group{{Name: "A"}, {Name: "a"}}, `group name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewTable(tt.groups)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("NewTable error = %v; want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestTableFind(t *testing.T) {
	tbl := mustTable(t, sampleGroups()...)
	tests := []struct{ in, want string }{
		{"warn", "warn"}, {"WARN", "warn"}, {"b", "ban"}, {"weather", "Weather"}, {"WTTR", "Weather"},
		{"nope", ""}, {"", ""}, {"list", ""}, {strings.Repeat("W", 100), ""},
	}
	for _, tt := range tests {
		got := ""
		if c := tbl.Find(tt.in); c != nil {
			got = c.Name
		}
		if got != tt.want {
			t.Errorf("Find(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if c := tbl.Find("warn"); c.Cog() != "Moderation" {
		t.Errorf("Cog() = %q", c.Cog())
	}
}

func TestTableFindUnicodeFold(t *testing.T) {
	tbl := mustTable(t, Group{Name: "G", Commands: []*Command{{Name: "größe", Aliases: []string{"ÜBER"}, Run: nop}}})
	for _, in := range []string{"größe", "GRÖSSE", "Größe", "über", "ÜbEr"} {
		c := tbl.Find(in)
		if (c != nil) != (in != "GRÖSSE") {
			t.Errorf("Find(%q) = %v", in, c)
		}
	}
}

func TestTableResolve(t *testing.T) {
	tbl := mustTable(t, sampleGroups()...)
	tests := []struct{ args, cmd, rest string }{
		{"list 2", "warnings list", "2"},
		{"  LS   @bob x", "warnings list", "@bob x"},
		{"clear all now", "warnings clear all", "now"},
		{"clear", "warnings clear", ""},
		{"other words", "warnings", "other words"},
		{"", "warnings", ""},
	}
	for _, tt := range tests {
		cmd, rest := tbl.Resolve(tbl.Find("warnings"), tt.args)
		if cmd.QualifiedName() != tt.cmd || rest != tt.rest {
			t.Errorf("Resolve(%q) = %q, %q; want %q, %q", tt.args, cmd.QualifiedName(), rest, tt.cmd, tt.rest)
		}
	}
	if cmd, rest := tbl.Resolve(tbl.Find("ping"), " x"); cmd.Name != "ping" || rest != " x" {
		t.Errorf("Resolve without subcommands changed %q, %q", cmd.Name, rest)
	}
}

func TestTableSuggest(t *testing.T) {
	tbl := mustTable(t, sampleGroups()...)
	tests := []struct {
		in   string
		want []string
	}{
		{"wran", []string{"warn"}},
		{"pign", []string{"ping"}},
		{"warnigns", []string{"warnings"}},
		{"secrte", []string{}},
		{"zzzzzz", []string{}},
		{"WEATHR", []string{"weather"}},
		{"bn", []string{"ban"}},
		{"wrn", []string{"warn"}},
	}
	for _, tt := range tests {
		if got := tbl.Suggest(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Suggest(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"abc", "abc", 0}, {"abc", "acb", 1}, {"kitten", "sitting", 3}, {"ca", "abc", 3}, {"héllo", "hello", 1},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, 10); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestUsage(t *testing.T) {
	tbl := mustTable(t, sampleGroups()...)
	greedy := &Command{Name: "roles", Params: []Param{Role("roles", "").Greedy(), Duration("for", "").Optional(90 * 60e9), Member("who", "").Optional(nil)}}
	tests := []struct {
		cmd  *Command
		want string
	}{
		{tbl.Find("warn"), "!warn <member> [points=1] [reason…]"},
		{tbl.Find("warnings"), "!warnings <list|clear>"},
		{tbl.Find("warnings").Subcommands[0], "!warnings list"},
		{greedy, "!roles <roles…> [for=1h30m] [who]"},
	}
	for _, tt := range tests {
		if got := tt.cmd.Usage("!"); got != tt.want {
			t.Errorf("Usage = %q; want %q", got, tt.want)
		}
	}
}

func TestTableCopiesCommands(t *testing.T) {
	groups := sampleGroups()
	tbl := mustTable(t, groups...)
	if tbl.Find("warn") == groups[0].Commands[0] {
		t.Error("table shares the caller's command")
	}
	if groups[0].Commands[0].Cog() != "" {
		t.Error("NewTable modified the caller's command")
	}
	sub := tbl.Find("warnings").Subcommands[1].Subcommands[0]
	if sub.Parent().Parent() != tbl.Find("warnings") {
		t.Error("parent chain does not lead to the table's command")
	}
	if len(tbl.Groups()) != 2 || len(tbl.Commands()) != 6 {
		t.Errorf("Groups/Commands = %d/%d", len(tbl.Groups()), len(tbl.Commands()))
	}
	if g, ok := tbl.Group("utility"); !ok || g.Name != "Utility" {
		t.Error("Group lookup failed")
	}
}
