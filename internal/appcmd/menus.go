package appcmd

import (
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// contextMenu maps a user or message context-menu command.
func contextMenu(m command.ContextMenu) (*discordgo.ApplicationCommand, error) {
	owner := "menu " + m.Name
	if n := utf8.RuneCountInString(m.Name); strings.TrimSpace(m.Name) == "" || n > maxNameLen {
		return nil, defErr(owner, "context-menu name %q is not 1 to %d characters", m.Name, maxNameLen)
	}
	if m.Type != command.UserMenu && m.Type != command.MessageMenu {
		return nil, defErr(owner, "context-menu type %d is neither user (2) nor message (3)", m.Type)
	}
	if m.Run == nil {
		return nil, defErr(owner, "no Run")
	}
	return &discordgo.ApplicationCommand{
		Type: discordgo.ApplicationCommandType(m.Type), Name: m.Name,
		DefaultMemberPermissions: memberPermissions(m.AdminOnly, m.Permissions),
		Contexts:                 contexts(m.GuildOnly), IntegrationTypes: guildInstall(),
	}, nil
}

// checkScope checks the counts and names across one scope's commands:
// at most 100 chat-input, 15 user and 15 message commands, names unique
// per type.
func checkScope(cmds []*discordgo.ApplicationCommand) []error {
	var errs []error
	counts := map[discordgo.ApplicationCommandType]int{}
	seen := map[discordgo.ApplicationCommandType]map[string]bool{}
	for _, c := range cmds {
		counts[c.Type]++
		if seen[c.Type] == nil {
			seen[c.Type] = map[string]bool{}
		}
		if seen[c.Type][c.Name] {
			errs = append(errs, defErr(c.Name, "two commands of the same type are called %q", c.Name))
		}
		seen[c.Type][c.Name] = true
	}
	for _, l := range []struct {
		typ   discordgo.ApplicationCommandType
		limit int
	}{{discordgo.ChatApplicationCommand, maxChatCommands}, {discordgo.UserApplicationCommand, maxMenuCommands},
		{discordgo.MessageApplicationCommand, maxMenuCommands}} {
		if counts[l.typ] > l.limit {
			errs = append(errs, defErr("(all)", "%d commands of type %d (Discord allows %d)", counts[l.typ], l.typ, l.limit))
		}
	}
	return errs
}

// commandChars is the combined length of the names, descriptions and
// choice names and values of cmd and all its options.
func commandChars(cmd *discordgo.ApplicationCommand) int {
	n := utf8.RuneCountInString(cmd.Name) + utf8.RuneCountInString(cmd.Description)
	for _, o := range cmd.Options {
		n += optionChars(o)
	}
	return n
}

func optionChars(o *discordgo.ApplicationCommandOption) int {
	n := utf8.RuneCountInString(o.Name) + utf8.RuneCountInString(o.Description)
	for _, c := range o.Choices {
		n += utf8.RuneCountInString(c.Name)
		if s, ok := c.Value.(string); ok {
			n += utf8.RuneCountInString(s)
		}
	}
	for _, sub := range o.Options {
		n += optionChars(sub)
	}
	return n
}
