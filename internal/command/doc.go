// Package command is cogd's prefix-command framework: what a cog declares
// (Command, Param, Check, Cooldown), how a message's text becomes typed
// arguments (Split, Tokenize, Parse and the converters), and the pieces the
// dispatcher in internal/bot assembles around a command (Table, Prepare, the
// typed errors and the help renderers).
//
// # Declaring a command
//
// Parameters are declared with typed constructors and read back with typed
// accessors, so a handler never type-asserts:
//
//	points := command.Int("points", "how many points").Optional(1).Min(1).Max(10)
//	cmd := &command.Command{
//		Name:        "warn",
//		Description: "Warn a member.",
//		Params: []command.Param{
//			command.Member("member", "who to warn"),
//			points,
//			command.String("reason", "why").Optional("").Rest(),
//		},
//		Permissions: discordgo.PermissionModerateMembers,
//		GuildOnly:   true,
//		Run: func(ctx context.Context, c *command.Context) error {
//			m := c.Member("member")
//			return c.Reply(ctx, fmt.Sprintf("warned %s (+%d)", m.User.Username, points.Get(c)))
//		},
//	}
//
// # Flow
//
// The dispatcher looks the first word up with Table.Find, descends into
// subcommands with Table.Resolve and runs the RunFunc that Prepare built once
// for the command: checks ► cooldown ► Parse ► Run. Every failure a user can
// cause is a typed error (UsageError, ConversionError, CheckError,
// MissingPermissionsError, BotMissingPermissionsError, CooldownError,
// ConcurrencyError, UserError, NotFoundError) whose Error() is a sentence safe
// to show; ErrSilent means "handled, say nothing". Typed errors are always
// returned as pointers; match them with errors.As.
//
// # Quoting
//
// Split implements the rules of shared/acceptance/README.md: Unicode
// whitespace separates words, 17 quote pairs group words, and quote
// characters inside a word (don’t, 5'10") are literal.
//
// The package holds no mutable package-level state: a Table is immutable after
// NewTable, and cooldown state lives in the RunFunc built by Prepare.
package command
