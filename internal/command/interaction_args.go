package command

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// Option and Resolved are the parts of an application-command interaction
// that carry argument values.
type (
	// Option is one option of a received interaction.
	Option = discordgo.ApplicationCommandInteractionDataOption
	// Resolved holds the users, members, roles, channels and messages an
	// interaction's options and target refer to.
	Resolved = discordgo.ApplicationCommandInteractionDataResolved
)

// optionValue is one received option's value with the interaction's
// resolved objects.
type optionValue struct {
	raw      any
	resolved *Resolved
}

// resolveFunc takes the object with ID id from r; ok is false when r does
// not hold it (the converter then looks it up like a typed ID).
type resolveFunc[T any] func(c *Context, id string, r *Resolved) (v T, ok bool, err error)

// resolving sets how the parameter takes its value from resolved data.
func (a *Arg[T]) resolving(fn resolveFunc[T]) *Arg[T] {
	a.resolve = fn
	return a
}

// bindOption converts one option value the way bind converts typed text:
// a Discord object from resolved, anything else through the converter and
// the bounds, a greedy parameter split with Split.
func (a *Arg[T]) bindOption(ctx context.Context, c *Context, v optionValue) (any, error) {
	text, err := optionText(v.raw)
	if err != nil {
		return nil, describe(err, a.info.Name, "")
	}
	if a.info.Greedy {
		return a.bindWords(ctx, c, text)
	}
	if a.resolve != nil && v.resolved != nil {
		x, ok, err := a.resolve(c, text, v.resolved)
		if err != nil {
			return nil, describe(err, a.info.Name, text)
		}
		if ok {
			return x, nil
		}
	}
	return a.one(ctx, c, text)
}

// bindWords converts every word of text; unlike the prefix form, where a
// greedy parameter stops at the first word not of its kind, the whole
// option belongs to the parameter, so every word must convert.
func (a *Arg[T]) bindWords(ctx context.Context, c *Context, text string) (any, error) {
	words, err := Split(text)
	if err != nil {
		return nil, err
	}
	if len(words) == 0 {
		return nil, &UsageError{Problem: MissingArgument, Param: a.info.Name}
	}
	out := make([]T, 0, len(words))
	for _, w := range words {
		v, err := a.one(ctx, c, w)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// optionText renders a decoded JSON option value as the text a prefix user
// would type. Values are decoded defensively: Discord sends autocomplete
// values as strings even for numeric options, so no type is assumed.
func optionText(raw any) (string, error) {
	switch v := raw.(type) {
	case string:
		return v, nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(v), nil
	case json.Number:
		return v.String(), nil
	}
	return "", BadArgument("is not a value of the right kind")
}

// BindOptions converts the options of an application-command interaction
// into c's values, following cmd.Params, so that Value, Get and the
// Context accessors work as after Parse. opts are the options of cmd
// itself (FindInteraction returns them); resolved is the interaction's
// resolved data (may be nil). Each value goes through the parameter's
// converter and bounds; Discord objects come from resolved. Errors are the
// prefix path's: *UsageError for a missing required or an unknown option,
// *ConversionError for a bad value.
func BindOptions(ctx context.Context, c *Context, cmd *Command, opts []*Option, resolved *Resolved) error {
	byName, err := optionsByName(opts)
	if err != nil {
		return err
	}
	c.args = c.args[:0]
	for _, p := range cmd.Params {
		info := p.Info()
		opt := byName[SlashName(info.Name)]
		delete(byName, SlashName(info.Name))
		if opt == nil || opt.Value == nil {
			if !info.Optional {
				return &UsageError{Problem: MissingArgument, Param: info.Name}
			}
			c.args = append(c.args, boundArg{name: info.Name, value: p.fallback()})
			continue
		}
		v, err := p.bindOption(ctx, c, optionValue{raw: opt.Value, resolved: resolved})
		if err != nil {
			return err
		}
		c.args = append(c.args, boundArg{name: info.Name, value: v, given: true})
	}
	if len(byName) > 0 {
		return &UsageError{Problem: TooManyArguments, Detail: slices.Sorted(maps.Keys(byName))[0]}
	}
	return nil
}

// optionsByName indexes value options by name; a subcommand among them or
// a repeated name is a TooManyArguments error.
func optionsByName(opts []*Option) (map[string]*Option, error) {
	byName := make(map[string]*Option, len(opts))
	for _, o := range opts {
		if o == nil {
			continue
		}
		if _, dup := byName[o.Name]; dup || isSubcommandOption(o) {
			return nil, &UsageError{Problem: TooManyArguments, Detail: o.Name}
		}
		byName[o.Name] = o
	}
	return byName, nil
}

func isSubcommandOption(o *Option) bool {
	return o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup
}

// FindInteraction finds the (sub)command an application-command
// interaction names and returns it with its own options: name is the
// interaction's command name, opts its top-level options. The subcommand
// named by DefaultSubcommand leads to the command itself. A command that
// is not registered (Slash off, Hidden) or an unknown subcommand is a
// *NotFoundError; a group without Run reached without a subcommand is a
// MissingSubcommand *UsageError.
func (t *Table) FindInteraction(name string, opts []*Option) (*Command, []*Option, error) {
	cmd := t.Find(name)
	if cmd == nil || cmd.Slash == SlashOff || cmd.Hidden {
		return nil, nil, &NotFoundError{Name: name}
	}
	for len(opts) == 1 && opts[0] != nil && isSubcommandOption(opts[0]) {
		sub := lookup(cmd.subs, opts[0].Name)
		switch {
		case sub == nil && cmd.Run != nil && SlashName(opts[0].Name) == DefaultSubcommand(cmd):
			return cmd, opts[0].Options, nil
		case sub == nil || sub.Hidden:
			return nil, nil, &NotFoundError{Name: cmd.QualifiedName() + " " + opts[0].Name}
		}
		cmd, opts = sub, opts[0].Options
	}
	if cmd.Run == nil {
		return nil, nil, &UsageError{Problem: MissingSubcommand}
	}
	return cmd, opts, nil
}

// Focused returns the name and typed text of the focused option of an
// autocomplete interaction, looking into subcommands; ok is false when no
// option is focused. The text is decoded defensively (a string even for
// numeric options).
func Focused(opts []*Option) (name, text string, ok bool) {
	for _, o := range opts {
		switch {
		case o == nil:
		case isSubcommandOption(o):
			if name, text, ok = Focused(o.Options); ok {
				return name, text, true
			}
		case o.Focused:
			text, _ = optionText(o.Value)
			return o.Name, text, true
		}
	}
	return "", "", false
}
