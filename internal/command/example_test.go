package command

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// A cog declares a command with typed parameters and reads them back typed.
func ExampleCommand() {
	points := Int("points", "how many points").Optional(1).Min(1).Max(10)
	warn := &Command{
		Name:        "warn",
		Description: "Warn a member.",
		Examples:    []string{"warn @alice 2 spamming"},
		Params: []Param{
			Member("member", "who to warn"),
			points,
			String("reason", "why").Optional("").Rest(),
		},
		GuildOnly: true,
		Run: func(ctx context.Context, c *Context) error {
			return c.Reply(ctx, fmt.Sprintf("warned %s +%d: %s", c.Member("member").User.Username, points.Get(c), c.String("reason")))
		},
	}
	table, err := NewTable([]Group{{Name: "Moderation", Commands: []*Command{warn}}})
	if err != nil {
		panic(err)
	}
	cmd := table.Find("WARN")
	fmt.Println(cmd.Usage("!"))

	f := newFake()
	f.addMember(&discordgo.Member{User: &discordgo.User{ID: aliceID, Username: "alice"}})
	c := newContext(f, cmd, testUser(bobID, "bob"), `alice spamming "links"`)
	if err := Prepare(cmd)(context.Background(), c); err != nil {
		fmt.Println(err)
	}
	fmt.Println(f.sent[0].Content)

	c.RawArgs = "alice 11"
	fmt.Println(Prepare(cmd)(context.Background(), c))
	// Output:
	// !warn <member> [points=1] [reason…]
	// warned alice +1: spamming "links"
	// Bad value for points: “11” is out of range (1 to 10).
}

// Split keeps smart-quoted phrases together and apostrophes inside words.
func ExampleSplit() {
	args, _ := Split(`ban “Bad Actor” 7d I don’t like \"spam\"`)
	fmt.Printf("%q\n", args)
	_, err := Split(`say "unfinished`)
	fmt.Println(err)
	// Output:
	// ["ban" "Bad Actor" "7d" "I" "don’t" "like" "\"spam\""]
	// Unclosed quote: “"unfinished” is never closed — add a closing " or remove the opening one.
}
