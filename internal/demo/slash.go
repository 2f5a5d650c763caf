package demo

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/appcmd"
	"cogd/internal/discordtest"
)

// slashNames lists the chat-input commands registered for the demo guild
// and globally, sorted.
func (c *Console) slashNames() []string {
	var out []string
	for _, cmd := range c.commands() {
		if !slices.Contains(out, cmd.Name) {
			out = append(out, cmd.Name)
		}
	}
	slices.Sort(out)
	return out
}

// commands are the chat-input commands a member of the demo guild sees:
// the guild's first (they win), then the global ones.
func (c *Console) commands() []*discordgo.ApplicationCommand {
	var out []*discordgo.ApplicationCommand
	for _, scope := range []string{c.World.Guild, ""} {
		for _, cmd := range c.Server.Commands(scope) {
			if cmd.Type == 0 || cmd.Type == discordgo.ChatApplicationCommand {
				out = append(out, cmd)
			}
		}
	}
	return out
}

func (c *Console) command(name string) *discordgo.ApplicationCommand {
	for _, cmd := range c.commands() {
		if cmd.Name == name {
			return cmd
		}
	}
	return nil
}

// slash sends line (/name words opt:value …) as a slash command and
// prints the reply; a name that is no command is an error line.
func (c *Console) slash(ctx context.Context, line string) {
	name, rest, _ := strings.Cut(strings.TrimPrefix(line, "/"), " ")
	cmd := c.command(name)
	if cmd == nil {
		fmt.Fprintf(c.Out, "(unknown command /%s: not a console command and not one of the bot's slash commands — /help lists both)\n", name)
		return
	}
	opts, err := c.parseOptions(cmd, rest)
	if err != nil {
		fmt.Fprintf(c.Out, "(/%s: %v)\n", name, err)
		return
	}
	wait, cancel := context.WithTimeout(ctx, answerTimeout)
	defer cancel()
	ix, err := c.Server.InvokeSlash(wait, discordtest.Slash{Guild: c.World.Guild, Channel: c.World.General,
		User: c.current, Name: cmd.Name, Options: opts})
	if err != nil {
		fmt.Fprintf(c.Out, "(Discord would not send /%s: %v)\n", name, err)
		return
	}
	resp, err := ix.AwaitReply(wait)
	if err != nil {
		if ctx.Err() == nil {
			fmt.Fprintf(c.Out, "(the bot did not answer /%s within %s)\n", name, answerTimeout)
		}
		return
	}
	c.printResponse(ix, resp)
	c.flush(300 * time.Millisecond) // DMs, modlog entries the command wrote
}

// printResponse prints the reply the user sees; public ones also arrive
// as messages, which print then skips.
func (c *Console) printResponse(ix *discordtest.Interaction, r discordtest.Response) {
	for _, m := range ix.Messages() {
		c.shown[m.ID] = true
	}
	if r.MessageID != "" {
		c.shown[r.MessageID] = true
	}
	switch r.Type {
	case discordgo.InteractionResponseModal:
		fmt.Fprintf(c.Out, "(the bot opened a form %q; the console cannot fill it in)\n", r.Title)
		return
	}
	if r.Ephemeral() {
		fmt.Fprintln(c.Out, "(only you can see this)")
	}
	m := &discordgo.Message{Author: &discordgo.User{Username: c.botName}, Content: r.Content, Embeds: r.Embeds}
	fmt.Fprint(c.Out, RenderWith(m, names{c}, c.Now()))
}

// token is one word of a slash line: key:value, or a bare value.
type token struct {
	key, value string
	quoted     bool
}

// optionKey is the part before ':' that may name an option.
// It is ^[\p{Ll}\p{Lo}\p{N}_-]{1,32}$ as a rune test: the compiled
// regexp would hold 1 MB of heap for the life of the process.
var optionKey = appcmd.RunePattern(func(r rune) bool {
	return r == '_' || r == '-' || unicode.Is(unicode.Ll, r) || unicode.Is(unicode.Lo, r) || unicode.IsNumber(r)
})

// tokenize splits a slash line into words; "double quotes" keep spaces
// (also after key:), \" is a quote inside them.
func tokenize(s string) ([]token, error) {
	var out []token
	for s = strings.TrimLeft(s, " \t"); s != ""; s = strings.TrimLeft(s, " \t") {
		var t token
		if i := strings.IndexAny(s, ": \t\""); i > 0 && s[i] == ':' && optionKey.MatchString(s[:i]) {
			t.key, s = s[:i], s[i+1:]
		}
		if strings.HasPrefix(s, `"`) {
			v, rest, err := quoted(s)
			if err != nil {
				return nil, err
			}
			t.value, t.quoted, s = v, true, rest
		} else {
			end := strings.IndexAny(s, " \t")
			if end < 0 {
				end = len(s)
			}
			t.value, s = s[:end], s[end:]
		}
		out = append(out, t)
	}
	return out, nil
}

// quoted reads a "…" value at the start of s.
func quoted(s string) (value, rest string, err error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\'):
			b.WriteByte(s[i+1])
			i++
		case s[i] == '"':
			return b.String(), s[i+1:], nil
		default:
			b.WriteByte(s[i])
		}
	}
	return "", "", fmt.Errorf("unterminated quote in %s", s)
}

// parseOptions turns the words after the command name into option values
// for cmd's definition: leading words pick subcommand groups and
// subcommands, then name:value pairs fill options by name and bare words
// fill the next option not yet given (words after a string value belong
// to it: reason:too loud).
func (c *Console) parseOptions(cmd *discordgo.ApplicationCommand, rest string) ([]discordtest.Option, error) {
	toks, err := tokenize(rest)
	if err != nil {
		return nil, err
	}
	defs := cmd.Options
	var path []string
	for hasSubcommands(defs) {
		names := subcommandNames(defs)
		if len(toks) == 0 || toks[0].key != "" {
			return nil, fmt.Errorf("say which one: %s", strings.Join(names, ", "))
		}
		i := slices.IndexFunc(defs, func(d *discordgo.ApplicationCommandOption) bool { return d.Name == toks[0].value })
		if i < 0 || !isSubcommand(defs[i]) {
			return nil, fmt.Errorf("no subcommand %q (want %s)", toks[0].value, strings.Join(names, ", "))
		}
		path, defs, toks = append(path, defs[i].Name), defs[i].Options, toks[1:]
	}
	values, err := c.fill(defs, toks)
	if err != nil {
		return nil, err
	}
	for i := len(path) - 1; i >= 0; i-- {
		values = []discordtest.Option{{Name: path[i], Options: values}}
	}
	return values, nil
}

// fill assigns the tokens to the options defs and converts the values.
func (c *Console) fill(defs []*discordgo.ApplicationCommandOption, toks []token) ([]discordtest.Option, error) {
	given := map[string]string{}
	var order []string
	var open string // a string option that takes the following bare words
	for _, t := range toks {
		def := findOption(defs, t.key)
		switch {
		case t.key != "" && def != nil:
		case open != "":
			given[open] += " " + t.key + colon(t.key) + t.value
			continue
		default:
			if def = nextOption(defs, given); def == nil {
				return nil, fmt.Errorf("unexpected %q (options: %s)", t.key+colon(t.key)+t.value, optionList(defs))
			}
			if t.key != "" {
				t.value = t.key + ":" + t.value // a colon in a value, not an option name
			}
		}
		if _, dup := given[def.Name]; dup {
			return nil, fmt.Errorf("option %s given twice", def.Name)
		}
		given[def.Name], order = t.value, append(order, def.Name)
		open = ""
		if def.Type == discordgo.ApplicationCommandOptionString && !t.quoted {
			open = def.Name
		}
	}
	out := make([]discordtest.Option, 0, len(order))
	for _, name := range order {
		def := findOption(defs, name)
		v, err := c.convert(def, given[name])
		if err != nil {
			return nil, fmt.Errorf("option %s: %w", name, err)
		}
		out = append(out, discordtest.Option{Name: name, Value: v})
	}
	for _, d := range defs {
		if _, ok := given[d.Name]; d.Required && !ok {
			return nil, fmt.Errorf("option %s is required (options: %s)", d.Name, optionList(defs))
		}
	}
	return out, nil
}

func colon(key string) string {
	if key == "" {
		return ""
	}
	return ":"
}

// convert turns a typed value into what the option's type wants: numbers,
// booleans, and IDs for users (by console name), roles and channels (by
// name) or mentions.
func (c *Console) convert(def *discordgo.ApplicationCommandOption, v string) (any, error) {
	switch def.Type {
	case discordgo.ApplicationCommandOptionString:
		return v, nil
	case discordgo.ApplicationCommandOptionInteger:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a whole number", v)
		}
		return n, nil
	case discordgo.ApplicationCommandOptionNumber:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", v)
		}
		return f, nil
	case discordgo.ApplicationCommandOptionBoolean:
		switch strings.ToLower(v) {
		case "true", "yes", "on", "1":
			return true, nil
		case "false", "no", "off", "0":
			return false, nil
		}
		return nil, fmt.Errorf("%q is not true or false", v)
	case discordgo.ApplicationCommandOptionUser:
		return c.userID(v)
	case discordgo.ApplicationCommandOptionRole:
		return c.roleID(v)
	case discordgo.ApplicationCommandOptionChannel:
		return c.channelID(v)
	case discordgo.ApplicationCommandOptionMentionable:
		if id, err := c.userID(v); err == nil {
			return id, nil
		}
		return c.roleID(v)
	}
	return nil, fmt.Errorf("the console cannot fill in %s options", def.Type)
}

// mentionID is the ID inside <@id>, <@!id>, <@&id> or <#id>, or v itself.
func mentionID(v string) string {
	if strings.HasPrefix(v, "<") && strings.HasSuffix(v, ">") {
		return strings.TrimLeft(v[1:len(v)-1], "@!&#")
	}
	return v
}

func isSnowflake(v string) bool {
	_, err := strconv.ParseUint(v, 10, 64)
	return err == nil && v != ""
}

func (c *Console) userID(v string) (string, error) {
	if id := mentionID(v); isSnowflake(id) {
		return id, nil
	}
	if id, ok := c.users[strings.ToLower(strings.TrimPrefix(v, "@"))]; ok {
		return id, nil
	}
	return "", fmt.Errorf("no user %q (/users lists them)", v)
}

func (c *Console) roleID(v string) (string, error) {
	if id := mentionID(v); isSnowflake(id) {
		return id, nil
	}
	want := strings.ToLower(strings.TrimPrefix(v, "@"))
	for _, id := range []string{c.World.ModRole, c.World.MemberRole, c.World.BotRole} {
		if r, ok := c.Server.Role(c.World.Guild, id); ok && strings.ToLower(r.Name) == want {
			return id, nil
		}
	}
	return "", fmt.Errorf("no role %q (Moderator, Member)", v)
}

func (c *Console) channelID(v string) (string, error) {
	if id := mentionID(v); isSnowflake(id) {
		return id, nil
	}
	want := strings.TrimPrefix(strings.ToLower(v), "#")
	for _, id := range []string{c.World.General, c.World.Welcome, c.World.Modlog} {
		if (names{c}).Channel(id) == want {
			return id, nil
		}
	}
	return "", fmt.Errorf("no channel %q (#general, #welcome, #modlog)", v)
}

func findOption(defs []*discordgo.ApplicationCommandOption, name string) *discordgo.ApplicationCommandOption {
	if name == "" {
		return nil
	}
	for _, d := range defs {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// nextOption is the first option, in definition order, not yet given.
func nextOption(defs []*discordgo.ApplicationCommandOption, given map[string]string) *discordgo.ApplicationCommandOption {
	for _, d := range defs {
		if _, ok := given[d.Name]; !ok {
			return d
		}
	}
	return nil
}

func optionList(defs []*discordgo.ApplicationCommandOption) string {
	if len(defs) == 0 {
		return "none"
	}
	var out []string
	for _, d := range defs {
		out = append(out, d.Name+":")
	}
	return strings.Join(out, " ")
}

func isSubcommand(d *discordgo.ApplicationCommandOption) bool {
	return d.Type == discordgo.ApplicationCommandOptionSubCommand || d.Type == discordgo.ApplicationCommandOptionSubCommandGroup
}

func hasSubcommands(defs []*discordgo.ApplicationCommandOption) bool {
	return slices.ContainsFunc(defs, isSubcommand)
}

func subcommandNames(defs []*discordgo.ApplicationCommandOption) []string {
	var out []string
	for _, d := range defs {
		if isSubcommand(d) {
			out = append(out, d.Name)
		}
	}
	return out
}
