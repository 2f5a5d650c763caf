package command

import "strings"

// SlashMode says how a Command is registered as an application command.
type SlashMode int

// The slash modes.
const (
	// SlashOn registers the command for everyone Discord lets use it (its
	// Permissions become default_member_permissions). It is the zero value.
	SlashOn SlashMode = iota
	// SlashOff keeps the command prefix-only: it is not registered.
	SlashOff
	// SlashAdminOnly registers the command with default_member_permissions
	// "0": Discord shows it to administrators only (server admins may
	// widen that in Integrations settings; the command's checks still run).
	SlashAdminOnly
)

// String returns the mode's name.
func (m SlashMode) String() string {
	switch m {
	case SlashOn:
		return "on"
	case SlashOff:
		return "off"
	case SlashAdminOnly:
		return "admin-only"
	}
	return "unknown"
}

// SlashName is the application-command name of a command, subcommand or
// parameter called name: its lower case (Discord's names are lower-case).
func SlashName(name string) string { return strings.ToLower(name) }

// DefaultSubcommand is the slash name of the subcommand that carries the
// Run and Params of cmd, a command with its own Run and Subcommands:
// cmd.SlashDefault when set, else "set" when cmd has parameters (it is
// then usually "shows or sets"), else "show". It is "" for commands that do
// not need one.
func DefaultSubcommand(cmd *Command) string {
	switch {
	case cmd.Run == nil || len(cmd.Subcommands) == 0:
		return ""
	case cmd.SlashDefault != "":
		return SlashName(cmd.SlashDefault)
	case len(cmd.Params) > 0:
		return "set"
	}
	return "show"
}

// MenuType is the kind of a context-menu command.
type MenuType int

// The context-menu types, numbered as Discord numbers application command
// types.
const (
	// UserMenu is a command in a user's context menu ("Apps" ► name).
	UserMenu MenuType = 2
	// MessageMenu is a command in a message's context menu.
	MessageMenu MenuType = 3
)

// ContextMenu is a user or message context-menu command as a cog declares
// it. Its Run finds the target with TargetUser, TargetMember or
// TargetMessage.
type ContextMenu struct {
	// Name is shown in the menu: 1 to 32 characters, any case, spaces allowed.
	Name string
	// Type is UserMenu or MessageMenu.
	Type MenuType
	// Permissions are the Discord permission bits the invoker needs; they
	// also become default_member_permissions.
	Permissions int64
	// BotPermissions are the Discord permission bits the bot needs.
	BotPermissions int64
	// GuildOnly registers the menu for servers only (contexts [0]).
	GuildOnly bool
	// AdminOnly registers the menu with default_member_permissions "0".
	AdminOnly bool
	// Checks run before Run.
	Checks []Check
	// Run is the handler.
	Run RunFunc
}
