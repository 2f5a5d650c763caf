package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// coreGroup is the name of the bot's own command group: commands that
// belong to the bot, not to a cog that can be unloaded.
const coreGroup = "bot"

// coreRegistration holds the bot's own commands (help).
func (b *Bot) coreRegistration() *registration {
	info := CogInfo{Name: coreGroup, Description: "The bot's own commands.", Permanent: true}
	return &registration{info: info, commands: []*command.Command{b.help()}, runs: map[string]command.RunFunc{}, log: b.log}
}

// help is the help command.
func (b *Bot) help() *command.Command {
	return &command.Command{
		Name:        "help",
		Aliases:     []string{"commands", "h"},
		Description: "Lists the commands you can use, or explains one command or cog.",
		Examples:    []string{"help", "help ping", "help utility"},
		Params:      []command.Param{command.String("query", "a command or cog name").Optional("").Rest().Complete(b.completeHelp)},
		Run:         b.runHelp,
	}
}

// runHelp answers help: the index, one command or one cog, showing the
// caller only what they can run (command.AccessFor); a command they cannot
// run is explained with the reason rather than hidden.
func (b *Bot) runHelp(ctx context.Context, cx *command.Context) error {
	t := b.Table()
	view := command.ViewerFor(ctx, cx)
	query := strings.TrimSpace(cx.String("query"))
	if query == "" {
		return sendPages(ctx, cx, command.HelpIndex(t, cx.Prefix, view))
	}
	if cmd := findCommand(t, query); cmd != nil && !cmd.Hidden {
		return cx.ReplyEmbed(ctx, command.HelpCommand(cmd, cx.Prefix, view))
	}
	for _, g := range t.Groups() {
		if strings.EqualFold(g.Name, query) {
			return sendPages(ctx, cx, command.HelpGroup(g, cx.Prefix, view))
		}
	}
	return helpNotFound(t, cx.Prefix, query)
}

// findCommand resolves "warnings list" style queries to the deepest
// command.
func findCommand(t *command.Table, query string) *command.Command {
	name, rest, _ := strings.Cut(query, " ")
	cmd := t.Find(name)
	if cmd == nil {
		return nil
	}
	sub, _ := t.Resolve(cmd, rest)
	return sub
}

func helpNotFound(t *command.Table, prefix, query string) error {
	if s := t.Suggest(query); len(s) > 0 {
		return &command.UserError{Msg: fmt.Sprintf("There is no command or cog called “%s”. Did you mean `%s%s`? Type `%shelp` for the list.",
			command.Escape(command.Truncate(query, 40)), prefix, s[0], prefix)}
	}
	return &command.UserError{Msg: fmt.Sprintf("There is no command or cog called “%s”. Type `%shelp` for the list.",
		command.Escape(command.Truncate(query, 40)), prefix)}
}

// sendPages sends help pages within Discord's limits per message (10
// embeds, 6000 characters across them): the first message answers the
// invocation, the others follow in the channel.
func sendPages(ctx context.Context, cx *command.Context, pages []*discordgo.MessageEmbed) error {
	for i, embeds := range command.MessagePages(pages) {
		m := &discordgo.MessageSend{Embeds: embeds}
		var err error
		if i == 0 {
			_, err = cx.Respond(ctx, m)
		} else {
			_, err = cx.Send(ctx, m)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// helpChoices bounds the suggestions of help's autocomplete (Discord's
// limit).
const helpChoices = 25

// completeHelp suggests what help can explain to the caller: the commands
// (and subcommands) they can run whose name starts with what was typed,
// then those whose name contains it, then the cogs with a command they
// can run; alphabetical within each kind.
func (b *Bot) completeHelp(ctx context.Context, cx *command.Context, typed string) ([]command.Choice, error) {
	t := b.Table()
	view := command.ViewerFor(ctx, cx)
	typed = strings.ToLower(strings.Join(strings.Fields(typed), " "))
	var prefixed, containing []command.Choice
	for _, cmd := range runnable(t.Commands(), view) {
		name := cmd.QualifiedName()
		ch := command.Choice{Name: name + " — " + cmd.Description, Value: name}
		switch lower := strings.ToLower(name); {
		case strings.HasPrefix(lower, typed):
			prefixed = append(prefixed, ch)
		case strings.Contains(lower, typed):
			containing = append(containing, ch)
		}
	}
	out := slices.Concat(sortChoices(prefixed), sortChoices(containing), cogChoices(t, view, typed))
	return out[:min(len(out), helpChoices)], nil
}

// runnable lists the visible commands of cmds and their subcommands that
// view allows, parents before their subcommands.
func runnable(cmds []*command.Command, view command.Viewer) []*command.Command {
	var out []*command.Command
	for _, cmd := range cmds {
		if cmd.Hidden {
			continue
		}
		if view(cmd).Allowed {
			out = append(out, cmd)
		}
		out = append(out, runnable(cmd.Subcommands, view)...)
	}
	return out
}

// cogChoices are the cogs whose name starts with typed and that have a
// command view allows.
func cogChoices(t *command.Table, view command.Viewer, typed string) []command.Choice {
	var out []command.Choice
	for _, g := range t.Groups() {
		if strings.HasPrefix(strings.ToLower(g.Name), typed) && len(runnable(g.Commands, view)) > 0 {
			out = append(out, command.Choice{Name: g.Name + " — cog: " + g.Description, Value: g.Name})
		}
	}
	return sortChoices(out)
}

// sortChoices sorts choices by value.
func sortChoices(cs []command.Choice) []command.Choice {
	slices.SortFunc(cs, func(a, b command.Choice) int { return strings.Compare(a.Value, b.Value) })
	return cs
}
