package command

import (
	"context"
	"strings"
	"time"
)

// RunFunc runs a command. ctx carries the per-command timeout and the
// process context.
type RunFunc func(ctx context.Context, c *Context) error

// Middleware wraps a RunFunc (the chi idiom).
type Middleware func(next RunFunc) RunFunc

// Chain wraps run in mws so that the first middleware is outermost:
// Chain(run, a, b, c) = a(b(c(run))). The chain is built once, not per call.
func Chain(run RunFunc, mws ...Middleware) RunFunc {
	for i := len(mws) - 1; i >= 0; i-- {
		run = mws[i](run)
	}
	return run
}

// Check decides whether a command may run; it returns nil to allow it or a
// typed error (CheckError, MissingPermissionsError, …) to refuse.
type Check func(ctx context.Context, c *Context) error

// Command is a prefix command as a cog declares it. NewTable copies the
// commands it is given and fills in the cog name and parent, so a Command
// value should be treated as read-only once it is in a Table.
type Command struct {
	// Name is what users type; it must be one word.
	Name string
	// Description is one sentence shown in help.
	Description string
	// Aliases are other names for the command.
	Aliases []string
	// Examples are invocations without the prefix, e.g. "warn @alice 2 spamming".
	Examples []string
	// Params declares the arguments, in order.
	Params []Param
	// Checks run before the cooldown and argument parsing.
	Checks []Check
	// Cooldown limits how often the command runs; nil means no limit.
	Cooldown *Cooldown
	// GuildOnly refuses the command in direct messages.
	GuildOnly bool
	// Hidden leaves the command out of help listings and suggestions.
	Hidden bool
	// Timeout overrides the dispatcher's default per-command timeout (0 = default).
	Timeout time.Duration
	// Permissions are the Discord permission bits the invoker needs in the channel.
	Permissions int64
	// BotPermissions are the Discord permission bits the bot needs in the channel.
	BotPermissions int64
	// Subcommands are commands reached as "parent sub …".
	Subcommands []*Command
	// Run is the handler; a command with Subcommands may leave it nil.
	Run RunFunc
	// Slash says whether and for whom the command is also registered as an
	// application (slash) command; the zero value registers it.
	Slash SlashMode
	// PrefixOff makes the command slash-only: the prefix dispatcher does
	// not run it (it still shows in help, as /name).
	PrefixOff bool
	// SlashDefault names the slash subcommand that carries the command's own
	// Run and Params when it also has Subcommands (Discord cannot invoke a
	// command that has subcommands by itself); "" means DefaultSubcommand's
	// choice, "set" or "show".
	SlashDefault string

	cog         string
	parent      *Command
	groupChecks []Check
	subs        map[string]*Command
}

// QualifiedName returns the names from the top-level command down to c,
// separated by spaces, e.g. "warnings list".
func (c *Command) QualifiedName() string {
	if c.parent == nil {
		return c.Name
	}
	return c.parent.QualifiedName() + " " + c.Name
}

// Cog returns the name of the group the command was registered in by
// NewTable ("" before that).
func (c *Command) Cog() string { return c.cog }

// Parent returns the command c is a subcommand of, or nil.
func (c *Command) Parent() *Command { return c.parent }

// GroupChecks returns the cog-level checks NewTable attached to c.
func (c *Command) GroupChecks() []Check { return c.groupChecks }

// Usage returns a one-line synopsis generated from Params, e.g.
// "!warn <member> [points=1] [reason…]".
func (c *Command) Usage(prefix string) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteString(c.QualifiedName())
	if c.Run == nil && len(c.Subcommands) > 0 {
		b.WriteString(" <")
		b.WriteString(subcommandNames(c))
		b.WriteString(">")
		return b.String()
	}
	for _, p := range c.Params {
		b.WriteByte(' ')
		b.WriteString(paramSynopsis(p.Info()))
	}
	return b.String()
}

func subcommandNames(c *Command) string {
	names := make([]string, 0, len(c.Subcommands))
	for _, s := range c.Subcommands {
		if !s.Hidden {
			names = append(names, s.Name)
		}
	}
	return strings.Join(names, "|")
}

// paramSynopsis renders one parameter: <name>, [name], [name=default],
// <name…> for rest-of-line and greedy parameters.
func paramSynopsis(in ParamInfo) string {
	name := in.Name
	if in.Rest || in.Greedy {
		name += "…"
	}
	if !in.Optional {
		return "<" + name + ">"
	}
	if in.Default != "" {
		return "[" + name + "=" + in.Default + "]"
	}
	return "[" + name + "]"
}
