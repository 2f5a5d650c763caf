package bot

import (
	"context"
	"fmt"
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
		Params:      []command.Param{command.String("query", "a command or cog name").Optional("").Rest()},
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
