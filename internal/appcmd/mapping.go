package appcmd

import (
	"cmp"
	"errors"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// Build maps cmds (top-level commands, e.g. Table.Commands()) and menus to
// the application commands of one scope, sorted by type and name so the
// payload and its hash do not depend on the order cogs were loaded in.
// Commands with Slash = SlashOff and Hidden ones are left out. Every
// definition Discord would reject is reported as a *DefinitionError (all of
// them, joined).
func Build(cmds []*command.Command, menus []command.ContextMenu) ([]*discordgo.ApplicationCommand, error) {
	var out []*discordgo.ApplicationCommand
	var errs []error
	for _, cmd := range cmds {
		if !registered(cmd) {
			continue
		}
		ac, err := chatInput(cmd)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, ac)
	}
	for _, m := range menus {
		ac, err := contextMenu(m)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, ac)
	}
	errs = append(errs, checkScope(out)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.SortStableFunc(out, func(a, b *discordgo.ApplicationCommand) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), strings.Compare(a.Name, b.Name))
	})
	return out, nil
}

// registered reports whether cmd is registered as an application command.
func registered(cmd *command.Command) bool {
	return cmd != nil && cmd.Slash != command.SlashOff && !cmd.Hidden
}

// chatInput maps one top-level command.
func chatInput(cmd *command.Command) (*discordgo.ApplicationCommand, error) {
	owner := "/" + command.SlashName(cmd.Name)
	if cmd.PrefixOff && cmd.Slash == command.SlashOff {
		return nil, defErr(owner, "both transports are off (PrefixOff and Slash off)")
	}
	name := command.SlashName(cmd.Name)
	if err := checkChatName(owner, "command", name); err != nil {
		return nil, err
	}
	desc := commandDescription(cmd)
	if err := checkDescription(owner, "command", desc); err != nil {
		return nil, err
	}
	opts, err := commandOptions(cmd, owner, 0)
	if err != nil {
		return nil, err
	}
	ac := &discordgo.ApplicationCommand{
		Type: discordgo.ChatApplicationCommand, Name: name, Description: desc, Options: opts,
		DefaultMemberPermissions: memberPermissions(cmd.Slash == command.SlashAdminOnly, requiredPermissions(cmd)),
		Contexts:                 contexts(guildOnly(cmd)), IntegrationTypes: guildInstall(),
	}
	if n := commandChars(ac); n > maxCommandChars {
		return nil, defErr(owner, "names, descriptions and choices add up to %d characters (Discord allows %d)", n, maxCommandChars)
	}
	return ac, nil
}

// commandDescription is cmd's description, or its usage line when it has
// none.
func commandDescription(cmd *command.Command) string {
	if strings.TrimSpace(cmd.Description) != "" {
		return cmd.Description
	}
	return command.Truncate(cmd.Usage("/"), maxDescriptionLen)
}

// commandOptions maps cmd's subcommands (depth 0: the top-level command,
// 1: a subcommand group, 2: a subcommand, which cannot have any), or its
// parameters when it has none. owner is cmd's slash path ("/config prefix").
func commandOptions(cmd *command.Command, owner string, depth int) ([]*discordgo.ApplicationCommandOption, error) {
	subs := visibleSubs(cmd)
	if len(subs) == 0 {
		return paramOptions(cmd, owner)
	}
	if depth > 1 {
		return nil, defErr(owner, "subcommands nest deeper than Discord allows (command ► group ► subcommand)")
	}
	var out []*discordgo.ApplicationCommandOption
	if def := command.DefaultSubcommand(cmd); def != "" {
		opt, err := defaultSub(cmd, owner, def)
		if err != nil {
			return nil, err
		}
		out = append(out, opt)
	}
	for _, sub := range subs {
		opt, err := subOption(sub, owner, depth)
		if err != nil {
			return nil, err
		}
		out = append(out, opt)
	}
	return out, checkOptionNames(owner, out)
}

// visibleSubs are the subcommands of cmd that are registered.
func visibleSubs(cmd *command.Command) []*command.Command {
	var out []*command.Command
	for _, s := range cmd.Subcommands {
		if registered(s) {
			out = append(out, s)
		}
	}
	return out
}

// defaultSub is the subcommand carrying cmd's own Run and parameters.
func defaultSub(cmd *command.Command, owner, name string) (*discordgo.ApplicationCommandOption, error) {
	if err := checkChatName(owner, "default subcommand", name); err != nil {
		return nil, err
	}
	opts, err := paramOptions(cmd, owner+" "+name)
	if err != nil {
		return nil, err
	}
	desc := commandDescription(cmd)
	if err := checkDescription(owner, "default subcommand "+name, desc); err != nil {
		return nil, err
	}
	return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: name, Description: desc, Options: opts}, nil
}

// subOption maps a subcommand to a SUB_COMMAND, or to a SUB_COMMAND_GROUP
// when it has subcommands of its own.
func subOption(sub *command.Command, parent string, depth int) (*discordgo.ApplicationCommandOption, error) {
	name := command.SlashName(sub.Name)
	owner := parent + " " + name
	if err := checkChatName(owner, "subcommand", name); err != nil {
		return nil, err
	}
	desc := commandDescription(sub)
	if err := checkDescription(owner, "subcommand", desc); err != nil {
		return nil, err
	}
	opts, err := commandOptions(sub, owner, depth+1)
	if err != nil {
		return nil, err
	}
	typ := discordgo.ApplicationCommandOptionSubCommand
	if len(visibleSubs(sub)) > 0 {
		typ = discordgo.ApplicationCommandOptionSubCommandGroup
	}
	return &discordgo.ApplicationCommandOption{Type: typ, Name: name, Description: desc, Options: opts}, nil
}

// checkOptionNames checks the count and uniqueness of one level of options.
func checkOptionNames(owner string, opts []*discordgo.ApplicationCommandOption) error {
	if len(opts) > maxOptions {
		return defErr(owner, "%d options or subcommands (Discord allows %d)", len(opts), maxOptions)
	}
	seen := make(map[string]bool, len(opts))
	for _, o := range opts {
		if seen[o.Name] {
			return defErr(owner, "two options or subcommands are called %q", o.Name)
		}
		seen[o.Name] = true
	}
	return nil
}

// runnables calls fn for cmd and every registered subcommand below it
// that has a Run.
func runnables(cmd *command.Command, fn func(*command.Command)) {
	if cmd.Run != nil || len(visibleSubs(cmd)) == 0 {
		fn(cmd)
	}
	for _, s := range visibleSubs(cmd) {
		runnables(s, fn)
	}
}

// requiredPermissions are the permission bits every runnable part of cmd
// needs: Discord shows the command to members who have all of them.
func requiredPermissions(cmd *command.Command) int64 {
	perms, first := int64(0), true
	runnables(cmd, func(c *command.Command) {
		if first {
			perms, first = c.Permissions, false
			return
		}
		perms &= c.Permissions
	})
	return perms
}

// guildOnly reports whether cmd or every runnable part of it is guild-only.
func guildOnly(cmd *command.Command) bool {
	all := true
	runnables(cmd, func(c *command.Command) { all = all && c.GuildOnly })
	return cmd.GuildOnly || all
}

// memberPermissions is default_member_permissions: "0" for admin-only,
// the bits when there are any, nil (everyone) otherwise.
func memberPermissions(adminOnly bool, perms int64) *int64 {
	switch {
	case adminOnly:
		zero := int64(0)
		return &zero
	case perms != 0:
		return &perms
	}
	return nil
}

// contexts are where a command may be used: servers only, or servers and
// DMs with the bot.
func contexts(guildOnly bool) *[]discordgo.InteractionContextType {
	c := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	if !guildOnly {
		c = append(c, discordgo.InteractionContextBotDM)
	}
	return &c
}

// guildInstall is integration_types [0]: cogd is installed to servers.
func guildInstall() *[]discordgo.ApplicationIntegrationType {
	return &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
}
