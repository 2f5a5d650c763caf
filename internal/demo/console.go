// Package demo is the line console of `cogd demo`: every line typed is a
// message in #general of the emulator's demo guild, and the bot's answers
// are printed as text.
package demo

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/discordtest"
)

// Console reads lines and plays them as messages in the demo guild.
type Console struct {
	Server  *discordtest.Server
	World   discordtest.Demo
	In      io.Reader
	Out     io.Writer
	Replies <-chan *discordgo.Message // the bot's messages (Server.Subscribe)
	// Handled waits until the bot has taken message id and finished every
	// command it started.
	Handled func(ctx context.Context, id string) error
	users   map[string]string // username → user ID
	current string
}

// Run plays lines until /quit or the end of input.
func (c *Console) Run(ctx context.Context) error {
	c.users = map[string]string{"you": c.World.Owner, "mod": c.World.Moderator, "alice": c.World.Alice, "bob": c.World.Bob}
	c.current = c.World.Owner
	c.banner()
	sc := bufio.NewScanner(c.In)
	sc.Buffer(make([]byte, 64*1024), 64*1024)
	for c.prompt(); sc.Scan(); c.prompt() {
		if quit, err := c.line(ctx, strings.TrimRight(sc.Text(), "\r")); quit || err != nil {
			return err
		}
	}
	fmt.Fprintln(c.Out)
	return sc.Err()
}

func (c *Console) banner() {
	fmt.Fprintf(c.Out, "cogd demo — you are %q in #general of \"Demo Server\". Type !help.\n", c.name(c.current))
	fmt.Fprintln(c.Out, "Console commands: /as <user> (you, mod, alice, bob, …), /join <name>, /users, /quit")
}

func (c *Console) prompt() { fmt.Fprintf(c.Out, "%s> ", c.name(c.current)) }

// line handles one input line; quit is true after /quit.
func (c *Console) line(ctx context.Context, text string) (quit bool, err error) {
	switch cmd, arg, _ := strings.Cut(strings.TrimSpace(text), " "); cmd {
	case "":
		return false, nil
	case "/quit", "/exit":
		return true, nil
	case "/as":
		c.switchUser(strings.TrimSpace(arg))
	case "/join":
		c.join(strings.TrimSpace(arg))
	case "/users":
		c.listUsers()
	default:
		return false, c.say(ctx, text)
	}
	return false, nil
}

func (c *Console) switchUser(name string) {
	id, ok := c.users[strings.ToLower(name)]
	if !ok {
		fmt.Fprintf(c.Out, "no user %q (try /users, or /join %s)\n", name, name)
		return
	}
	c.current = id
	fmt.Fprintf(c.Out, "you are now %s\n", name)
}

func (c *Console) join(name string) {
	name = strings.ToLower(name)
	if name == "" || strings.ContainsAny(name, " @#:`") {
		fmt.Fprintln(c.Out, "usage: /join <name> (one word, no @ # : `)")
		return
	}
	if _, ok := c.users[name]; ok {
		fmt.Fprintf(c.Out, "%s is already here\n", name)
		return
	}
	id := c.Server.AddUser(discordtest.User{Username: name})
	c.Server.AddMember(c.World.Guild, id, nil, "")
	c.users[name] = id
	fmt.Fprintf(c.Out, "%s joined Demo Server\n", name)
	c.flush(500 * time.Millisecond)
}

func (c *Console) listUsers() {
	names := make([]string, 0, len(c.users))
	for n := range c.users {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(c.Out, "users: %s\n", strings.Join(names, ", "))
}

// say posts text as the current user and prints what the bot answers.
func (c *Console) say(ctx context.Context, text string) error {
	m, err := c.Server.SendMessage(c.World.General, c.current, text)
	if err != nil {
		fmt.Fprintf(c.Out, "(not sent: %v)\n", err)
		return nil
	}
	wait, cancel := context.WithTimeout(ctx, 35*time.Second)
	defer cancel()
	if err := c.Handled(wait, m.ID); err != nil {
		fmt.Fprintf(c.Out, "(the bot did not answer in time: %v)\n", err)
	}
	c.flush(0)
	return nil
}

// flush prints the replies that have arrived, waiting up to grace for the
// first one.
func (c *Console) flush(grace time.Duration) {
	timer := time.NewTimer(grace)
	defer timer.Stop()
	for {
		select {
		case m := <-c.Replies:
			c.print(m)
			continue
		default:
		}
		if grace == 0 {
			return
		}
		select {
		case m := <-c.Replies:
			c.print(m)
		case <-timer.C:
			return
		}
	}
}

func (c *Console) print(m *discordgo.Message) {
	where := ""
	if m.ChannelID != c.World.General {
		where = "[" + c.channelName(m.ChannelID) + "] "
	}
	fmt.Fprint(c.Out, where+Render(m))
}

func (c *Console) channelName(id string) string {
	switch id {
	case c.World.Welcome:
		return "#welcome"
	case c.World.Modlog:
		return "#modlog"
	}
	return "DM " + id
}

func (c *Console) name(id string) string {
	for n, uid := range c.users {
		if uid == id {
			return n
		}
	}
	return id
}
