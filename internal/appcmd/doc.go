// Package appcmd turns cogd's command definitions into Discord application
// commands and registers them without burning Discord's limits.
//
// # Mapping
//
// Build maps every command (command.Command) and context menu
// (command.ContextMenu) to the payload of one bulk overwrite. Each
// parameter becomes an option from its declaration: String → STRING
// (min/max length, choices), Int → INTEGER and Float → NUMBER (min/max,
// choices), Bool → BOOLEAN, Member and User → USER, Role → ROLE,
// TextChannel → CHANNEL limited to text, announcement and thread channels,
// Duration and Custom → STRING (converted by cogd as typed text). A Rest
// parameter is a STRING taking the whole value. A Greedy parameter is one
// STRING option whose text cogd splits with command.Split and converts word
// by word (every word must convert). Subcommands become SUB_COMMAND and
// SUB_COMMAND_GROUP options; a command that has both its own Run and
// subcommands (`modlog [channel]` next to `modlog off`) gets one more
// subcommand that carries its Run and parameters, named by
// command.DefaultSubcommand ("set" when it has parameters, else "show",
// or Command.SlashDefault).
//
// Names are the definitions' names in lower case; descriptions are the
// definitions' (a parameter without one is described by its kind and
// limits, a command without one by its usage line). Whatever Discord would
// refuse — a bad name, a description over 100 characters, an optional
// parameter before a required one, more than 25 options or choices,
// subcommands nested deeper than Discord allows, too many commands — is a
// *DefinitionError naming the command, returned by Build at start-up.
//
// Permissions become default_member_permissions (the bits every runnable
// part of the command needs, so Discord hides it from members who can run
// none of it); Command.Slash = command.SlashAdminOnly sends "0"
// (administrators). Guild-only commands get contexts [0], the others [0, 1];
// integration_types is always [0] (installed to servers). cogd still runs
// every check on every invocation: server admins can override Discord's
// defaults.
//
// Commands with Slash = command.SlashOff and Hidden commands are not
// registered; owner commands are prefix-only (the owner cog sets SlashOff),
// so they are never shown in every server's command picker.
//
// # Sync
//
// Syncer.Sync registers one scope (global, or one guild of
// COMMAND_GUILD_IDS) with a single bulk overwrite and only when the
// definitions' hash differs from the one stored for the scope (mode auto),
// every time (always) or never (off). It never retries: a 429 is a
// *RateLimitedError carrying Discord's retry time. Syncer.DryRun reports
// what a sync would add, change and remove (one GET, no PUT).
package appcmd
