// Package demo is the line console of `cogd demo`: every line typed is a
// message in #general of the emulator's demo guild (or, when it names one
// of the bot's slash commands, an interaction), and the bot's answers are
// printed as text.
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

// answerTimeout bounds the wait for the bot's answer to one line.
const answerTimeout = 35 * time.Second

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
	// Now is the clock timestamps are shown against (time.Now when nil).
	Now func() time.Time

	users   map[string]string // username → user ID, everyone the console knows
	current string
	rest    *discordgo.Session // asks the emulator who is a member
	shown   map[string]bool    // interaction replies already printed
	botName string
}

// Run plays lines until /quit, the end of input, or ctx ends (Ctrl-C, or
// the bot stopping); those all return nil.
func (c *Console) Run(ctx context.Context) error {
	if err := c.init(); err != nil {
		return err
	}
	defer c.rest.Client.CloseIdleConnections()
	c.banner()
	lines, readErr := c.read(ctx)
	for c.prompt(); ; c.prompt() {
		select {
		case <-ctx.Done():
			fmt.Fprintln(c.Out)
			c.flush(0)
			return nil
		case text, ok := <-lines:
			if !ok {
				fmt.Fprintln(c.Out)
				return <-readErr
			}
			if quit, err := c.line(ctx, strings.TrimRight(text, "\r")); quit || err != nil {
				return err
			}
		}
	}
}

func (c *Console) init() error {
	if c.Now == nil {
		c.Now = time.Now
	}
	c.users = map[string]string{"you": c.World.Owner, "mod": c.World.Moderator, "alice": c.World.Alice, "bob": c.World.Bob}
	c.current, c.shown, c.botName = c.World.Owner, map[string]bool{}, "cogd"
	rest, err := c.Server.NewSession(0)
	if err != nil {
		return fmt.Errorf("demo console: %w", err)
	}
	c.rest = rest
	return nil
}

// read delivers the input's lines until it ends or ctx does; the error
// channel has the scanner's error once lines is closed.
func (c *Console) read(ctx context.Context) (<-chan string, <-chan error) {
	lines, errc := make(chan string), make(chan error, 1)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(c.In)
		sc.Buffer(make([]byte, 64*1024), 64*1024)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				errc <- nil
				return
			}
		}
		errc <- sc.Err()
	}()
	return lines, errc
}

func (c *Console) banner() {
	fmt.Fprintf(c.Out, "cogd demo — you are %q in #general of \"Demo Server\". Type !help for the bot's commands, /help for the console's.\n", c.name(c.current))
	fmt.Fprintln(c.Out, "Console commands: /as <user>, /join <name>, /users, /help, /quit (Ctrl-C quits too)")
}

func (c *Console) prompt() { fmt.Fprintf(c.Out, "%s> ", c.name(c.current)) }

// consoleHelp is what /help prints.
const consoleHelp = `Console commands:
  /as <user>     speak as another user (you, mod, alice, bob, or anyone who joined)
  /join <name>   add a user to Demo Server (a new one, or one who was kicked)
  /users         who is in Demo Server
  /help          this list
  /quit          end the demo (Ctrl-C and the bot's !shutdown end it too)
Any other line is a message in #general, or, when it starts with / and names one
of the bot's slash commands, that slash command: /ping, /warn member:bob reason:"too loud",
/config prefix set prefix:? (subcommands as words, options as name:value).
Console commands win over slash commands of the same name.`

// line handles one input line; quit is true after /quit.
func (c *Console) line(ctx context.Context, text string) (quit bool, err error) {
	trimmed := strings.TrimSpace(text)
	cmd, arg, _ := strings.Cut(trimmed, " ")
	switch cmd {
	case "":
		return false, nil
	case "/quit", "/exit":
		return true, nil
	case "/as":
		c.switchUser(strings.TrimSpace(arg))
	case "/join":
		c.join(ctx, strings.TrimSpace(arg))
	case "/users":
		c.listUsers(ctx)
	case "/help":
		c.help()
	default:
		if strings.HasPrefix(trimmed, "/") {
			c.slash(ctx, trimmed)
			return false, nil
		}
		return false, c.say(ctx, text)
	}
	return false, nil
}

func (c *Console) help() {
	fmt.Fprintln(c.Out, consoleHelp)
	if names := c.slashNames(); len(names) > 0 {
		fmt.Fprintf(c.Out, "The bot's slash commands: /%s\n", strings.Join(names, ", /"))
	} else {
		fmt.Fprintln(c.Out, "The bot has registered no slash commands.")
	}
}

func (c *Console) switchUser(name string) {
	id, ok := c.users[strings.ToLower(name)]
	if !ok {
		fmt.Fprintf(c.Out, "no user %q (try /users, or /join %s)\n", name, name)
		return
	}
	c.current = id
	fmt.Fprintf(c.Out, "you are now %s\n", strings.ToLower(name))
}

// membership is where a known user stands with the demo guild.
type membership int

const (
	member membership = iota
	left
	banned
)

// status asks the emulator whether id is a member, as Discord would answer.
func (c *Console) status(ctx context.Context, id string) membership {
	if _, ok := c.Server.Ban(c.World.Guild, id); ok {
		return banned
	}
	if _, err := c.rest.GuildMember(c.World.Guild, id, discordgo.WithContext(ctx)); err != nil {
		return left
	}
	return member
}

func (c *Console) join(ctx context.Context, name string) {
	name = strings.ToLower(name)
	if name == "" || strings.ContainsAny(name, " @#:`") {
		fmt.Fprintln(c.Out, "usage: /join <name> (one word, no @ # : `)")
		return
	}
	id, known := c.users[name]
	if known {
		switch c.status(ctx, id) {
		case member:
			fmt.Fprintf(c.Out, "%s is already here\n", name)
			return
		case banned:
			fmt.Fprintf(c.Out, "%s is banned from Demo Server (unban them first: !unban %s)\n", name, name)
			return
		}
	} else {
		id = c.Server.AddUser(discordtest.User{Username: name})
		c.users[name] = id
	}
	c.Server.AddMember(c.World.Guild, id, nil, "")
	fmt.Fprintf(c.Out, "%s joined Demo Server\n", name)
	c.flush(500 * time.Millisecond)
}

func (c *Console) listUsers(ctx context.Context) {
	var in, out []string
	for n, id := range c.users {
		switch c.status(ctx, id) {
		case member:
			in = append(in, n)
		case banned:
			out = append(out, n+" (banned)")
		default:
			out = append(out, n)
		}
	}
	sort.Strings(in)
	sort.Strings(out)
	fmt.Fprintf(c.Out, "users: %s\n", strings.Join(in, ", "))
	if len(out) > 0 {
		fmt.Fprintf(c.Out, "not in Demo Server: %s (/join <name> brings one back)\n", strings.Join(out, ", "))
	}
}

// say posts text as the current user and prints what the bot answers.
func (c *Console) say(ctx context.Context, text string) error {
	m, err := c.Server.SendMessage(c.World.General, c.current, text)
	if err != nil {
		fmt.Fprintf(c.Out, "(not sent: %v)\n", err)
		return nil
	}
	wait, cancel := context.WithTimeout(ctx, answerTimeout)
	defer cancel()
	if err := c.Handled(wait, m.ID); err != nil && ctx.Err() == nil {
		fmt.Fprintf(c.Out, "(the bot did not answer within %s: %v)\n", answerTimeout, err)
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
		case m, ok := <-c.Replies:
			if !ok {
				return
			}
			c.print(m)
			continue
		default:
		}
		if grace == 0 {
			return
		}
		select {
		case m, ok := <-c.Replies:
			if !ok {
				return
			}
			c.print(m)
		case <-timer.C:
			return
		}
	}
}

func (c *Console) print(m *discordgo.Message) {
	if c.shown[m.ID] {
		delete(c.shown, m.ID) // an interaction reply, printed already
		return
	}
	if m.Author != nil && m.Author.Username != "" {
		c.botName = m.Author.Username
	}
	where := ""
	if m.ChannelID != c.World.General {
		where = "[" + c.channelLabel(m.ChannelID) + "] "
	}
	fmt.Fprint(c.Out, where+RenderWith(m, names{c}, c.Now()))
}

// channelLabel names a channel the bot wrote to: #welcome, #modlog, or
// "DM to bob".
func (c *Console) channelLabel(id string) string {
	if n := (names{c}).Channel(id); n != "" {
		return "#" + n
	}
	for n, uid := range c.users {
		if c.Server.DMChannel(uid) == id {
			return "DM to " + n
		}
	}
	return "channel " + id
}

func (c *Console) name(id string) string {
	for n, uid := range c.users {
		if uid == id {
			return n
		}
	}
	return id
}

// names resolves mentions for the renderer from the console's world.
type names struct{ c *Console }

func (n names) User(id string) string {
	if name := n.c.name(id); name != id {
		return name
	}
	if id == n.c.Server.BotID() {
		return n.c.botName
	}
	return ""
}

func (n names) Role(id string) string {
	r, ok := n.c.Server.Role(n.c.World.Guild, id)
	if !ok {
		return ""
	}
	return r.Name
}

func (n names) Channel(id string) string {
	switch id {
	case n.c.World.General:
		return "general"
	case n.c.World.Welcome:
		return "welcome"
	case n.c.World.Modlog:
		return "modlog"
	}
	return ""
}
