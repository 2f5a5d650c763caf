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

func (b *Bot) runHelp(ctx context.Context, cx *command.Context) error {
	t := b.Table()
	query := strings.TrimSpace(cx.String("query"))
	if query == "" {
		return sendPages(ctx, cx, command.HelpIndex(t, cx.Prefix, canRun(ctx, cx)))
	}
	if cmd := findCommand(t, query); cmd != nil && !cmd.Hidden {
		return cx.ReplyEmbed(ctx, command.HelpCommand(cmd, cx.Prefix))
	}
	for _, g := range t.Groups() {
		if strings.EqualFold(g.Name, query) {
			return cx.ReplyEmbed(ctx, command.HelpGroup(g, cx.Prefix))
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

// canRun is help's filter: only commands whose checks pass for the caller
// here are listed.
func canRun(ctx context.Context, cx *command.Context) func(*command.Command) bool {
	return func(cmd *command.Command) bool {
		return command.CanRun(ctx, cx, cmd) == nil
	}
}

// sendPages sends help pages, up to 10 embeds per message.
func sendPages(ctx context.Context, cx *command.Context, pages []*discordgo.MessageEmbed) error {
	for len(pages) > 0 {
		n := min(len(pages), 10)
		if _, err := cx.Send(ctx, &discordgo.MessageSend{Embeds: pages[:n]}); err != nil {
			return err
		}
		pages = pages[n:]
	}
	return nil
}
